#include <config.h>
#include "findings.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_FINDINGS_PER_RULE 100

void
sepm_findings_add (struct sepm_findings *f, const char *rule_id, const char *file,
                   unsigned line, const char *statement, const char *hint,
                   const char *fmt, ...)
{
  va_list ap;
  char *message = NULL;

  va_start (ap, fmt);
  if (vasprintf (&message, fmt, ap) < 0)
    abort ();
  va_end (ap);

  size_t of_rule = 0;
  for (size_t i = 0; i < f->n; i++)
    {
      if (strcmp (f->items[i].rule_id, rule_id) == 0 && f->items[i].line == line
          && sepm_str_same (f->items[i].file, file) && sepm_str_same (f->items[i].message, message))
        {
          free (message);
          return;
        }
      of_rule += sepm_str_same (f->items[i].file, file) && strcmp (f->items[i].rule_id, rule_id) == 0;
    }
  /* A hostile module can trip thousands of rules; the first ones are
   * enough to act on.  The bound is each file's and each rule's: with
   * modules verified together, one module's flood must not crowd out
   * another's findings (that module would look admitted), and one rule's
   * flood must not hide another rule (the long differential run's seed
   * 1, m06628: 499 system.transition findings hid exact mode's
   * system.rule, and the modes seemed to disagree). */
  if (of_rule >= MAX_FINDINGS_PER_RULE)
    {
      free (message);
      return;
    }
  f->items = xrealloc (f->items, (f->n + 1) * sizeof (*f->items));
  f->items[f->n++] = (struct sepm_finding) {
    .rule_id = xstrdup (rule_id),
    .severity = xstrdup ("error"),
    .message = message,
    .file = file ? xstrdup (file) : NULL,
    .line = line,
    .statement = statement ? xstrdup (statement) : NULL,
    .hint = hint ? xstrdup (hint) : NULL,
  };
}

int
sepm_findings_has (const struct sepm_findings *f, const char *rule_id)
{
  for (size_t i = 0; i < f->n; i++)
    if (strcmp (f->items[i].rule_id, rule_id) == 0)
      return 1;
  return 0;
}

static void
finding_release (struct sepm_finding *x)
{
  free (x->rule_id);
  free (x->severity);
  free (x->message);
  free (x->file);
  free (x->statement);
  free (x->hint);
}

void
sepm_findings_drop_last (struct sepm_findings *f)
{
  if (f->n)
    finding_release (&f->items[--f->n]);
}

void
sepm_findings_release (struct sepm_findings *f)
{
  for (size_t i = 0; i < f->n; i++)
    finding_release (&f->items[i]);
  free (f->items);
  f->items = NULL;
  f->n = 0;
}
