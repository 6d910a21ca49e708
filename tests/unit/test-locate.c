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

struct two
{
  struct sexpr *tree[2];
  struct sepm_module_view view[2];
  struct sepm_findings findings;
  struct sepm_obligation_context ctx;
};

static void
two_open (struct two *t, const char *a, const char *b)
{
  const char *text[2] = { a, b };
  static const char *const path[2] = { "a.cil", "b.cil" };
  static const char *const ns[2] = { "a", "b" };

  memset (t, 0, sizeof (*t));
  for (int i = 0; i < 2; i++)
    {
      sepm_error_t err = NULL;
      CU_ASSERT_FATAL (sepm_sexpr_parse (path[i], text[i], strlen (text[i]), 64, &t->tree[i], &err) == 0);
      t->view[i] = (struct sepm_module_view) { path[i], ns[i], t->tree[i] };
    }
  t->ctx.modules = t->view;
  t->ctx.n_modules = 2;
  t->ctx.findings = &t->findings;
}

static void
two_close (struct two *t)
{
  for (int i = 0; i < 2; i++)
    sepm_sexpr_free (t->tree[i]);
  sepm_findings_release (&t->findings);
}

static const char *const rule_heads[] = { "allow", "dontaudit", "auditallow", NULL };

/* Both name container_t; only b writes the dontaudit on dir. */
static void
test_best_statement_over_modules (void)
{
  struct two t;
  const char *const names[] = { "container_t", "container_t", NULL };

  two_open (&t, "(block a (allow container_t process (process (transition))))",
            "(block b\n  (type x)\n  (dontaudit container_t self (dir (ioctl setattr))))");
  sepm_obligation_report (&t.ctx, "system.rule", rule_heads, names, NULL,
                          "dontaudit container_t container_t:dir { ioctl setattr }: a rule for system type %s",
                          "container_t");
  CU_ASSERT_EQUAL_FATAL (t.findings.n, 1);
  CU_ASSERT_STRING_EQUAL (t.findings.items[0].file, "b.cil");
  CU_ASSERT_EQUAL (t.findings.items[0].line, 3);
  two_close (&t);
}

/* `process` in a is a.process, never b.process. */
static void
test_short_names_are_the_modules_own (void)
{
  struct two t;
  const char *const names[] = { "b.process", NULL };

  two_open (&t, "(block a (allow process exec (file (read))))",
            "(block b (type process) (allow process self (file (read))))");
  sepm_obligation_report (&t.ctx, "bounds.exceeds", rule_heads, names, NULL,
                          "allow b.process b.process:file { read }");
  CU_ASSERT_EQUAL_FATAL (t.findings.n, 1);
  CU_ASSERT_STRING_EQUAL (t.findings.items[0].file, "b.cil");
  two_close (&t);
}

/* The rule came from a template macro called with a system type: no rule
 * statement names it, the call does. */
static void
test_macro_call_with_a_system_type (void)
{
  struct two t;
  const char *const names[] = { "sap_port_t", "sap_port_t", NULL };

  two_open (&t, "(block a (blockinherit sepm.v1.app) (allow process exec (file (read write))))",
            "(block b (blockinherit sepm.v1.app)\n (call sepm.v1.domain_identity (sap_port_t)))");
  sepm_obligation_report (&t.ctx, "system.rule", rule_heads, names, NULL,
                          "allow sap_port_t sap_port_t:file { read write }: a rule for system type sap_port_t");
  CU_ASSERT_EQUAL_FATAL (t.findings.n, 1);
  CU_ASSERT_STRING_EQUAL (t.findings.items[0].file, "b.cil");
  CU_ASSERT_EQUAL (t.findings.items[0].line, 2);
  two_close (&t);
}

/* Nothing in any text: the module whose name the message gives. */
static void
test_unlocated_goes_to_the_named_module (void)
{
  struct two t;
  static const char *const set_heads[] = { "typeattributeset", NULL };
  const char *const names[] = { "base_typeattr_9", NULL };

  two_open (&t, "(block a (type x))", "(block b (type dom0))");
  sepm_obligation_report (&t.ctx, "attr.not-in-parent", set_heads, names, NULL,
                          "b.dom0 joins attribute base_typeattr_9, which its parent container_t lacks");
  CU_ASSERT_EQUAL_FATAL (t.findings.n, 1);
  CU_ASSERT_STRING_EQUAL (t.findings.items[0].file, "b.cil");
  CU_ASSERT_EQUAL (t.findings.items[0].line, 0);
  two_close (&t);
}

/* The culprit, not the victim: b writes a rule about a's type in full. */
static void
test_culprit_not_victim (void)
{
  struct two t;
  static const char *const perm_heads[] = { "typepermissive", NULL };
  const char *const names[] = { "a.process", NULL };

  two_open (&t, "(block a (type process) (typepermissive process))", "(block b (typepermissive a.process))");
  sepm_obligation_report (&t.ctx, "system.permissive", perm_heads, names, NULL, "a.process is permissive");
  CU_ASSERT_EQUAL_FATAL (t.findings.n, 1);
  CU_ASSERT_STRING_EQUAL (t.findings.items[0].file, "b.cil");
  two_close (&t);
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
