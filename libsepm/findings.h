/* What the verifier reports about a module: findings with a stable rule id
 * (docs/verification.md lists them all), a message a person can act on, a
 * hint for the fix, and where it is. */
#ifndef SEPM_FINDINGS_H
#define SEPM_FINDINGS_H

#include <stddef.h>

struct sepm_finding
{
  char *rule_id;
  char *severity;               /* "error": every finding rejects */
  char *message;
  char *file;                   /* may be NULL */
  unsigned line;                /* 0 when unknown */
  char *statement;              /* the offending statement, may be NULL */
  char *hint;                   /* may be NULL */
};

struct sepm_findings
{
  struct sepm_finding *items;
  size_t n;
  size_t omitted;               /* dropped past the bound of one rule */
};

/* Add a finding; FILE, STATEMENT and HINT may be NULL.  Identical
 * findings (same id, file, line and message) are kept once; past 100 a
 * file's findings of one rule are dropped. */
void sepm_findings_add (struct sepm_findings *f, const char *rule_id, const char *file,
                        unsigned line, const char *statement, const char *hint,
                        const char *fmt, ...) __attribute__ ((format (printf, 7, 8)));
/* Remove the finding added last. */
void sepm_findings_drop_last (struct sepm_findings *f);
int sepm_findings_has (const struct sepm_findings *f, const char *rule_id);
/* Order for a reader: by line (findings with no line last), and among
 * one statement's findings the ones that explain others first (a type
 * that joined an attribute its parent lacks, before the dozens of rules
 * the attribute brings beyond its bounds).  Stable otherwise. */
void sepm_findings_order (struct sepm_findings *f);
void sepm_findings_release (struct sepm_findings *f);

#endif
