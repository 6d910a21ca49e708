/* Obligation 3: bounds hold under the kernel's semantics.
 *
 * The kernel masks a bounded type's permissions on target T by those of
 * its bound on bounds(T), or on T when T has no bounds
 * (security/selinux/ss/services.c, type_attribute_bounds_av).  sepm
 * requires that nothing be masked, for every rule whose source includes a
 * module type: its own rules and the system rules it receives through
 * attributes.  A conditional permission must be held by the parent under
 * every assignment of the booleans involved in which the child has it. */
#include <config.h>
#include "obligations.h"

#include <stdlib.h>
#include <string.h>
#include <sepol/debug.h>
#include <sepol/handle.h>
#include <sepol/policydb/avtab.h>
#include <sepol/policydb/hierarchy.h>

#include "cond_expr.h"
#include "util.h"

/* 2^20 assignments is the most sepm enumerates for one permission; more
 * booleans than that and the permission is reported as not proven. */
#define MAX_BOOLS_ENUMERATED 20

struct grant
{
  uint32_t perms;
  struct sepm_rule_origin origin;
};

struct grants
{
  uint32_t unconditional;
  struct grant *items;
  size_t n, cap;
};

static void
push_grant (struct grants *g, uint32_t perms, struct sepm_rule_origin origin)
{
  if (g->n == g->cap)
    {
      g->cap = g->cap ? g->cap * 2 : 8;
      g->items = xrealloc (g->items, g->cap * sizeof (*g->items));
    }
  g->items[g->n++] = (struct grant) { perms, origin };
}

/* Everything SRC may do to TGT in class CLS: the union over the attribute
 * pairs the kernel would look up. */
static void
collect_grants (const struct sepm_compare *c, uint32_t src, uint32_t tgt, uint16_t cls,
                struct grants *g)
{
  const ebitmap_t *sa = &c->comb->type_attr_map[src - 1];
  const ebitmap_t *ta = &c->comb->type_attr_map[tgt - 1];
  ebitmap_node_t *n1, *n2;
  unsigned i, j;

  memset (g, 0, sizeof (*g));
  ebitmap_for_each_positive_bit (sa, n1, i)
    ebitmap_for_each_positive_bit (ta, n2, j)
    {
      avtab_key_t key = { .source_type = i + 1, .target_type = j + 1,
                          .target_class = cls, .specified = AVTAB_ALLOWED };
      avtab_datum_t *d = avtab_search (&c->comb->te_avtab, &key);
      if (d)
        g->unconditional |= d->data;
      for (avtab_ptr_t n = avtab_search_node (&c->comb->te_cond_avtab, &key); n;
           n = avtab_search_node_next (n, AVTAB_ALLOWED))
        push_grant (g, n->datum.data, sepm_compare_origin (c, n));
    }
}

static bool
origin_enabled (struct sepm_rule_origin o, const unsigned char *assignment, bool if_malformed)
{
  if (o.cond == NULL)
    return true;
  /* The conditional's value that makes the origin's list enabled. */
  return (sepm_cond_expr_eval (o.cond, assignment, if_malformed ? o.branch : !o.branch) != 0) == o.branch;
}

/* Is PERM held by the parent whenever the child holds it? */
static bool
conditional_perm_proven (const struct sepm_compare *c, struct sepm_rule_origin child,
                         const struct grants *g, uint32_t perm)
{
  uint32_t bools[MAX_BOOLS_ENUMERATED];
  size_t n = 0;
  unsigned char *assignment;
  bool proven = true;

  n = sepm_cond_expr_bools (child.cond, bools, n, MAX_BOOLS_ENUMERATED);
  for (size_t i = 0; i < g->n && n <= MAX_BOOLS_ENUMERATED; i++)
    if (g->items[i].perms & perm)
      n = sepm_cond_expr_bools (g->items[i].origin.cond, bools, n, MAX_BOOLS_ENUMERATED);
  if (n > MAX_BOOLS_ENUMERATED)
    return false;

  assignment = xcalloc (c->comb->p_bools.nprim + 1, 1);
  for (uint64_t a = 0; proven && a < (UINT64_C (1) << n); a++)
    {
      bool granted = false;
      for (size_t i = 0; i < n; i++)
        assignment[bools[i] - 1] = (a >> i) & 1;
      /* A malformed child condition counts as enabled, a malformed parent
       * one as disabled: the proof stays sound either way. */
      if (!origin_enabled (child, assignment, true))
        continue;
      for (size_t i = 0; i < g->n && !granted; i++)
        granted = (g->items[i].perms & perm) && origin_enabled (g->items[i].origin, assignment, false);
      proven = granted;
    }
  free (assignment);
  return proven;
}

