/* The compiler's refusal pointed at the text (compile_message.h): the
 * line of an unknown keyword, and the names a failing statement uses that
 * nothing declares.  System names come from the fixture's policy. */
#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/compile_message.h"
#include "libsepm/policydb.h"

static policydb_t *sys;

static struct sexpr *
parse (const char *text)
{
  struct sexpr *t = NULL;
  sepm_error_t err = NULL;
  CU_ASSERT_EQUAL_FATAL (sepm_sexpr_parse ("m.cil", text, strlen (text), 64, &t, &err), 0);
  return t;
}

static const char module[] = "(block m\n"
                             "  (type process)\n"
                             "  (macro mac ((type d))\n"
                             "    (allow d self (file (read))))\n"
                             "  (alow process self (file (read)))\n"
                             "  (allow process nosuch_t (fiel (read raed)))\n"
                             "  (booleanif b (true (allow process .m.process (file (write)))))\n"
                             "  (call mac (process))\n"
                             "  (allow process container_file_t (file (read 12))))\n";

static void
test_keyword_line (void)
{
  struct sexpr *t = parse (module);
  CU_ASSERT_EQUAL (sepm_compile_message_keyword_line (t, "Error: Unknown keyword alow"), 5);
  CU_ASSERT_EQUAL (sepm_compile_message_keyword_line (t, "Error: Unknown keyword nothere"), 0);
  CU_ASSERT_EQUAL (sepm_compile_message_keyword_line (t, "Failed to build AST"), 0);
  sepm_sexpr_free (t);
}

static void
test_unknown_names (void)
{
  struct sexpr *t = parse (module);
  struct sepm_declared_names d = { 0 };
  char *names;

  sepm_compile_message_declared (&d, t);
  names = sepm_compile_message_unknown_names (t, 6, sys, &d);
  CU_ASSERT_STRING_EQUAL (names, "`nosuch_t`, `fiel`, `raed`");
  free (names);
  /* Inside a container, the statement itself; a full own name, a macro's
   * parameter, system types, classes, permissions and numbers are known. */
  CU_ASSERT_PTR_NULL (sepm_compile_message_unknown_names (t, 7, sys, &d));
  CU_ASSERT_PTR_NULL (sepm_compile_message_unknown_names (t, 4, sys, &d));
  CU_ASSERT_PTR_NULL (sepm_compile_message_unknown_names (t, 8, sys, &d));
  CU_ASSERT_PTR_NULL (sepm_compile_message_unknown_names (t, 9, sys, &d));
  /* No statement starts at the line. */
  CU_ASSERT_PTR_NULL (sepm_compile_message_unknown_names (t, 42, sys, &d));
  sepm_compile_message_declared_release (&d);
  sepm_sexpr_free (t);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "an unknown keyword's line", test_keyword_line },
    { "the names nothing declares", test_unknown_names },
    { NULL, NULL },
  };
  char path[4096];
  sepm_error_t err = NULL;

  snprintf (path, sizeof (path), "%s/etc/selinux/default/policy/policy.33", unit_fixture_root ());
  if (sepm_policydb_from_file (path, &sys, &err) < 0)
    {
      fprintf (stderr, "%s\n", err->msg);
      return 77;
    }
  int rc = unit_run ("compile messages", tests);
  sepm_policydb_free (sys);
  return rc;
}
