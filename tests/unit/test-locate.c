/* Charging a finding to the module that wrote it, when several modules
 * are compiled together (obligation_namespace.c, module_locate.c).  Each
 * case is one the differential fuzzer found charged to the wrong module
 * of a batch. */
#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/findings.h"
#include "libsepm/obligations.h"
#include "libsepm/sexpr.h"

/* Report MESSAGE (rule RULE, statement kinds HEADS, names NAMES) with
 * modules a.cil (block a, text A) and b.cil (block b, text B) in one
 * compile; the one finding must be charged to b.cil, at LINE when LINE is
 * not -1. */
static void
expect_charged_to_b (const char *a, const char *b, const char *rule, const char *const *heads,
                     const char *const *names, const char *message, int line)
{
  const char *text[2] = { a, b };
  static const char *const path[2] = { "a.cil", "b.cil" };
  static const char *const ns[2] = { "a", "b" };
  struct sexpr *tree[2] = { NULL, NULL };
  struct sepm_module_view view[2];
  struct sepm_findings findings = { 0 };
  struct sepm_obligation_context ctx = { .modules = view, .n_modules = 2, .findings = &findings };

  for (int i = 0; i < 2; i++)
    {
      sepm_error_t err = NULL;
      CU_ASSERT_FATAL (sepm_sexpr_parse (path[i], text[i], strlen (text[i]), 64, &tree[i], &err) == 0);
      view[i] = (struct sepm_module_view) { path[i], ns[i], tree[i] };
    }
  sepm_obligation_report (&ctx, rule, heads, names, NULL, "%s", message);
  CU_ASSERT_EQUAL_FATAL (findings.n, 1);
  CU_ASSERT_STRING_EQUAL (findings.items[0].file, "b.cil");
  if (line >= 0)
    CU_ASSERT_EQUAL (findings.items[0].line, (unsigned) line);
  for (int i = 0; i < 2; i++)
    sepm_sexpr_free (tree[i]);
  sepm_findings_release (&findings);
}

static const char *const rule_heads[] = { "allow", "dontaudit", "auditallow", NULL };

/* Both name container_t; only b writes the dontaudit on dir. */
static void
test_best_statement_over_modules (void)
{
  const char *const names[] = { "container_t", "container_t", NULL };

  expect_charged_to_b ("(block a (allow container_t process (process (transition))))",
                       "(block b\n  (type x)\n  (dontaudit container_t self (dir (ioctl setattr))))",
                       "system.rule", rule_heads, names,
                       "dontaudit container_t container_t:dir { ioctl setattr }: a rule for system type container_t",
                       3);
}

/* `process` in a is a.process, never b.process. */
static void
test_short_names_are_the_modules_own (void)
{
  const char *const names[] = { "b.process", NULL };

  expect_charged_to_b ("(block a (allow process exec (file (read))))",
                       "(block b (type process) (allow process self (file (read))))",
                       "bounds.exceeds", rule_heads, names, "allow b.process b.process:file { read }", -1);
}

/* The rule came from a template macro called with a system type: no rule
 * statement names it, the call does. */
static void
test_macro_call_with_a_system_type (void)
{
  const char *const names[] = { "sap_port_t", "sap_port_t", NULL };

  expect_charged_to_b ("(block a (blockinherit sepm.v1.app) (allow process exec (file (read write))))",
                       "(block b (blockinherit sepm.v1.app)\n (call sepm.v1.domain_identity (sap_port_t)))",
                       "system.rule", rule_heads, names,
                       "allow sap_port_t sap_port_t:file { read write }: a rule for system type sap_port_t", 2);
}

/* Nothing in any text: the module whose name the message gives. */
static void
test_unlocated_goes_to_the_named_module (void)
{
  static const char *const set_heads[] = { "typeattributeset", NULL };
  const char *const names[] = { "base_typeattr_9", NULL };

  expect_charged_to_b ("(block a (type x))", "(block b (type dom0))", "attr.not-in-parent", set_heads, names,
                       "b.dom0 joins attribute base_typeattr_9, which its parent container_t lacks", 0);
}

/* The culprit, not the victim: b writes a rule about a's type in full. */
static void
test_culprit_not_victim (void)
{
  static const char *const perm_heads[] = { "typepermissive", NULL };
  const char *const names[] = { "a.process", NULL };

  expect_charged_to_b ("(block a (type process) (typepermissive process))", "(block b (typepermissive a.process))",
                       "system.permissive", perm_heads, names, "a.process is permissive", -1);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "the statement that matches the message best, over all modules", test_best_statement_over_modules },
    { "a short name is the module's own", test_short_names_are_the_modules_own },
    { "a macro call that passes a system type", test_macro_call_with_a_system_type },
    { "unlocated: the module the message names", test_unlocated_goes_to_the_named_module },
    { "the culprit, never the victim", test_culprit_not_victim },
    { NULL, NULL },
  };
  return unit_run ("locate", tests);
}
