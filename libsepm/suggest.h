/* sepm-build --suggest: what to add to a module for the denials a kernel
 * logged, decided with the bounds in mind (docs/suggest.md).  Every
 * statement called grantable was verified with the module first. */
#ifndef SEPM_SUGGEST_H
#define SEPM_SUGGEST_H

#include <stddef.h>

#include "error.h"
#include "profile.h"
#include "system_policy.h"
#include "verify.h"

enum sepm_suggest_case
{
  SEPM_SUGGEST_GRANTABLE = 1,   /* the parent has it: the statement is printed */
  SEPM_SUGGEST_MASKED,          /* the parent lacks it: the bounds mask it */
  SEPM_SUGGEST_CONSTRAINED,     /* an MCS, user or role constraint denies it */
  SEPM_SUGGEST_FORBIDDEN,       /* the proof would reject it (a rule id) */
  SEPM_SUGGEST_TRANSITION,      /* a transition the kernel refused */
  SEPM_SUGGEST_ALLOWED,         /* audited (nnp_transition), then let through by the bounds: nothing to add */
  SEPM_SUGGEST_UNKNOWN,         /* a type or class this policy does not know */
};

const char *sepm_suggest_case_name (enum sepm_suggest_case c);

struct sepm_suggestion
{
  enum sepm_suggest_case kind;
  unsigned line;                /* the first record's line in the audit input */
  size_t n_records;             /* records merged into this one */
  size_t module;                /* which module (index), for cases 1-5 */
  char *source, *target, *tclass;       /* names as the policy has them (web.process) */
  char **perms;                 /* NULL-terminated */
  size_t n_perms;
  char *statement;              /* case 1: CIL in the module's local names */
  char *reason;                 /* why, and what to do instead */
  char *rule_id;                /* case 4 */
  char *macro;                  /* case 1: a template macro that covers it too (and grants more), proved */
};

struct sepm_suggest_report
{
  struct sepm_suggestion *items;
  size_t n;
  size_t records;               /* AVC and SELINUX_ERR records read */
  size_t other;                 /* about no type of these modules: skipped */
  char **malformed;             /* distinct reasons, at most SEPM_SUGGEST_MAX_REASONS; NULL-terminated */
  size_t n_malformed;
  size_t skipped;               /* lines and records skipped, every one counted */
};
#define SEPM_SUGGEST_MAX_REASONS 20

/* Read the records of AUDIT (AUDIT_NAME in messages) and decide each
 * denial against the modules compiled with the system policy's store
 * (exact sources).  The modules must be admitted as they are. */
int sepm_suggest (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                  const struct sepm_module_input *modules, size_t n_modules, const char *audit_name,
                  const char *audit, size_t audit_len, struct sepm_suggest_report *out, sepm_error_t *err);
void sepm_suggest_report_release (struct sepm_suggest_report *r);

/* MODULE's text with the grantable statements for module index M added
 * at the end of its block, under a comment naming AUDIT_NAME.  NULL when
 * the text has no top-level block. */
char *sepm_suggest_apply (const char *text, size_t len, const struct sepm_suggest_report *r, size_t m,
                          const char *audit_name, size_t *out_len);

#endif