uint32_t
sepm_obligation_unproven_perms (const struct sepm_compare *c, struct sepm_rule_origin child, uint32_t perms,
                uint32_t parent, uint32_t target, uint16_t cls)
{
  struct grants g;
  uint32_t missing, unproven = 0;

  collect_grants (c, parent, target, cls, &g);
  missing = perms & ~g.unconditional;
  for (unsigned bit = 0; missing && bit < 32; bit++)
    {
      uint32_t p = UINT32_C (1) << bit;
      if ((missing & p) && !conditional_perm_proven (c, child, &g, p))
        unproven |= p;
    }
  free (g.items);
  return unproven;
}

struct bounds_walk
{
  struct sepm_obligation_context *ctx;
  uint32_t *module_types;       /* bounded module types, 0-terminated */
};

static void
report_exceeds (struct sepm_obligation_context *ctx, uint32_t child, uint32_t parent,
                uint32_t target, uint32_t mapped, const avtab_key_t *key, uint32_t missing,
                size_t more_targets)
{
  const struct sepm_compare *c = ctx->cmp;
  policydb_t *p = c->comb;
  const char *cls = sepm_compare_class_name (p, key->target_class);
  const char *child_name = sepm_compare_type_name (c, child);
  const char *target_name = sepm_compare_type_name (c, target);
  const char *rule_source = sepm_compare_type_name (c, key->source_type);
  cleanup_free char *perms = sepm_compare_perms_to_string (p, key->target_class, missing);
  cleanup_free char *via = NULL;
  cleanup_free char *more = NULL;
  static const char *const allow_heads[] = { "allow", NULL };
  static const char *const join_heads[] = { "typeattributeset", "call", NULL };
  const char *exact[] = { child_name, target_name, cls, NULL };
  const char *loose[] = { child_name, cls, NULL };
  const char *joined[] = { child_name, NULL };
  const char *const *names = exact;
  const char *const *heads = allow_heads;

  if (key->source_type != child)
    {
      /* The right comes through an attribute the child joined: by a set
       * or a template's macro that names the child.  Not any statement
       * that names the attribute: another module's rule on
       * container_net_domain put nobody in it (the long run's seed 2,
       * m01129). */
      via = xasprintf (" (through attribute %s)", rule_source);
      heads = join_heads;
      names = joined;
    }
  else if (target != key->target_type)
    names = loose;
  if (more_targets)
    more = xasprintf (" (and %zu more targets)", more_targets);
  sepm_obligation_report (ctx, "bounds.exceeds", heads, names,
                          "Remove the permissions, or grant only what the parent already has; "
                          "`sesearch -A -s PARENT -t TARGET -c CLASS` lists the parent's rights.",
                          "%s exceeds its bound %s: allow %s %s:%s %s%s; %s lacks %s on %s%s",
                          child_name, sepm_compare_type_name (c, parent), child_name, target_name,
                          cls, perms, via ? via : "", sepm_compare_type_name (c, parent), perms,
                          sepm_compare_type_name (c, mapped), more ? more : "");
}

static void
check_rule_for_child (struct sepm_obligation_context *ctx, avtab_ptr_t node,
                      struct sepm_rule_origin origin, uint32_t child)
{
  const struct sepm_compare *c = ctx->cmp;
  const avtab_key_t *key = &node->key;
  uint32_t parent = sepm_compare_bounds (c, child);
  uint32_t first_target = 0, first_mapped = 0, first_missing = 0;
  size_t failures = 0;

  for (uint32_t t = 1; t <= c->n_types; t++)
    {
      uint32_t mapped, missing;

      if (sepm_compare_is_attribute (c, t) || !sepm_compare_type_in (c, t, key->target_type))
        continue;
      mapped = sepm_compare_bounds (c, t) ? sepm_compare_bounds (c, t) : t;
      /* The same rule grants the parent the same, under the same condition. */
      if (sepm_compare_type_in (c, parent, key->source_type)
          && sepm_compare_type_in (c, mapped, key->target_type))
        continue;
      missing = sepm_obligation_unproven_perms (c, origin, node->datum.data, parent, mapped, key->target_class);
      if (!missing)
        continue;
      if (failures++ == 0)
        {
          first_target = t;
          first_mapped = mapped;
          first_missing = missing;
        }
    }
  if (failures)
    report_exceeds (ctx, child, parent, first_target, first_mapped, key, first_missing, failures - 1);
}

