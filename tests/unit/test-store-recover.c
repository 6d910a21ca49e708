/* Finishing a killed libsemanage commit, on copies of the fixture's policy
 * root: a store left without `active`, and installed policy files that lag
 * the store. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "unit.h"
#include "libsepm/store_recover.h"
#include "libsepm/util.h"

static char top[64];
static char root[128];

static void
copy_fixture (void)
{
  snprintf (root, sizeof root, "%s/root", top);
  cleanup_free char *cmd = xasprintf ("rm -rf %s && cp -a %s %s", root, unit_fixture_root (), root);
  CU_ASSERT_EQUAL_FATAL (system (cmd), 0);
}

static bool
is_dir (const char *rel)
{
  cleanup_free char *p = xasprintf ("%s%s", root, rel);
  struct stat st;
  return stat (p, &st) == 0 && S_ISDIR (st.st_mode);
}

/* The fixture's store, by the identity every store file takes. */
static int
recover (struct sepm_store_recovery *r, sepm_error_t *err)
{
  struct sepm_store_ref ref = { root, (char *) "default" };
  return sepm_store_recover (&ref, r, err);
}

static void
test_a_finished_store_needs_nothing (void)
{
  struct sepm_store_recovery r;
  sepm_error_t err = NULL;

  copy_fixture ();
  CU_ASSERT_EQUAL_FATAL (recover (&r, &err), 0);
  CU_ASSERT_FALSE (r.restored_previous);
  CU_ASSERT_FALSE (r.needs_rebuild);
}

static void
test_a_missing_active_store_is_put_back (void)
{
  struct sepm_store_recovery r;
  sepm_error_t err = NULL;

  copy_fixture ();
  cleanup_free char *active = xasprintf ("%s/var/lib/selinux/default/active", root);
  cleanup_free char *previous = xasprintf ("%s/var/lib/selinux/default/previous", root);
  CU_ASSERT_EQUAL_FATAL (rename (active, previous), 0);
  CU_ASSERT_EQUAL_FATAL (recover (&r, &err), 0);
  CU_ASSERT (r.restored_previous);
  CU_ASSERT_FALSE (r.needs_rebuild);
  CU_ASSERT (is_dir ("/var/lib/selinux/default/active/modules"));
  CU_ASSERT_FALSE (is_dir ("/var/lib/selinux/default/previous"));
}

static void
test_installed_files_behind_the_store_need_a_rebuild (void)
{
  struct sepm_store_recovery r;
  sepm_error_t err = NULL;

  copy_fixture ();
  cleanup_free char *fc = xasprintf ("%s/etc/selinux/default/contexts/files/file_contexts", root);
  FILE *f = fopen (fc, "a");
  CU_ASSERT_PTR_NOT_NULL_FATAL (f);
  fputs ("/stale\tsystem_u:object_r:etc_t:s0\n", f);
  fclose (f);
  CU_ASSERT_EQUAL_FATAL (recover (&r, &err), 0);
  CU_ASSERT (r.needs_rebuild);
}

static void
test_a_missing_policy_file_needs_a_rebuild (void)
{
  struct sepm_store_recovery r;
  sepm_error_t err = NULL;

  copy_fixture ();
  cleanup_free char *cmd = xasprintf ("rm -f %s/etc/selinux/default/policy/policy.*", root);
  CU_ASSERT_EQUAL_FATAL (system (cmd), 0);
  CU_ASSERT_EQUAL_FATAL (recover (&r, &err), 0);
  CU_ASSERT (r.needs_rebuild);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "a finished store needs nothing", test_a_finished_store_needs_nothing },
    { "a missing active store is put back", test_a_missing_active_store_is_put_back },
    { "installed files behind the store need a rebuild", test_installed_files_behind_the_store_need_a_rebuild },
    { "a missing policy file needs a rebuild", test_a_missing_policy_file_needs_a_rebuild },
    { NULL, NULL },
  };

  unit_fixture_root ();
  return unit_run_in_temp_dir ("store-recover", tests, "sepm-recover", top, sizeof top);
}
