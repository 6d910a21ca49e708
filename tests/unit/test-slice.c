/* The slice against the whole store, on the fixture policy: it must declare
 * exactly what the store declares, keep every rule of an allowed parent and
 * drop rules no module type can reach. */
#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/cil_compile.h"
#include "libsepm/policydb.h"
#include "libsepm/system_policy.h"
#include "libsepm/util.h"

static struct sepm_system_policy *sys;
static policydb_t *slice_alone;

static void
test_slice_is_small (void)
{
  CU_ASSERT (sys->slice.len > 0);
  CU_ASSERT_PTR_NULL (strstr (sys->slice.text, "(optional "));
  CU_ASSERT_PTR_NULL (strstr (sys->slice.text, "(filecon "));
  CU_ASSERT_PTR_NOT_NULL (strstr (sys->slice.text, "(neverallow "));
  /* container_t's own rules stay; a rule of an unrelated domain goes. */
  CU_ASSERT_PTR_NOT_NULL (strstr (sys->slice.text, "(allow container_t self (capability (chown"));
  CU_ASSERT_PTR_NULL (strstr (sys->slice.text, "(allow sysadm_t "));
  fprintf (stderr, "avtab entries: slice %u, store %u\n", slice_alone->te_avtab.nel, sys->base->te_avtab.nel);
  CU_ASSERT (slice_alone->te_avtab.nel < sys->base->te_avtab.nel / 8);
}

static void
test_same_types_and_attributes (void)
{
  policydb_t *b = sys->base;
  size_t compared = 0;

  CU_ASSERT_EQUAL (slice_alone->p_types.nprim, b->p_types.nprim);
  for (uint32_t v = 1; v <= b->p_types.nprim; v++)
    {
      const char *name = b->p_type_val_to_name[v - 1];
      uint32_t sv = sepm_policydb_type_value (slice_alone, name);
      const char **ba, **sa;
      if (sv == 0)
        {
          CU_FAIL ("a type of the store is missing from the slice");
          fprintf (stderr, "missing: %s\n", name);
          continue;
        }
      ba = sepm_policydb_type_attributes (b, v);
      sa = sepm_policydb_type_attributes (slice_alone, sv);
      size_t i = 0;
      for (; ba[i] && sa[i]; i++)
        if (strcmp (ba[i], sa[i]) != 0)
          break;
      if (ba[i] || sa[i])
        {
          CU_FAIL ("attribute memberships differ");
          fprintf (stderr, "%s: %s vs %s\n", name, ba[i] ? ba[i] : "-", sa[i] ? sa[i] : "-");
        }
      compared++;
      free (ba);
      free (sa);
    }
  CU_ASSERT (compared > 4000);
}

static void
test_same_roles_booleans_constraints (void)
{
  policydb_t *b = sys->base;

  CU_ASSERT_EQUAL (slice_alone->p_roles.nprim, b->p_roles.nprim);
  CU_ASSERT_EQUAL (slice_alone->p_users.nprim, b->p_users.nprim);
  CU_ASSERT_EQUAL (slice_alone->p_bools.nprim, b->p_bools.nprim);
  CU_ASSERT_EQUAL (slice_alone->p_classes.nprim, b->p_classes.nprim);
  for (uint32_t r = 0; r < b->p_roles.nprim; r++)
    {
      role_datum_t *sr = hashtab_search (slice_alone->p_roles.table, b->p_role_val_to_name[r]);
      CU_ASSERT_PTR_NOT_NULL_FATAL (sr);
      if (strcmp (b->p_role_val_to_name[r], "object_r") != 0)
        CU_ASSERT_EQUAL (ebitmap_cardinality (&sr->types.types),
                         ebitmap_cardinality (&b->role_val_to_struct[r]->types.types));
    }
  for (uint32_t c = 0; c < b->p_classes.nprim; c++)
    {
      size_t nb = 0, ns = 0;
      class_datum_t *sc = hashtab_search (slice_alone->p_classes.table, b->p_class_val_to_name[c]);
      for (constraint_node_t *n = b->class_val_to_struct[c]->constraints; n; n = n->next)
        nb++;
      for (constraint_node_t *n = sc->constraints; n; n = n->next)
        ns++;
      CU_ASSERT_EQUAL (nb, ns);
    }
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "the slice is small and keeps the parents' rules", test_slice_is_small },
    { "the slice has the store's types and attribute memberships", test_same_types_and_attributes },
    { "the slice has the store's roles, booleans and constraints", test_same_roles_booleans_constraints },
    { NULL, NULL },
  };
  struct sepm_profile *profile = sepm_profile_default ();
  const char *cache = getenv ("SEPM_TEST_CACHE");
  struct sepm_store_ref store;
  sepm_store_ref_resolve (unit_fixture_root (), NULL, &store);
  struct sepm_system_options opts = { .store = &store, .cache_dir = cache,
                                      .mode = SEPM_MODE_FAST, .profile = profile };
  struct sepm_cil_options copts = { 0 };
  struct sepm_cil_result res;
  sepm_error_t err = NULL;
  int rc;

  /* The whole store's base too: fast mode reads it only when needed. */
  if (sepm_system_policy_open (&opts, &sys, &err) < 0 || sepm_system_policy_load_exact (sys, &err) < 0)
    {
      fprintf (stderr, "%s\n", err->msg);
      return 1;
    }
  if (sepm_cil_compile (sys->fast_sources, sys->n_fast_sources, &copts, &res, &err) != 0)
    {
      fprintf (stderr, "the slice does not compile alone\n");
      return 1;
    }
  slice_alone = res.pdb;
  rc = unit_run ("slice", tests);
  sepm_cil_result_release (&res);
  sepm_system_policy_free (sys);
  sepm_profile_free (profile);
  sepm_store_ref_release (&store);
  return rc;
}
