#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/labels.h"

static const char good[] =
  "# the web server\n"
  "/usr/sbin/httpd\t--\tweb.exec\n"
  "/var/www(/.*)?      web.content   # its files\n"
  "\n"
  "/run/web\t-d\tweb.run\n";

static void
test_parses_file_contexts_syntax (void)
{
  struct sepm_labels l;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_labels_parse ("labels", good, strlen (good), &l, &err), 0);
  CU_ASSERT_EQUAL_FATAL (l.n, 3);
  CU_ASSERT_STRING_EQUAL (l.items[0].path, "/usr/sbin/httpd");
  CU_ASSERT_STRING_EQUAL (l.items[0].kind, "--");
  CU_ASSERT_STRING_EQUAL (l.items[0].type, "web.exec");
  CU_ASSERT_EQUAL (l.items[0].line, 2);
  CU_ASSERT_STRING_EQUAL (l.items[1].kind, "");
  CU_ASSERT_EQUAL (l.items[2].line, 5);
  CU_ASSERT (sepm_label_is_exact (l.items[0].path));
  CU_ASSERT_FALSE (sepm_label_is_exact (l.items[1].path));
  char *fc = sepm_labels_to_file_contexts (&l, "s0");
  CU_ASSERT_PTR_NOT_NULL (strstr (fc, "/usr/sbin/httpd\t--\tsystem_u:object_r:web.exec:s0\n"));
  CU_ASSERT_PTR_NOT_NULL (strstr (fc, "/var/www(/.*)?\tsystem_u:object_r:web.content:s0\n"));
  free (fc);
  CU_ASSERT_EQUAL (sepm_labels_check_regex ("labels", &l, &err), 0);
  sepm_labels_release (&l);
}

static void
expect_error (const char *text, const char *message)
{
  struct sepm_labels l;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL (sepm_labels_parse ("labels", text, strlen (text), &l, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  if (strstr (err->msg, message) == NULL)
    fprintf (stderr, "got: %s\nwanted: %s\n", err->msg, message);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, message));
  sepm_error_release (&err);
}

static void
test_rejects_hostile_lines (void)
{
  expect_error ("/a/../etc/shadow web.x\n", "labels:1: the path has a `..` component");
  expect_error ("\n/bin/./sh web.x\n", "labels:2: the path has a `.` component");
  expect_error ("relative web.x\n", "labels:1: the path must be absolute");
  expect_error ("/bin//sh web.x\n", "empty component");
  expect_error ("/bin/sh -x web.x\n", "labels:1: the file kind must be one of");
  expect_error ("/bin/sh system_u:object_r:shadow_t:s0\n", "must be a module type");
  expect_error ("/bin/sh .shadow_t\n", "must be a module type");
  expect_error ("/bin/sh shadow_t:s0\n", "must be a module type");
  expect_error ("/bin/sh\n", "a label needs a path and a type");
  expect_error ("/bin/sh -- web.x extra\n", "too many fields");
}

static void
test_libselinux_checks_expressions (void)
{
  static const char bad[] = "/usr/(bin web.x\n";
  struct sepm_labels l;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_labels_parse ("labels", bad, strlen (bad), &l, &err), 0);
  CU_ASSERT_EQUAL (sepm_labels_check_regex ("labels", &l, &err), -1);
  if (err)
    fprintf (stderr, "%s\n", err->msg);
  CU_ASSERT_TRUE (err && strstr (err->msg, "labels:1: libselinux refuses `/usr/(bin`: the regular expression does not compile"));
  /* PCRE2's reason, not libselinux's temporary file. */
  CU_ASSERT_TRUE (err && strstr (err->msg, "missing closing parenthesis") && !strstr (err->msg, "/tmp"));
  sepm_error_release (&err);
  sepm_labels_release (&l);
}

/* A system type is well formed: the image checks refuse it (labels.type,
 * a policy finding), so the parser keeps it. */
static void
test_system_type_is_kept_for_the_finding (void)
{
  static const char text[] = "/etc(/.*)? etc_t\n";
  struct sepm_labels l;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_labels_parse ("labels", text, strlen (text), &l, &err), 0);
  CU_ASSERT_EQUAL (l.n, 1);
  CU_ASSERT_STRING_EQUAL (l.items[0].type, "etc_t");
  sepm_labels_release (&l);
}

/* Two labels of one path and kind: named by the labels file's lines. */
static void
test_conflict_names_the_lines (void)
{
  static const char text[] = "/bin/busybox -- web.exec\n/var/www/x -- web.content\n/var/www/x -- web.exec\n";
  struct sepm_labels l;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_labels_parse ("site.labels", text, strlen (text), &l, &err), 0);
  CU_ASSERT_EQUAL (sepm_labels_check_regex ("site.labels", &l, &err), -1);
  CU_ASSERT_TRUE (err && strstr (err->msg, "site.labels:2: `/var/www/x` is labelled twice"));
  CU_ASSERT_TRUE (err && strstr (err->msg, "(line 2)") && strstr (err->msg, "(line 3)"));
  CU_ASSERT_TRUE (err && !strstr (err->msg, "file_contexts"));
  sepm_error_release (&err);
  sepm_labels_release (&l);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "parses file_contexts syntax", test_parses_file_contexts_syntax },
    { "rejects hostile lines with file:line", test_rejects_hostile_lines },
    { "libselinux checks the expressions", test_libselinux_checks_expressions },
    { "a system type is kept for labels.type", test_system_type_is_kept_for_the_finding },
    { "a conflict names the labels file's lines", test_conflict_names_the_lines },
    { NULL, NULL },
  };
  return unit_run ("labels", tests);
}
