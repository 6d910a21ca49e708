/* The store's identity and its transaction, on a copy of the fixture's
 * policy root: which store a root and a name mean, what the reader lists,
 * and that a transaction changes the store only when it commits. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "unit.h"
#include "libsepm/store_read.h"
#include "libsepm/store_ref.h"
#include "libsepm/store_tx.h"
#include "libsepm/util.h"

static char top[64];
static char root[128];

/* One copy of the fixture's root for the whole suite. */
static void
ensure_root (void)
{
  if (root[0])
    return;
  snprintf (root, sizeof root, "%s/root", top);
  cleanup_free char *cmd = xasprintf ("cp -a %s %s", unit_fixture_root (), root);
  CU_ASSERT_EQUAL_FATAL (system (cmd), 0);
}

static const char module_cil[] = "(type sepm_unit_test_t)\n(roletype object_r sepm_unit_test_t)\n";

static void
write_config (const char *text)
{
  ensure_root ();
  cleanup_free char *path = xasprintf ("%s/etc/selinux/config", root);
  FILE *f = fopen (path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL (f);
  fputs (text, f);
  fclose (f);
}

static void
test_the_name_comes_from_the_config (void)
{
  struct sepm_store_ref ref;

  write_config ("SELINUX=permissive\nSELINUXTYPE=mls \n");
  sepm_store_ref_resolve (root, NULL, &ref);
  CU_ASSERT_STRING_EQUAL (ref.name, "mls");
  CU_ASSERT_STRING_EQUAL (ref.root, root);
  sepm_store_ref_release (&ref);
  /* -s wins over the config; an empty -s is no -s. */
  sepm_store_ref_resolve (root, "targeted", &ref);
  CU_ASSERT_STRING_EQUAL (ref.name, "targeted");
  sepm_store_ref_release (&ref);
  sepm_store_ref_resolve (root, "", &ref);
  CU_ASSERT_STRING_EQUAL (ref.name, "mls");
  sepm_store_ref_release (&ref);
  write_config ("SELINUX=permissive\nSELINUXTYPE=default\n");
}

static void
test_no_config_means_default_and_the_host_is_slash (void)
{
  struct sepm_store_ref ref;
  cleanup_free char *empty = xasprintf ("%s/empty", top);
  ensure_root ();

  CU_ASSERT_EQUAL_FATAL (mkdir (empty, 0700), 0);
  sepm_store_ref_resolve (empty, NULL, &ref);
  CU_ASSERT_STRING_EQUAL (ref.name, "default");
  CU_ASSERT_STRING_EQUAL (sepm_store_ref_root_shown (&ref), empty);
  CU_ASSERT_PTR_NULL (sepm_store_ref_binary_policy (&ref));
  sepm_store_ref_release (&ref);
  sepm_store_ref_resolve (NULL, "default", &ref);
  CU_ASSERT_STRING_EQUAL (ref.root, "");
  CU_ASSERT_STRING_EQUAL (sepm_store_ref_root_shown (&ref), "/");
  sepm_store_ref_release (&ref);
}

static void
test_the_reader_lists_the_store_and_leaves_out_what_it_is_told (void)
{
  struct sepm_store_ref ref;
  struct sepm_store *all = NULL, *some = NULL;
  sepm_error_t err = NULL;
  const char *const exclude[] = { "container" };
  ensure_root ();

  sepm_store_ref_resolve (root, NULL, &ref);
  CU_ASSERT_EQUAL_FATAL (sepm_store_read (&ref, NULL, 0, &all, &err), 0);
  CU_ASSERT_EQUAL_FATAL (sepm_store_read (&ref, exclude, 1, &some, &err), 0);
  CU_ASSERT (all->n_modules > 100);
  CU_ASSERT_EQUAL (some->n_modules, all->n_modules - 1);
  CU_ASSERT (strcmp (all->content_key, some->content_key) != 0);
  CU_ASSERT_PTR_NOT_NULL (all->binary_policy_path);
  sepm_store_free (all);
  sepm_store_free (some);
  /* A store that is not there is an error naming it. */
  sepm_store_ref_release (&ref);
  sepm_store_ref_resolve (root, "nosuch", &ref);
  CU_ASSERT_EQUAL (sepm_store_read (&ref, NULL, 0, &all, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, "nosuch"));
  sepm_error_release (&err);
  sepm_store_ref_release (&ref);
}

static size_t
modules_in_store (const struct sepm_store_ref *ref)
{
  struct sepm_store *s = NULL;
  sepm_error_t err = NULL;
  size_t n;

  CU_ASSERT_EQUAL_FATAL (sepm_store_read (ref, NULL, 0, &s, &err), 0);
  n = s->n_modules;
  sepm_store_free (s);
  return n;
}

static void
test_a_transaction_changes_the_store_only_when_it_commits (void)
{
  struct sepm_store_ref ref;
  struct sepm_store_tx *tx = NULL;
  sepm_error_t err = NULL;
  ensure_root ();

  sepm_store_ref_resolve (root, NULL, &ref);
  struct sepm_store_tx_options o = { .store = &ref, .priority = 400, .reload = false };
  size_t before = modules_in_store (&ref);

  CU_ASSERT_EQUAL_FATAL (sepm_store_tx_begin (&o, &tx, &err), 0);
  CU_ASSERT (sepm_store_tx_has_module (tx, "container"));
  CU_ASSERT_FALSE (sepm_store_tx_has_module (tx, "sepm_unit"));
  CU_ASSERT_EQUAL_FATAL (sepm_store_tx_install (tx, "sepm_unit", module_cil, strlen (module_cil), &err), 0);
  sepm_store_tx_abort (tx);
  CU_ASSERT_EQUAL (modules_in_store (&ref), before);

  CU_ASSERT_EQUAL_FATAL (sepm_store_tx_begin (&o, &tx, &err), 0);
  CU_ASSERT_EQUAL_FATAL (sepm_store_tx_install (tx, "sepm_unit", module_cil, strlen (module_cil), &err), 0);
  if (sepm_store_tx_commit (tx, &err) != 0)
    {
      CU_FAIL ("commit");
      fprintf (stderr, "%s\n", err ? err->msg : "?");
      sepm_error_release (&err);
    }
  CU_ASSERT_EQUAL (modules_in_store (&ref), before + 1);
  cleanup_free char *cil = xasprintf ("%s/var/lib/selinux/default/active/modules/400/sepm_unit/cil", root);
  CU_ASSERT_EQUAL (access (cil, F_OK), 0);
  sepm_store_ref_release (&ref);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "the store name comes from the root's config", test_the_name_comes_from_the_config },
    { "no config means `default`, and the host is /", test_no_config_means_default_and_the_host_is_slash },
    { "the reader lists the store and leaves out what it is told",
      test_the_reader_lists_the_store_and_leaves_out_what_it_is_told },
    { "a transaction changes the store only when it commits", test_a_transaction_changes_the_store_only_when_it_commits },
    { NULL, NULL },
  };

  unit_fixture_root ();
  int rc = unit_run_in_temp_dir ("store", tests, "sepm-store", top, sizeof top);
  return rc;
}
