#include <config.h>
#include "findings.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_FINDINGS_PER_RULE 100

static void
add (struct sepm_findings *f, const char *severity, const char *rule_id, const char *file, unsigned line,
     const char *statement, const char *hint, const char *fmt, va_list ap)
{
  char *message = NULL;

  if (vasprintf (&message, fmt, ap) < 0)
    abort ();

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
      f->omitted++;
      free (message);
      return;
    }
  f->items = xrealloc (f->items, (f->n + 1) * sizeof (*f->items));
  f->items[f->n++] = (struct sepm_finding) {
    .rule_id = xstrdup (rule_id),
    .severity = xstrdup (severity),
    .message = message,
    .file = file ? xstrdup (file) : NULL,
    .line = line,
    .statement = statement ? xstrdup (statement) : NULL,
    .hint = hint ? xstrdup (hint) : NULL,
  };
}

void
sepm_findings_add (struct sepm_findings *f, const char *rule_id, const char *file,
                   unsigned line, const char *statement, const char *hint,
                   const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  add (f, "error", rule_id, file, line, statement, hint, fmt, ap);
  va_end (ap);
}

void
sepm_findings_warn (struct sepm_findings *f, const char *rule_id, const char *file,
                    unsigned line, const char *statement, const char *hint,
                    const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  add (f, "warning", rule_id, file, line, statement, hint, fmt, ap);
  va_end (ap);
}

static void
add_fmt (struct sepm_findings *f, const char *severity, const char *rule_id, const char *file, unsigned line,
         const char *statement, const char *hint, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  add (f, severity, rule_id, file, line, statement, hint, fmt, ap);
  va_end (ap);
}

void
sepm_findings_copy (struct sepm_findings *f, const struct sepm_finding *x, const char *file)
{
  /* A copy never softens: only an explicit warning stays one. */
  const char *severity = x->severity && strcmp (x->severity, "warning") == 0 ? "warning" : "error";
  add_fmt (f, severity, x->rule_id, file ? file : x->file, x->line, x->statement, x->hint, "%s", x->message);
}

/* Anything but an explicit warning counts as an error: a severity
 * nobody set can only reject. */
static bool
is_warning (const struct sepm_finding *x)
{
  return x->severity && strcmp (x->severity, "warning") == 0;
}

size_t
sepm_findings_errors (const struct sepm_findings *f)
{
  size_t n = 0;
  for (size_t i = 0; i < f->n; i++)
    n += !is_warning (&f->items[i]);
  return n;
}

void
sepm_findings_promote_warnings (struct sepm_findings *f)
{
  for (size_t i = 0; i < f->n; i++)
    if (is_warning (&f->items[i]))
      {
        free (f->items[i].severity);
        f->items[i].severity = xstrdup ("error");
      }
}

int
sepm_findings_has (const struct sepm_findings *f, const char *rule_id)
{
  for (size_t i = 0; i < f->n; i++)
    if (strcmp (f->items[i].rule_id, rule_id) == 0)
      return 1;
  return 0;
}

/* Consequences: what a finding of another rule on the same statement
 * usually explains. */
static int
cause_rank (const char *rule_id)
{
  static const char *const consequences[] = { "bounds.", "hierarchy.", "system.neverallow", "module.neverallow",
                                              "system.removed", NULL };
  for (const char *const *c = consequences; *c; c++)
    if (sepm_str_has_prefix (rule_id, *c))
      return 1;
  return 0;
}

struct ranked
{
  struct sepm_finding f;
  size_t index;
};

static int
compare_ranked (const void *pa, const void *pb)
{
  const struct ranked *a = pa, *b = pb;
  unsigned la = a->f.line ? a->f.line : ~0u, lb = b->f.line ? b->f.line : ~0u;
  int ra = cause_rank (a->f.rule_id), rb = cause_rank (b->f.rule_id);

  if (la != lb)
    return la < lb ? -1 : 1;
  if (ra != rb)
    return ra - rb;
  return a->index < b->index ? -1 : a->index > b->index;
}

void
sepm_findings_order (struct sepm_findings *f)
{
  struct ranked *r = xcalloc (f->n + 1, sizeof (*r));

  for (size_t i = 0; i < f->n; i++)
    r[i] = (struct ranked) { f->items[i], i };
  qsort (r, f->n, sizeof (*r), compare_ranked);
  for (size_t i = 0; i < f->n; i++)
    f->items[i] = r[i].f;
  free (r);
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
  f->omitted = 0;
}
