/* The system's neverallow rules, checked with libsepol's own matcher
 * (check_assertion) over a right-sized copy of the combined policy's
 * rules.
 *
 * libsepol's CIL compiler checks neverallows by walking the whole avtab,
 * which it always allocates with 2^20 buckets, once per neverallow: about
 * 50 ms for refpolicy, more than the rest of a fast-mode compile.  Fast
 * mode uses this instead; exact mode keeps the compiler's own check, and
 * the differential test compares the two. */
#ifndef SEPM_NEVERALLOW_H
#define SEPM_NEVERALLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <sepol/policydb/policydb.h>

#include "error.h"
#include "obligations.h"

struct sepm_neverallow
{
  char *text;                   /* the statement, for messages */
  char *source;
  char *target;                 /* NULL for self */
  char *class_name;
  char **perms;                 /* NULL-terminated; NULL means all */
};

struct sepm_neverallows
{
  struct sepm_neverallow *items;
  size_t n;
  /* Some statement has a form this matcher does not take (neverallowx, a
   * named class permission set, an expression): use the compiler's check. */
  bool needs_compiler;
};

int sepm_neverallows_parse (const char *text, size_t len, struct sepm_neverallows *out,
                            sepm_error_t *err);
void sepm_neverallows_release (struct sepm_neverallows *na);

/* Add a system.neverallow finding for every rule the combined policy of
 * CTX violates. */
int sepm_neverallows_check (const struct sepm_neverallows *na, struct sepm_obligation_context *ctx,
                            sepm_error_t *err);

#endif
