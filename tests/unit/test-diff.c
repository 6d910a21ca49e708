/* The diff is complete: changing any one component of a compiled policy,
 * in memory, is reported with that component's rule id; an unchanged
 * policy gives no finding.  The policy is the fixture's installed one,
 * read twice (base and "combined"). */
#include <config.h>

#include <string.h>

#include "diff.h"
#include "findings.h"
#include "policydb.h"
#include "policy_compare.h"
#include "unit.h"

#include <sepol/policydb/avtab.h>
#include <sepol/policydb/constraint.h>

static policydb_t *base, *comb;
static char *no_aux[SEPM_AUX_COUNT] = { "", "", "", "" };
static size_t no_aux_len[SEPM_AUX_COUNT];

static policydb_t *
read_fixture (void)
{
  char path[4096];
  policydb_t *p = NULL;
  sepm_error_t err = NULL;

  snprintf (path, sizeof (path), "%s/etc/selinux/default/policy/policy.33", unit_fixture_root ());
  if (sepm_policydb_from_file (path, &p, &err) < 0)
    {
      fprintf (stderr, "%s\n", err->msg);
      exit (77);
    }
  return p;
}

static void
reset (void)
{
  if (comb)
    sepm_policydb_free (comb);
  comb = read_fixture ();
}

/* Run the whole diff of COMB against BASE; the rule ids found. */
static void
diff_with_aux (struct sepm_findings *out, char **comb_aux)
{
  struct sepm_compare cmp;
  static const uint32_t none[] = { 0 };
  struct sepm_obligation_context ctx = {
    .cmp = &cmp, .domain_parents = none, .object_parents = none, .findings = out,
    .base_aux = no_aux, .base_aux_len = no_aux_len,
    .comb_aux = comb_aux, .comb_aux_len = no_aux_len,
  };
  size_t lens[SEPM_AUX_COUNT];

  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    lens[k] = strlen (comb_aux[k]);
  ctx.comb_aux_len = lens;
  memset (out, 0, sizeof (*out));
  sepm_compare_init (&cmp, base, comb);
  sepm_diff_check (&ctx);
  sepm_compare_release (&cmp);
}

static void
diff (struct sepm_findings *out)
{
  diff_with_aux (out, no_aux);
}

static void
expect (const char *rule_id, const char *what)
{
  struct sepm_findings f;
  diff (&f);
  if (!sepm_findings_has (&f, rule_id))
    fprintf (stderr, "%s: expected %s, got %zu findings%s%s\n", what, rule_id, f.n, f.n ? ", first " : "",
             f.n ? f.items[0].rule_id : "");
  CU_ASSERT (sepm_findings_has (&f, rule_id));
  sepm_findings_release (&f);
  reset ();
}

static uint32_t
type_value (policydb_t *p, const char *name)
{
  type_datum_t *t = hashtab_search (p->p_types.table, (hashtab_key_t) name);
  CU_ASSERT_FATAL (t != NULL);
  return t->s.value;
}

static void
test_unchanged (void)
{
  struct sepm_findings f;
  reset ();
  diff (&f);
  for (size_t i = 0; i < f.n; i++)
    fprintf (stderr, "unexpected: %s %s\n", f.items[i].rule_id, f.items[i].message);
  CU_ASSERT_EQUAL (f.n, 0);
  sepm_findings_release (&f);
}

static void
test_symbols (void)
{
  reset ();
  comb->handle_unknown ^= 1;
  expect ("system.header", "handle_unknown");

  class_datum_t *file = hashtab_search (comb->p_classes.table, (hashtab_key_t) "file");
  CU_ASSERT_FATAL (file != NULL);
  file->default_type = DEFAULT_SOURCE;
  expect ("system.default", "default_type");

  file = hashtab_search (comb->p_classes.table, (hashtab_key_t) "file");
  perm_datum_t *read = hashtab_search (file->comdatum->permissions.table, (hashtab_key_t) "read");
  CU_ASSERT_FATAL (read != NULL);
  read->s.value = 31;
  expect ("system.class", "a permission's bit");

  file = hashtab_search (comb->p_classes.table, (hashtab_key_t) "file");
  CU_ASSERT_FATAL (file->constraints != NULL);
  file->constraints->permissions ^= 1;
  expect ("system.constraint", "a constraint's permissions");

  role_datum_t *sys = hashtab_search (comb->p_roles.table, (hashtab_key_t) "system_r");
  CU_ASSERT_FATAL (sys != NULL);
  ebitmap_set_bit (&sys->types.types, type_value (comb, "shadow_t") - 1, 1);
  expect ("system.role", "a role's types");

  type_datum_t *init = hashtab_search (comb->p_types.table, (hashtab_key_t) "init_t");
  init->bounds = type_value (comb, "container_t");
  expect ("system.type", "a system type's bounds");

  ebitmap_set_bit (&comb->type_attr_map[type_value (comb, "init_t") - 1], type_value (comb, "container_domain") - 1,
                   1);
  expect ("system.attribute", "an attribute membership");

  type_datum_t *alias = hashtab_search (comb->p_types.table, (hashtab_key_t) "svirt_lxc_net_t");
  CU_ASSERT_FATAL (alias != NULL && !alias->primary);
  alias->s.value = type_value (comb, "init_t");
  expect ("system.alias", "an alias's target");

  user_datum_t *user = hashtab_search (comb->p_users.table, (hashtab_key_t) "user_u");
  CU_ASSERT_FATAL (user != NULL);
  ebitmap_set_bit (&user->exp_range.level[1].cat, 7, 1);
  expect ("system.user", "a user's range");

  CU_ASSERT_FATAL (comb->p_bools.nprim > 0);
  comb->bool_val_to_struct[0]->state ^= 1;
  expect ("system.boolean", "a boolean's default");

  cat_datum_t *c0 = hashtab_search (comb->p_cats.table, (hashtab_key_t) "c0");
  CU_ASSERT_FATAL (c0 != NULL);
  c0->isalias = 1;
  expect ("system.mls", "a category");

  unsigned cap = 0;
  while (cap < 8 && ebitmap_get_bit (&comb->policycaps, cap))
    cap++;
  CU_ASSERT_FATAL (cap < 8);
  ebitmap_set_bit (&comb->policycaps, cap, 1);
  expect ("system.policycap", "a policy capability");

  ebitmap_set_bit (&comb->permissive_map, type_value (comb, "init_t"), 1);
  expect ("system.permissive", "a permissive type");

  comb->policyvers = POLICYDB_VERSION_MAX + 1;
  expect ("system.unknown", "a format version the diff does not know");
}

