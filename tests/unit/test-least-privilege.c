/* The least-privilege counts on the fixture policy: a domain with a
 * handful of rules keeps exactly those of container_t's permissions, and
 * a child keeps no more than its parent. */
#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/verify.h"

static struct sepm_system_policy *sys;
static struct sepm_profile *profile;

static const char module[] =
  "(block lp\n"
  "  (type p) (type c)\n"
  "  (roletype system_r p) (roletype system_r c)\n"
  "  (typebounds container_t p) (typebounds p c)\n"
  "  (allow p self (process (fork sigchld)))\n"
  "  (allow p container_file_t (file (read open getattr)))\n"
  "  (allow c self (process (fork)))\n"
  ")\n";

static const struct sepm_class_share *
class_of (const struct sepm_privilege_share *s, const char *cls)
{
  for (size_t i = 0; i < s->n; i++)
    if (strcmp (s->classes[i].cls, cls) == 0)
      return &s->classes[i];
  return NULL;
}

static const struct sepm_module_type *
type_of (const struct sepm_module_result *r, const char *name)
{
  for (size_t i = 0; i < r->n_types; i++)
    if (strcmp (r->types[i].name, name) == 0)
      return &r->types[i];
  return NULL;
}

static void
test_counts_kept_permissions_by_class (void)
{
  struct sepm_module_result r;
  sepm_error_t err = NULL;

  /* Without the template's attributes the module is rejected (it lacks
   * `domain` and the constraint attributes), which keeps the counts to
   * exactly its own rules; the counts do not depend on the verdict. */
  CU_ASSERT_EQUAL_FATAL (sepm_verify_module (sys, profile, "lp.cil", module, strlen (module), &r, &err), 0);
  CU_ASSERT (r.findings.n > 0);
  const struct sepm_module_type *p = type_of (&r, "lp.p"), *c = type_of (&r, "lp.c");
  CU_ASSERT_PTR_NOT_NULL_FATAL (p);
  CU_ASSERT_PTR_NOT_NULL_FATAL (c);
  /* Self maps to container_t (its bound), so fork and sigchld count once. */
  const struct sepm_class_share *pp = class_of (&p->share, "process");
  CU_ASSERT_PTR_NOT_NULL_FATAL (pp);
  CU_ASSERT_EQUAL (pp->kept, 2);
  CU_ASSERT (pp->parent > 2);
  const struct sepm_class_share *pf = class_of (&p->share, "file");
  CU_ASSERT_PTR_NOT_NULL_FATAL (pf);
  CU_ASSERT_EQUAL (pf->kept, 3);
  /* The child: one permission, of the same parent's total. */
  CU_ASSERT_EQUAL (class_of (&c->share, "process")->kept, 1);
  CU_ASSERT_EQUAL (class_of (&c->share, "file")->kept, 0);
  CU_ASSERT_EQUAL (c->share.kept, 1);
  CU_ASSERT_EQUAL (p->share.kept, 5);
  CU_ASSERT_EQUAL (c->share.parent, p->share.parent);
  for (size_t i = 0; i < p->share.n; i++)
    CU_ASSERT (p->share.classes[i].kept <= p->share.classes[i].parent);
  sepm_module_result_release (&r);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "counts the parent's permissions a domain keeps, by class", test_counts_kept_permissions_by_class },
    { NULL, NULL },
  };
  struct sepm_store_ref store;
  sepm_store_ref_resolve (unit_fixture_root (), NULL, &store);
  struct sepm_system_options opts = { .store = &store, .cache_dir = getenv ("SEPM_TEST_CACHE"),
                                      .mode = SEPM_MODE_FAST };
  sepm_error_t err = NULL;
  int rc;

  profile = sepm_profile_default ();
  opts.profile = profile;
  if (sepm_system_policy_open (&opts, &sys, &err) < 0)
    {
      fprintf (stderr, "%s\n", err->msg);
      return 1;
    }
  rc = unit_run ("least-privilege", tests);
  sepm_system_policy_free (sys);
  sepm_profile_free (profile);
  sepm_store_ref_release (&store);
  return rc;
}
