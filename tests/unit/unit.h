/* A tiny CUnit runner shared by the unit tests: each test program is one
 * suite; it exits non-zero when any assertion failed, and 77 (skip) when a
 * precondition such as the fixture policy root is missing. */
#ifndef SEPM_TEST_UNIT_H
#define SEPM_TEST_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

struct unit_test
{
  const char *name;
  void (*fn) (void);
};

static inline int
unit_run (const char *suite_name, const struct unit_test *tests)
{
  CU_pSuite suite;
  unsigned failed;

  if (CU_initialize_registry () != CUE_SUCCESS)
    return 2;
  suite = CU_add_suite (suite_name, NULL, NULL);
  for (; tests->name; tests++)
    CU_add_test (suite, tests->name, tests->fn);
  CU_basic_set_mode (CU_BRM_VERBOSE);
  CU_basic_run_tests ();
  failed = CU_get_number_of_failures () + CU_get_number_of_tests_failed ();
  if (CU_get_number_of_tests_run () == 0)
    failed = 1;
  CU_cleanup_registry ();
  return failed ? 1 : 0;
}

/* The private policy root built by tests/fixture/make-policy-root.sh. */
static inline const char *
unit_fixture_root (void)
{
  const char *root = getenv ("SEPM_FIXTURE_ROOT");
  if (root == NULL || *root == '\0')
    {
      fprintf (stderr, "SEPM_FIXTURE_ROOT is not set; run through `make check`\n");
      exit (77);
    }
  return root;
}

/* Run SUITE_NAME's TESTS with a fresh temporary directory in DIR (SIZE
 * bytes, named after PREFIX), removed afterwards. */
static inline int
unit_run_in_temp_dir (const char *suite_name, const struct unit_test *tests, const char *prefix, char *dir,
                      size_t size)
{
  char cmd[512];
  int rc;

  snprintf (dir, size, "%s/%s-XXXXXX", getenv ("TMPDIR") ? getenv ("TMPDIR") : "/tmp", prefix);
  if (mkdtemp (dir) == NULL)
    return 2;
  rc = unit_run (suite_name, tests);
  snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system (cmd) != 0)
    rc = 2;
  return rc;
}

#endif