static void
test_rules (void)
{
  reset ();
  CU_ASSERT_FATAL (comb->role_allow != NULL);
  comb->role_allow = comb->role_allow->next; /* leaked: the test ends soon */
  expect ("system.removed", "a role allow rule gone");

  CU_ASSERT_FATAL (comb->role_tr != NULL);
  comb->role_tr->new_role = comb->role_tr->role;
  expect ("system.role-rule", "a role transition");

  /* The first allow rule loses a permission. */
  avtab_ptr_t victim = NULL;
  for (uint32_t i = 0; !victim && i < comb->te_avtab.nslot; i++)
    for (avtab_ptr_t n = comb->te_avtab.htable[i]; n && !victim; n = n->next)
      if ((n->key.specified & AVTAB_ALLOWED) && n->datum.data)
        victim = n;
  CU_ASSERT_FATAL (victim != NULL);
  victim->datum.data &= victim->datum.data - 1;
  expect ("system.removed", "an allow rule with fewer permissions");

  range_trans_t *rt = NULL;
  mls_range_t *range = NULL;
  for (uint32_t i = 0; !rt && i < comb->range_tr->size; i++)
    if (comb->range_tr->htable[i])
      rt = (range_trans_t *) comb->range_tr->htable[i]->key, range = comb->range_tr->htable[i]->datum;
  CU_ASSERT_FATAL (rt != NULL);
  ebitmap_set_bit (&range->level[1].cat, 5, !ebitmap_get_bit (&range->level[1].cat, 5));
  expect ("system.transition", "a range transition's range");

  filename_trans_datum_t *ft = NULL;
  for (uint32_t i = 0; !ft && i < comb->filename_trans->size; i++)
    if (comb->filename_trans->htable[i])
      ft = comb->filename_trans->htable[i]->datum;
  CU_ASSERT_FATAL (ft != NULL);
  ft->otype = type_value (comb, "shadow_t");
  expect ("system.transition", "a named type transition's new type");
}

static void
test_labeling (void)
{
  reset ();
  CU_ASSERT_FATAL (comb->ocontexts[OCON_PORT] != NULL);
  comb->ocontexts[OCON_PORT]->u.port.low_port ^= 1;
  expect ("system.labeling", "a port label");

  CU_ASSERT_FATAL (comb->ocontexts[OCON_ISID] != NULL);
  comb->ocontexts[OCON_ISID]->context[0].type = type_value (comb, "container_t");
  expect ("system.labeling", "an initial SID's context");

  CU_ASSERT_FATAL (comb->ocontexts[OCON_FSUSE] != NULL);
  comb->ocontexts[OCON_FSUSE]->v.behavior ^= 1;
  expect ("system.labeling", "an fs_use behaviour");

  CU_ASSERT_FATAL (comb->genfs != NULL && comb->genfs->head != NULL);
  comb->genfs->head->v.sclass ^= 1;
  expect ("system.labeling", "a genfs entry");

  static const char *const ids[SEPM_AUX_COUNT] = { "system.filecon", "system.seusers", "system.users-extra",
                                                     "system.role" };
  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      char *aux[SEPM_AUX_COUNT] = { "", "", "", "" };
      struct sepm_findings f;
      aux[k] = "a line the module added\n";
      diff_with_aux (&f, aux);
      CU_ASSERT (sepm_findings_has (&f, ids[k]));
      sepm_findings_release (&f);
    }
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "an unchanged policy has no difference", test_unchanged },
    { "every symbol table and the header", test_symbols },
    { "rules, role rules and transitions", test_rules },
    { "labeling and the files beside the policy", test_labeling },
    { NULL, NULL },
  };
  base = read_fixture ();
  int rc = unit_run ("diff", tests);
  sepm_policydb_free (base);
  if (comb)
    sepm_policydb_free (comb);
  return rc;
}
