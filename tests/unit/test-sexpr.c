#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/sexpr.h"

static struct sexpr *
parse_ok (const char *text)
{
  struct sexpr *e = NULL;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL (sepm_sexpr_parse ("t.cil", text, strlen (text), 16, &e, &err), 0);
  CU_ASSERT_PTR_NULL (err);
  return e;
}

static char *
parse_error (const char *text, unsigned depth)
{
  struct sexpr *e = NULL;
  sepm_error_t err = NULL;
  char *msg;

  CU_ASSERT_EQUAL (sepm_sexpr_parse ("t.cil", text, strlen (text), depth, &e, &err), -1);
  CU_ASSERT_PTR_NULL (e);
  if (err == NULL)
    return strdup ("");
  msg = strdup (err->msg);
  sepm_error_release (&err);
  return msg;
}

static void
test_statements_lines_and_strings (void)
{
  struct sexpr *e = parse_ok ("; comment (not parsed\n(block web\n  (type process) ; trailing\n"
                              "  (filecon \"/usr/bin/a b\" file ()))\n");
  struct sepm_buf b = { 0 };

  CU_ASSERT_EQUAL_FATAL (e->n_items, 1);
  CU_ASSERT_STRING_EQUAL (sepm_sexpr_head (e->items[0]), "block");
  CU_ASSERT_STRING_EQUAL (sepm_sexpr_atom_at (e->items[0], 1), "web");
  CU_ASSERT_EQUAL (e->items[0]->line, 2);
  CU_ASSERT_EQUAL (e->items[0]->items[2]->line, 3);
  CU_ASSERT_EQUAL (e->items[0]->items[3]->line, 4);
  CU_ASSERT_STRING_EQUAL (sepm_sexpr_atom_at (e->items[0]->items[3], 1), "\"/usr/bin/a b\"");
  CU_ASSERT_PTR_NULL (sepm_sexpr_atom_at (e->items[0]->items[3], 3));
  sepm_sexpr_write (&b, e->items[0]);
  CU_ASSERT_STRING_EQUAL (b.data, "(block web (type process) (filecon \"/usr/bin/a b\" file ()))");
  free (b.data);
  sepm_sexpr_free (e);
}

static void
test_errors_name_file_and_line (void)
{
  char *m;

  m = parse_error ("(block a\n (type b)\n", 16);
  CU_ASSERT_STRING_EQUAL (m, "t.cil:1: unbalanced `(`: it is never closed (the text ends at line 3)");
  free (m);
  m = parse_error ("(a))", 16);
  CU_ASSERT_STRING_EQUAL (m, "t.cil:1: unbalanced `)`");
  free (m);
  m = parse_error ("\n(a \"open", 16);
  CU_ASSERT_STRING_EQUAL (m, "t.cil:2: unterminated string");
  free (m);
  m = parse_error ("((((x))))", 3);
  CU_ASSERT_STRING_EQUAL (m, "t.cil:1: parentheses nested deeper than 3");
  free (m);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "statements, lines and strings", test_statements_lines_and_strings },
    { "errors name the file and line", test_errors_name_file_and_line },
    { NULL, NULL },
  };
  return unit_run ("sexpr", tests);
}
