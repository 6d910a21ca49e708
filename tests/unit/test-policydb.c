#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/policydb.h"
#include "libsepm/util.h"

static policydb_t *pdb;

static int
contains (const char **names, const char *name)
{
  for (; *names; names++)
    if (strcmp (*names, name) == 0)
      return 1;
  return 0;
}

static void
test_finds_container_t_and_its_alias (void)
{
  uint32_t v = sepm_policydb_type_value (pdb, "container_t");

  CU_ASSERT (v != 0);
  CU_ASSERT_EQUAL (sepm_policydb_type_value (pdb, "svirt_lxc_net_t"), v);
  CU_ASSERT_STRING_EQUAL (sepm_policydb_type_name (pdb, v), "container_t");
  CU_ASSERT_FALSE (sepm_policydb_type_is_attribute (pdb, v));
  CU_ASSERT_EQUAL (sepm_policydb_type_value (pdb, "no_such_type_t"), 0);

  const char **aliases = sepm_policydb_type_aliases (pdb, v);
  CU_ASSERT (contains (aliases, "svirt_lxc_net_t"));
  free (aliases);
}

static void
test_container_t_attributes (void)
{
  uint32_t v = sepm_policydb_type_value (pdb, "container_t");
  const char **attrs = sepm_policydb_type_attributes (pdb, v);
  const char *expected[] = { "container_domain", "container_net_domain",
    "container_system_domain", "container_user_domain", "domain",
    "mcs_constrained_type", "nsswitch_domain", "process_user_target" };

  for (size_t i = 0; i < sizeof (expected) / sizeof (*expected); i++)
    {
      if (!contains (attrs, expected[i]))
        fprintf (stderr, "missing attribute %s\n", expected[i]);
      CU_ASSERT (contains (attrs, expected[i]));
    }
  CU_ASSERT_FALSE (contains (attrs, "container_t"));
  CU_ASSERT_FALSE (contains (attrs, "unconfined_domain_type"));
  CU_ASSERT (sepm_policydb_type_is_attribute (pdb, sepm_policydb_type_value (pdb, "domain")));
  free (attrs);
}

static void
test_container_file_t_alias (void)
{
  uint32_t v = sepm_policydb_type_value (pdb, "container_file_t");
  CU_ASSERT (v != 0);
  CU_ASSERT_EQUAL (sepm_policydb_type_value (pdb, "svirt_lxc_file_t"), v);
}

static void
test_rejects_garbage (void)
{
  sepm_error_t err = NULL;
  policydb_t *bad = NULL;

  CU_ASSERT_EQUAL (sepm_policydb_from_memory ("not a policy", 12, "garbage", &bad, &err), -1);
  CU_ASSERT_PTR_NULL (bad);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_STRING_EQUAL (err->msg, "`garbage` is not a readable binary SELinux policy");
  sepm_error_release (&err);
}

static void
test_round_trip_through_memory (void)
{
  sepm_error_t err = NULL;
  void *data = NULL;
  size_t len = 0;
  policydb_t *copy = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_policydb_to_memory (pdb, &data, &len, &err), 0);
  CU_ASSERT_EQUAL_FATAL (sepm_policydb_from_memory (data, len, "copy", &copy, &err), 0);
  CU_ASSERT_EQUAL (copy->p_types.nprim, pdb->p_types.nprim);
  CU_ASSERT_EQUAL (sepm_policydb_type_value (copy, "svirt_lxc_net_t"),
                   sepm_policydb_type_value (pdb, "container_t"));
  sepm_policydb_free (copy);
  free (data);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "finds container_t and svirt_lxc_net_t", test_finds_container_t_and_its_alias },
    { "container_t has the container module's attributes", test_container_t_attributes },
    { "container_file_t and svirt_lxc_file_t", test_container_file_t_alias },
    { "rejects a file that is not a policy", test_rejects_garbage },
    { "a policy survives a write and a read", test_round_trip_through_memory },
    { NULL, NULL },
  };
  cleanup_free char *path = xasprintf ("%s/etc/selinux/default/policy/policy.33",
                                       unit_fixture_root ());
  sepm_error_t err = NULL;

  if (sepm_policydb_from_file (path, &pdb, &err) < 0)
    {
      fprintf (stderr, "%s\n", err->msg);
      return 1;
    }
  int rc = unit_run ("policydb", tests);
  sepm_policydb_free (pdb);
  return rc;
}
