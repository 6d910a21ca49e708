/* The proof obligations of docs/verification.md, one function each, in
 * the same order.  Each adds findings; none fails: a finding is a result,
 * not an error. */
#ifndef SEPM_OBLIGATIONS_H
#define SEPM_OBLIGATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "findings.h"
#include "policy_compare.h"
#include "sexpr.h"

/* One of the modules verified together (an image's layers are). */
struct sepm_module_view
{
  const char *path;             /* for file:line */
  const char *namespace_name;   /* its top-level block, or NULL */
  const struct sexpr *tree;     /* its parse tree */
  int group;                    /* its image, when several are verified side by side (verify.h) */
};

struct sepm_obligation_context
{
  const struct sepm_compare *cmp;
  const struct sepm_module_view *modules;
  size_t n_modules;
  const uint32_t *domain_parents;       /* combined values, 0-terminated */
  const uint32_t *object_parents;
  struct sepm_findings *findings;
  /* What libsemanage writes beside the kernel policy (cil_compile.h), for
   * the base and for the combined policy. */
  char *const *base_aux;
  const size_t *base_aux_len;
  char *const *comb_aux;
  const size_t *comb_aux_len;
  /* The compile without the compiler's checks found a user or role
   * beyond its bounds (cil_compile.h). */
  bool user_role_bounds_refused;
  /* Per module, the attributes its text declares (full names): built on
   * a finding's first search, freed by sepm_obligation_context_release. */
  struct sepm_strset **own_attributes;
};

void sepm_obligation_context_release (struct sepm_obligation_context *ctx);

/* 2. Its types are its own. */
void sepm_obligation_check_namespace_structure (const struct sexpr *tree, const char *path,
                                     struct sepm_findings *findings, char **namespace_name);
void sepm_obligation_check_namespace_names (struct sepm_obligation_context *ctx);
void sepm_obligation_check_type_bounds_declared (struct sepm_obligation_context *ctx);
/* 3. Bounds hold under the kernel's semantics. */
void sepm_obligation_check_bounds (struct sepm_obligation_context *ctx);
/* The hint for a policy libsepol's checks refuse. */
#define SEPM_CHECKS_REFUSED_HINT \
  "libsepol's neverallow and bounds checks refused the policy; `secilc` gives the same message."
/* libsepol's typebounds check, which exact mode's compile runs. */
void sepm_obligation_check_bounds_as_compiler (struct sepm_obligation_context *ctx);
/* libsepol's user and role bounds checks, which the compiler's checks run. */
void sepm_obligation_check_user_role_bounds (struct sepm_obligation_context *ctx);
/* 4. Attributes and roles. */
void sepm_obligation_check_attributes (struct sepm_obligation_context *ctx);
void sepm_obligation_check_roles (struct sepm_obligation_context *ctx);
/* Every constraint binds a module type at least as tightly as its parent. */
void sepm_obligation_check_constraint_bindings (struct sepm_obligation_context *ctx);
/* Images side by side: a rule a module adds never involves the types of
 * two images, and a module attribute holds its own image's types only. */
void sepm_obligation_check_image_boundaries (struct sepm_obligation_context *ctx);
/* 5. It does not alter the system policy. */
void sepm_obligation_check_system_rules (struct sepm_obligation_context *ctx);
/* Is NODE (of the combined policy) more than the base has under its key? */
bool sepm_obligation_rule_is_contribution (const struct sepm_compare *c, avtab_ptr_t node, struct sepm_rule_origin origin);
/* Which module owns NAME (its block is NAME's first part); n_modules when none. */
size_t sepm_obligation_owner (const struct sepm_obligation_context *ctx, const char *name);
/* Every other part of the policy, and the files beside it (diff.h). */
void sepm_diff_check (struct sepm_obligation_context *ctx);
/* filecon and labeling statements, found in the module's text. */
void sepm_obligation_check_text_only_statements (struct sepm_obligation_context *ctx);
/* 6. Domain hierarchy. */
void sepm_obligation_check_hierarchy (struct sepm_obligation_context *ctx);

/* Helpers shared by the obligation files. */
bool sepm_obligation_is_domain_parent (const struct sepm_obligation_context *ctx, uint32_t type);
bool sepm_obligation_is_allowed_parent (const struct sepm_obligation_context *ctx, uint32_t type);
/* The permissions of PERMS (held under ORIGIN) that PARENT does not hold
 * on TARGET in class CLS under every relevant boolean assignment. */
uint32_t sepm_obligation_unproven_perms (const struct sepm_compare *c, struct sepm_rule_origin origin,
                              uint32_t perms, uint32_t parent, uint32_t target, uint16_t cls);
/* Is NAME declared in one of the modules' namespaces? */
bool sepm_obligation_in_module_namespace (const struct sepm_obligation_context *ctx, const char *name);
/* Add a finding located at the statement that best matches, in whichever
 * module's text has it.  For a finding about a compiled rule of class
 * CLS, a statement that also names CLS is preferred (NULL: no class). */
void sepm_obligation_report_rule (struct sepm_obligation_context *ctx, const char *rule_id,
                                  const char *const *heads, const char *const *names, const char *cls,
                                  const char *hint, const char *fmt, ...)
  __attribute__ ((format (printf, 7, 8)));
#define sepm_obligation_report(ctx, rule_id, heads, names, hint, ...) \
  sepm_obligation_report_rule ((ctx), (rule_id), (heads), (names), NULL, (hint), __VA_ARGS__)

#endif
