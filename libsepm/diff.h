/* The complete diff: every component of the compiled policy, and every
 * file libsemanage writes beside it, compared between the combined policy
 * and the system alone (docs/verification.md, "The diff").
 *
 * Each component is rendered as lines of text that name everything by
 * name, so that two policies with different symbol values compare.  A
 * line that mentions a module-owned name as its subject (a new type,
 * attribute, alias or boolean) is left out of the rendering: such lines
 * are judged by the obligation of their row instead (bounds, attributes,
 * roles, namespace).  Every other line must be the same in both policies:
 * a line only in the combined one is a change to the system, a line only
 * in the base one is a removal, and both are findings.  That is the
 * allow-list: what may differ is exactly what the rows name. */
#ifndef SEPM_DIFF_H
#define SEPM_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cil_compile.h"
#include "obligations.h"
#include "util.h"

struct sepm_diff_lines
{
  char **items;
  size_t n, cap;
};

void sepm_diff_lines_add (struct sepm_diff_lines *l, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
void sepm_diff_lines_release (struct sepm_diff_lines *l);

/* How one policy is rendered: which of its type values are module-owned
 * (only ever in the combined policy). */
struct sepm_diff_view
{
  const policydb_t *p;
  const struct sepm_compare *cmp;       /* NULL for a base policy */
};

/* Value V of symbol table SYM in FROM -> the same name's value in TO (0
 * when TO lacks it); index 0 unused. */
uint32_t *sepm_diff_value_map (const policydb_t *from, const policydb_t *to, int sym);

bool sepm_diff_view_module_type (const struct sepm_diff_view *v, uint32_t type);
const char *sepm_diff_view_type (const struct sepm_diff_view *v, uint32_t type);
const char *sepm_diff_view_role (const struct sepm_diff_view *v, uint32_t role);
const char *sepm_diff_view_user (const struct sepm_diff_view *v, uint32_t user);
const char *sepm_diff_view_class (const struct sepm_diff_view *v, uint32_t cls);
const char *sepm_diff_view_bool (const struct sepm_diff_view *v, uint32_t b);
/* Names, not values: "read open" for PERMS of class CLS. */
void sepm_diff_render_perms (struct sepm_buf *b, const struct sepm_diff_view *v, uint32_t cls, uint32_t perms);
/* The system types of a type bitmap (values - 1), by name, sorted. */
void sepm_diff_render_types (struct sepm_buf *b, const struct sepm_diff_view *v, const ebitmap_t *types);
void sepm_diff_render_level (struct sepm_buf *b, const struct sepm_diff_view *v, const mls_level_t *l);
void sepm_diff_render_range (struct sepm_buf *b, const struct sepm_diff_view *v, const mls_range_t *r);
void sepm_diff_render_context (struct sepm_buf *b, const struct sepm_diff_view *v, const context_struct_t *c);

/* One component of the diff. */
struct sepm_diff_component
{
  const char *name;             /* for messages: "users" */
  const char *rule_id;          /* what a difference here is */
  const char *const *heads;     /* statements to point at in the module */
  const char *hint;
  void (*render) (const struct sepm_diff_view *v, struct sepm_diff_lines *out);
};

/* Render COMPONENT of the combined policy and of the base (the system
 * built from the same sources: the store in exact mode, the slice in fast
 * mode), compare, and report every difference. */
void sepm_diff_component (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component);
/* The same for lines already rendered; sorts them. */
void sepm_diff_compare_lines (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component,
                      struct sepm_diff_lines *base, struct sepm_diff_lines *comb);
/* Report a line that differs: ADDED is false for a removal. */
void sepm_diff_report (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component,
                       const char *line, bool added);

/* The components, by file. */
extern const struct sepm_diff_component sepm_diff_symbol_components[];
extern const size_t sepm_n_diff_symbol_components;
extern const struct sepm_diff_component sepm_diff_rule_components[];
extern const size_t sepm_n_diff_rule_components;
extern const struct sepm_diff_component sepm_diff_labeling_components[];
extern const size_t sepm_n_diff_labeling_components;

/* The rule tables (te_avtab, te_cond_avtab): what the base has that the
 * combined policy lost (additions are judged by obligation_system_rules.c). */
void sepm_diff_rule_removals (struct sepm_obligation_context *ctx);
/* Roles' types and the attribute memberships of system types, bit by bit. */
void sepm_diff_bitmaps (struct sepm_obligation_context *ctx);
/* The files libsemanage writes beside the kernel policy. */
void sepm_diff_aux (struct sepm_obligation_context *ctx);

#endif
