/* What the verifier reports about a module: findings with a stable rule id
 * (docs/verification.md lists them all), a message a person can act on, a
 * hint for the fix, and where it is. */
#ifndef SEPM_FINDINGS_H
#define SEPM_FINDINGS_H

#include <stddef.h>

struct sepm_finding
{
  char *rule_id;
  char *severity;               /* "error" rejects; "warning" never does */
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
/* A warning: what is admitted but cannot work as written (a domain
 * nothing enters, a label that matches no file).  It never changes a
 * verdict unless sepm_findings_promote_warnings makes it an error
 * (--Werror).  Proof code never warns: whatever it doubts is an error. */
void sepm_findings_warn (struct sepm_findings *f, const char *rule_id, const char *file,
                         unsigned line, const char *statement, const char *hint,
                         const char *fmt, ...) __attribute__ ((format (printf, 7, 8)));
/* Add a copy of X with its severity, under FILE (X's own when NULL). */
void sepm_findings_copy (struct sepm_findings *f, const struct sepm_finding *x, const char *file);
/* How many findings are errors: a verdict is "reject" when this is not 0. */
size_t sepm_findings_errors (const struct sepm_findings *f);
void sepm_findings_promote_warnings (struct sepm_findings *f);
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
