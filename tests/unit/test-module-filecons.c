#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/module_filecons.h"

static const char module[] =
  "(block web\n"
  "  (type exec)\n"
  "  (filecon \"/usr/sbin/httpd\" file (system_u object_r exec ((s0) (s0))))\n"
  "  (block data (type files)\n"
  "    (filecon \"/srv(/.*)?\" any (system_u object_r files ((s0) (s0)))))\n"
  "  (optional o (filecon \"/etc/shadow\" file (system_u object_r exec ((s0) (s0)))))\n"
  "  (filecon \"/usr/bin/x\" dir\n"
  "     (u r .other.t ((s0) (s0)))))\n";

static void
test_moves_block_filecons_into_labels (void)
{
  char *text = strdup (module);
  size_t len = strlen (text);
  struct sepm_labels l = { 0 };
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_module_filecons_take ("web.cil", text, len, &l, &err), 3);
  CU_ASSERT_EQUAL_FATAL (l.n, 3);
  CU_ASSERT_STRING_EQUAL (l.items[0].path, "/usr/sbin/httpd");
  CU_ASSERT_STRING_EQUAL (l.items[0].kind, "--");
  CU_ASSERT_STRING_EQUAL (l.items[0].type, "web.exec");
  CU_ASSERT_EQUAL (l.items[0].line, 3);
  CU_ASSERT_STRING_EQUAL (l.items[1].type, "web.data.files");
  CU_ASSERT_STRING_EQUAL (l.items[1].kind, "");
  CU_ASSERT_STRING_EQUAL (l.items[2].type, "other.t");
  CU_ASSERT_STRING_EQUAL (l.items[2].kind, "-d");
  CU_ASSERT_EQUAL (l.items[2].line, 7);
  /* The text keeps its length and its lines; only the moved statements
   * are gone, and the one inside an optional is left for the verifier. */
  CU_ASSERT_EQUAL (strlen (text), len);
  CU_ASSERT_PTR_NULL (strstr (text, "httpd"));
  CU_ASSERT_PTR_NULL (strstr (text, "/srv"));
  CU_ASSERT_PTR_NOT_NULL (strstr (text, "(optional o (filecon \"/etc/shadow\""));
  int lines = 0;
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  CU_ASSERT_EQUAL (lines, 8);
  CU_ASSERT_PTR_NOT_NULL (strstr (text, "(block data (type files)\n"));
  sepm_labels_release (&l);
  free (text);
}

static void
expect_error (const char *cil, const char *message)
{
  char *text = strdup (cil);
  struct sepm_labels l = { 0 };
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL (sepm_module_filecons_take ("m.cil", text, strlen (text), &l, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  if (strstr (err->msg, message) == NULL)
    fprintf (stderr, "got: %s\nwanted: %s\n", err->msg, message);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, message));
  sepm_error_release (&err);
  sepm_labels_release (&l);
  free (text);
}

static void
test_rejects_what_labels_cannot_carry (void)
{
  expect_error ("(block m\n (filecon \"/a/../etc\" file (u r t ((s0) (s0)))))", "m.cil:2: filecon `/a/../etc`: the path has a `..` component");
  expect_error ("(block m (filecon \"/a\" file named_context))", "m.cil:1: write the filecon's context inline");
  expect_error ("(block m (filecon \"/a\" fifo (u r t ((s0) (s0)))))", "unknown file kind `fifo`");
  expect_error ("(block m (filecon \"/a\" file))", "a filecon needs a path, a file kind and a context");
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "moves the blocks' filecons into labels", test_moves_block_filecons_into_labels },
    { "rejects what labels cannot carry", test_rejects_what_labels_cannot_carry },
    { NULL, NULL },
  };
  return unit_run ("module-filecons", tests);
}