static void
visit_rule (const struct sepm_compare *c, avtab_ptr_t node, struct sepm_rule_origin origin,
            void *arg)
{
  struct bounds_walk *w = arg;

  if (!(node->key.specified & AVTAB_ALLOWED))
    return;
  for (uint32_t *m = w->module_types; *m; m++)
    if (sepm_compare_type_in (c, *m, node->key.source_type))
      check_rule_for_child (w->ctx, node, origin, *m);
}

void
sepm_obligation_check_bounds (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  struct bounds_walk w = { ctx, xcalloc (c->n_types + 1, sizeof (uint32_t)) };
  size_t n = 0;

  for (uint32_t v = 1; v <= c->n_types; v++)
    if (c->is_module_type[v] && sepm_compare_bounds (c, v))
      w.module_types[n++] = v;
  if (n)
    sepm_compare_each_rule (c, visit_rule, &w);
  free (w.module_types);
}

static void
quiet (void *arg, sepol_handle_t *h, const char *fmt, ...)
{
  (void) arg, (void) h, (void) fmt;
}

/* Exact mode also runs libsepol's own typebounds check, as semodule's
 * compile does; fast mode compiles without the compiler's checks (they
 * include every neverallow), so it runs the same check here.  libsepol
 * judges a conditional rule by its list alone, never by whether its
 * condition can hold: `(booleanif (not (eq b b)) (true (allow ...))))`
 * passes sepm's own check and fails libsepol's (the long differential
 * run's seed 1, m05055), and the store would refuse it. */
void
sepm_obligation_check_bounds_as_compiler (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  policydb_t *p = c->comb;
  sepol_handle_t *h = sepol_handle_create ();

  if (h == NULL)
    abort ();
  sepol_msg_set_callback (h, quiet, NULL);
  for (uint32_t v = 1; v <= c->n_types; v++)
    {
      uint32_t parent = sepm_compare_bounds (c, v);
      avtab_ptr_t bad = NULL;
      int numbad = 0;

      if (!c->is_module_type[v] || !parent)
        continue;
      if (bounds_check_type (h, p, v, parent, &bad, &numbad) != 0 && numbad == 0)
        {
          /* libsepol could not finish the check: fail closed. */
          static const char *const heads[] = { "typebounds", NULL };
          const char *names[] = { sepm_compare_type_name (c, v), NULL };
          sepm_obligation_report (ctx, "bounds.exceeds", heads, names,
                                  "Simplify the module's rules for this type.",
                                  "libsepol could not check the bounds of %s", names[0]);
        }
      if (numbad > 0 && bad)
        {
          static const char *const heads[] = { "allow", NULL };
          const char *child = sepm_compare_type_name (c, v);
          const char *names[] = { child, NULL };
          cleanup_free char *perms = sepm_compare_perms_to_string (p, bad->key.target_class, bad->datum.data);
          sepm_obligation_report_rule (ctx, "bounds.exceeds", heads, names,
                                       sepm_compare_class_name (p, bad->key.target_class),
                                       "Remove the permissions, or grant only what the parent already has.",
                                       "Child type %s exceeds bounds of parent %s (found by libsepol): "
                                       "%s %s", child, sepm_compare_type_name (c, parent),
                                       sepm_compare_class_name (p, bad->key.target_class), perms);
        }
      bounds_destroy_bad (bad);
    }
  sepol_handle_destroy (h);
}

/* The compiler's checks also bound users and roles; a policy that fails
 * them is refused by the store.  Both modes read it from a compile
 * without those checks, which runs them on the policy as built
 * (cil_compile.h): read back, object_r has neither bounds nor types, and
 * `(rolebounds sysadm_r object_r)` passed there while the store refused
 * it (the long differential run's seed 1, m04561).  Exact mode's compile
 * with the checks cannot say which check failed: libsepol names a user
 * or role violation only to its default handler (seed 2, m00055). */
void
sepm_obligation_check_user_role_bounds (struct sepm_obligation_context *ctx)
{
  static const char *const heads[] = { "userbounds", "rolebounds", NULL };
  static const char *const no_names[] = { NULL };

  if (ctx->user_role_bounds_refused)
    sepm_obligation_report (ctx, "compile.error", heads, no_names, SEPM_CHECKS_REFUSED_HINT,
                            "the module does not compile against the system policy: "
                            "a user or role exceeds its bounds");
}
