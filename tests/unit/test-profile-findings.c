#include <config.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "libsepm/findings.h"
#include "libsepm/profile.h"
#include "libsepm/util.h"

static char *
write_temp (const char *text)
{
  char *path = strdup ("/tmp/sepm-profile-XXXXXX");
  int fd = mkstemp (path);
  CU_ASSERT_FATAL (fd >= 0);
  CU_ASSERT (write (fd, text, strlen (text)) == (ssize_t) strlen (text));
  close (fd);
  return path;
}

static void
test_default_profile (void)
{
  struct sepm_profile *p = sepm_profile_default ();
  size_t n;
  const char **all = sepm_profile_all_parents (p, &n);

  CU_ASSERT_EQUAL (n, 3);
  CU_ASSERT_STRING_EQUAL (all[0], "container_t");
  CU_ASSERT_STRING_EQUAL (all[1], "container_file_t");
  CU_ASSERT_STRING_EQUAL (all[2], "container_ro_file_t");
  CU_ASSERT_PTR_NULL (all[3]);
  free (all);
  sepm_profile_free (p);
}

static void
test_profile_file (void)
{
  char *good = write_temp ("# registry profile\n\ndomain-parent container_t  # the one\nobject-parent container_ro_file_t\n");
  char *bad = write_temp ("domain-parent container_t\nobject_parent x\n");
  char *none = write_temp ("object-parent container_ro_file_t\n");
  struct sepm_profile *p = NULL;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_profile_load (good, &p, &err), 0);
  CU_ASSERT_EQUAL (p->n_domain_parents, 1);
  CU_ASSERT_EQUAL (p->n_object_parents, 1);
  CU_ASSERT_STRING_EQUAL (p->object_parents[0], "container_ro_file_t");
  sepm_profile_free (p);

  CU_ASSERT_EQUAL (sepm_profile_load (bad, &p, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, ":2: unknown directive `object_parent`"));
  sepm_error_release (&err);

  CU_ASSERT_EQUAL (sepm_profile_load (none, &p, &err), -1);
  CU_ASSERT_TRUE (err && strstr (err->msg, "names no domain-parent"));
  sepm_error_release (&err);
  unlink (good);
  unlink (bad);
  unlink (none);
  free (good);
  free (bad);
  free (none);
}

static void
test_findings_dedupe (void)
{
  struct sepm_findings f = { 0 };

  sepm_findings_add (&f, "bounds.exceeds", "a.cil", 3, "(allow x y (file (read)))", "hint", "x exceeds %s", "y");
  sepm_findings_add (&f, "bounds.exceeds", "a.cil", 3, NULL, NULL, "x exceeds %s", "y");
  sepm_findings_add (&f, "bounds.exceeds", "a.cil", 4, NULL, NULL, "x exceeds %s", "y");
  CU_ASSERT_EQUAL (f.n, 2);
  CU_ASSERT (sepm_findings_has (&f, "bounds.exceeds"));
  CU_ASSERT_FALSE (sepm_findings_has (&f, "system.rule"));
  CU_ASSERT_STRING_EQUAL (f.items[0].message, "x exceeds y");
  CU_ASSERT_STRING_EQUAL (f.items[0].severity, "error");
  CU_ASSERT_STRING_EQUAL (f.items[0].statement, "(allow x y (file (read)))");
  sepm_findings_release (&f);
  CU_ASSERT_EQUAL (f.n, 0);
}

/* A flood in one file must not crowd out another file's findings: with
 * modules verified together that other module would look admitted.  Nor
 * may one rule's flood hide another rule of the same file. */
static void
test_findings_bound_per_file_and_rule (void)
{
  struct sepm_findings f = { 0 };

  for (unsigned i = 0; i < 600; i++)
    sepm_findings_add (&f, "system.transition", "flood.cil", i + 1, NULL, NULL, "rule %u", i);
  CU_ASSERT_EQUAL (f.n, 100);
  CU_ASSERT_EQUAL (f.omitted, 500);
  sepm_findings_add (&f, "system.rule", "flood.cil", 700, NULL, NULL, "another rule");
  CU_ASSERT_EQUAL_FATAL (f.n, 101);
  CU_ASSERT_TRUE (sepm_findings_has (&f, "system.rule"));
  sepm_findings_add (&f, "system.default", "small.cil", 2, NULL, NULL, "a default");
  CU_ASSERT_EQUAL_FATAL (f.n, 102);
  CU_ASSERT_STRING_EQUAL (f.items[101].file, "small.cil");
  sepm_findings_drop_last (&f);
  CU_ASSERT_EQUAL (f.n, 101);
  CU_ASSERT_FALSE (sepm_findings_has (&f, "system.default"));
  sepm_findings_release (&f);
}

/* One statement's findings: the one that explains the others first; by
 * line otherwise, and the findings with no line last. */
static void
test_findings_order (void)
{
  struct sepm_findings f = { 0 };

  sepm_findings_add (&f, "system.neverallow", "m.cil", 0, NULL, NULL, "no line");
  sepm_findings_add (&f, "bounds.exceeds", "m.cil", 3, NULL, NULL, "consequence 1");
  sepm_findings_add (&f, "bounds.exceeds", "m.cil", 3, NULL, NULL, "consequence 2");
  sepm_findings_add (&f, "system.rule", "m.cil", 5, NULL, NULL, "later line");
  sepm_findings_add (&f, "attr.not-in-parent", "m.cil", 3, NULL, NULL, "cause");
  sepm_findings_order (&f);
  CU_ASSERT_EQUAL_FATAL (f.n, 5);
  CU_ASSERT_STRING_EQUAL (f.items[0].message, "cause");
  CU_ASSERT_STRING_EQUAL (f.items[1].message, "consequence 1");
  CU_ASSERT_STRING_EQUAL (f.items[2].message, "consequence 2");
  CU_ASSERT_STRING_EQUAL (f.items[3].message, "later line");
  CU_ASSERT_STRING_EQUAL (f.items[4].message, "no line");
  sepm_findings_release (&f);
}

/* Warnings never count against a verdict, until --Werror promotes them;
 * a severity nobody set counts as an error (fail closed). */
static void
test_findings_warnings (void)
{
  struct sepm_findings f = { 0 };

  sepm_findings_warn (&f, "labels.unmatched", "img", 3, NULL, NULL, "a label matches nothing");
  CU_ASSERT_EQUAL (f.n, 1);
  CU_ASSERT_EQUAL (sepm_findings_errors (&f), 0);
  CU_ASSERT_STRING_EQUAL (f.items[0].severity, "warning");
  sepm_findings_add (&f, "bounds.exceeds", "m.cil", 4, NULL, NULL, "beyond");
  CU_ASSERT_EQUAL (sepm_findings_errors (&f), 1);
  free (f.items[1].severity);
  f.items[1].severity = NULL;
  CU_ASSERT_EQUAL (sepm_findings_errors (&f), 1);
  f.items[1].severity = strdup ("error");
  sepm_findings_promote_warnings (&f);
  CU_ASSERT_EQUAL (sepm_findings_errors (&f), 2);
  CU_ASSERT_STRING_EQUAL (f.items[0].severity, "error");
  sepm_findings_release (&f);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "the default profile is refpolicy's container module", test_default_profile },
    { "profile files: comments, errors with lines", test_profile_file },
    { "identical findings are kept once", test_findings_dedupe },
    { "the findings bound is each file's and each rule's", test_findings_bound_per_file_and_rule },
    { "the cause first, then by line", test_findings_order },
    { "warnings admit until promoted", test_findings_warnings },
    { NULL, NULL },
  };
  return unit_run ("profile-findings", tests);
}
