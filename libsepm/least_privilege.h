/* The least-privilege report: how many of its parent's permissions a
 * module domain keeps, by class.  A permission is a (target type, class,
 * permission) triple the allow rules grant, with attribute targets
 * expanded to their types and a module target counted as the system type
 * it is bounded by (as the kernel checks it).  Conditional rules count as
 * granted (the most a boolean can give). */
#ifndef SEPM_LEAST_PRIVILEGE_H
#define SEPM_LEAST_PRIVILEGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy_compare.h"

struct sepm_class_share
{
  char *cls;
  uint64_t kept;                /* the domain's triples the parent also has */
  uint64_t parent;              /* the parent's triples */
};

struct sepm_privilege_share
{
  struct sepm_class_share *classes;     /* classes the parent has, by class name */
  size_t n;
  uint64_t kept, parent;        /* totals */
};

/* DOMAIN's share of PARENT's permissions (combined policy values). */
void sepm_least_privilege (const struct sepm_compare *c, uint32_t domain, uint32_t parent,
                           struct sepm_privilege_share *out);
void sepm_privilege_share_release (struct sepm_privilege_share *s);

/* What CHILD holds on a module type TARGET beyond what PARENT, its
 * bound, holds there (where PARENT holds any of the class), but that the
 * kernel lets it do: the kernel checks a bounded
 * domain against its parent's rights on the target's own bound (ANCHOR),
 * not on the target.  So a worker may write files its master may only
 * read, when the master may write the anchor.  Within the bounds, so a
 * warning, never a finding that rejects.  Only the TARGETS marked (by
 * type value) are looked at.  FN gets each (TARGET, ANCHOR, class,
 * permissions), with targets exact (combined policy values). */
typedef void (*sepm_anchor_grant_fn) (void *arg, uint32_t target, uint32_t anchor, uint32_t cls,
                                      uint32_t perms);
void sepm_least_privilege_anchor_grants (const struct sepm_compare *c, uint32_t child, uint32_t parent,
                                         const bool *targets, sepm_anchor_grant_fn fn, void *arg);

#endif
