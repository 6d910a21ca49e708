/* Obligation 4, constraints: a module type is bound by every constraint at
 * least as tightly as its root parent (docs/verification.md,
 * attr.constraint-missing).
 *
 * A constraint is a boolean expression that must hold for a permission to
 * be granted.  Its type leaves (`t1 == S`, `t2 != S`) test whether the
 * source or target type is in a set S.  Through the `not`s above it, each
 * leaf has a polarity: where it is positive, being in S helps the
 * expression hold (an exemption, such as refpolicy's
 * `t2 == process_user_target`); where it is negative, being in S makes it
 * harder (a binding, such as MCS's `t1 != mcs_constrained_type`).  The
 * expression is monotone in each leaf's value, so a module type M is
 * never looser than its parent R when, leaf by leaf:
 *   positive leaf: M in S only if R in S (no exemption R lacks),
 *   negative leaf: R in S only if M in S (every binding R has).
 * A leaf of both polarities needs both.  An exemption M lacks only makes
 * it stricter, and is allowed. */
#include <config.h>
#include "obligations.h"

#include <string.h>
#include <sepol/policydb/constraint.h>

#include "strset.h"
#include "util.h"

/* Every type leaf of one constraint, with its polarities. */
struct leaf
{
  const constraint_expr_t *e;
  bool positive, negative;
};

struct leaves
{
  struct leaf *items;
  size_t n;
};

/* The expression is postfix; rebuild the tree to know each leaf's
 * polarity.  Returns false for an expression libsepol should have
 * refused (the caller then requires M and R to agree on every leaf). */
static bool
collect_leaves (const constraint_expr_t *expr, struct leaves *out)
{
  size_t n = 0, depth = 0;
  for (const constraint_expr_t *e = expr; e; e = e->next)
    n++;
  const constraint_expr_t **node = xcalloc (n + 1, sizeof (*node));
  size_t (*kids)[2] = xcalloc (n + 1, sizeof (*kids));
  size_t *stack = xcalloc (n + 1, sizeof (*stack));
  int *sign = xcalloc (n + 1, sizeof (*sign));
  bool ok = true;
  size_t i = 0;

  out->items = xcalloc (n + 1, sizeof (*out->items));
  out->n = 0;
  for (const constraint_expr_t *e = expr; e && ok; e = e->next, i++)
    {
      size_t arity = e->expr_type == CEXPR_NOT ? 1 : (e->expr_type == CEXPR_AND || e->expr_type == CEXPR_OR) ? 2 : 0;
      node[i] = e;
      if (depth < arity)
        ok = false;
      else
        {
          for (size_t k = arity; k > 0; k--)
            kids[i][k - 1] = stack[--depth] + 1;
          stack[depth++] = i;
        }
    }
  if (!ok || depth != 1)
    {
      free (node), free (kids), free (stack), free (sign);
      return false;
    }
  /* Postfix order puts children before parents: walk from the root down. */
  sign[stack[0]] = 1;
  for (size_t k = n; k-- > 0;)
    {
      const constraint_expr_t *e = node[k];
      if (sign[k] == 0)
        continue;
      for (int c = 0; c < 2; c++)
        if (kids[k][c])
          sign[kids[k][c] - 1] = e->expr_type == CEXPR_NOT ? -sign[k] : sign[k];
      if (e->expr_type == CEXPR_NAMES && (e->attr & CEXPR_TYPE))
        {
          int pol = e->op == CEXPR_EQ ? sign[k] : e->op == CEXPR_NEQ ? -sign[k] : 0;
          out->items[out->n++] = (struct leaf) { e, pol >= 0, pol <= 0 };
        }
    }
  free (node), free (kids), free (stack), free (sign);
  return true;
}

/* The set a leaf names, as written, for messages. */
static const char *
leaf_set_name (const struct sepm_compare *c, const constraint_expr_t *e)
{
  ebitmap_node_t *en;
  unsigned bit;
  if (e->type_names)
    ebitmap_for_each_positive_bit (&e->type_names->types, en, bit)
      return sepm_compare_type_name (c, bit + 1);
  return "a set of types";
}

/* A person needs one finding per type and set, not one per class. */
static bool
first_time (struct sepm_strset *seen, const char *m, const char *set, const char *how)
{
  cleanup_free char *key = xasprintf ("%s|%s|%s", m, set, how);
  return sepm_strset_add (seen, key, NULL);
}

static void
check_leaf (struct sepm_obligation_context *ctx, struct sepm_strset *seen, uint32_t m, uint32_t root,
            const struct leaf *l, const char *cls, const char *kind)
{
  const struct sepm_compare *c = ctx->cmp;
  /* The kernel tests the leaf's expanded names, never the set as written. */
  bool in_m = ebitmap_get_bit (&l->e->names, m - 1);
  bool in_r = ebitmap_get_bit (&l->e->names, root - 1);
  const char *set = leaf_set_name (c, l->e);
  const char *mname = sepm_compare_type_name (c, m), *rname = sepm_compare_type_name (c, root);
  static const char *const type_heads[] = { "type", "typeattributeset", NULL };
  const char *names[] = { mname, NULL };

  if (l->negative && in_r && !in_m && first_time (seen, mname, set, "binding"))
    {
      cleanup_free char *hint = xasprintf ("Add `(typeattributeset %s (%s))`: the templates' domain and file "
                                           "blocks do this for you.", set, mname);
      sepm_obligation_report (ctx, "attr.constraint-missing", type_heads, names, hint,
                              "%s lacks %s, which its parent %s has and a %s on class %s relies on to bind it "
                              "(for MCS: to keep containers apart; the first class found)", mname, set, rname, kind, cls);
    }
  if (l->positive && in_m && !in_r && first_time (seen, mname, set, "exemption"))
    sepm_obligation_report (ctx, "attr.constraint-missing", type_heads, names,
                            "Join only the attributes of the parent; this one exempts its members from a "
                            "constraint.",
                            "%s is in %s, which its parent %s is not, and a %s on class %s exempts its members",
                            mname, set, rname, kind, cls);
}

static void
check_constraints (struct sepm_obligation_context *ctx, struct sepm_strset *seen, const constraint_node_t *node,
                   const char *cls, const char *kind)
{
  const struct sepm_compare *c = ctx->cmp;
  for (; node; node = node->next)
    {
      struct leaves leaves;
      bool well_formed = collect_leaves (node->expr, &leaves);
      for (size_t i = 0; i < leaves.n; i++)
        if (!well_formed)
          leaves.items[i].positive = leaves.items[i].negative = true;
      for (uint32_t m = 1; m <= c->n_types; m++)
        if (c->is_module_type[m] && c->root_parent[m])
          for (size_t i = 0; i < leaves.n; i++)
            check_leaf (ctx, seen, m, c->root_parent[m], &leaves.items[i], cls, kind);
      free (leaves.items);
    }
}

void
sepm_obligation_check_constraint_bindings (struct sepm_obligation_context *ctx)
{
  const policydb_t *p = ctx->cmp->comb;
  struct sepm_strset *seen = sepm_strset_new (64);
  for (uint32_t i = 0; i < p->p_classes.nprim; i++)
    {
      check_constraints (ctx, seen, p->class_val_to_struct[i]->constraints, p->p_class_val_to_name[i],
                         "constraint");
      check_constraints (ctx, seen, p->class_val_to_struct[i]->validatetrans, p->p_class_val_to_name[i],
                         "validatetrans");
    }
  sepm_strset_free (seen);
}
