/* The diff over the policy's rule tables: what the base lost from its
 * avtabs (additions are judged in obligation_system_rules.c), and every
 * change to role transitions, role allows, named type transitions and
 * range transitions. */
#include <config.h>
#include "diff.h"

#include <string.h>
#include <sepol/policydb/avtab.h>

#include "cond_expr.h"
#include "util.h"

static void
render_role_transitions (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  for (const role_trans_t *r = v->p->role_tr; r; r = r->next)
    sepm_diff_lines_add (out, "roletransition %s %s:%s %s", sepm_diff_view_role (v, r->role), sepm_diff_view_type (v, r->type),
                    sepm_diff_view_class (v, r->tclass), sepm_diff_view_role (v, r->new_role));
}

static void
render_role_allows (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  for (const role_allow_t *r = v->p->role_allow; r; r = r->next)
    sepm_diff_lines_add (out, "roleallow %s %s", sepm_diff_view_role (v, r->role), sepm_diff_view_role (v, r->new_role));
}

static int
render_named_transition (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  const struct sepm_diff_view *v = ((void **) arg)[0];
  struct sepm_diff_lines *out = ((void **) arg)[1];
  const filename_trans_key_t *k = (const filename_trans_key_t *) key;

  for (const filename_trans_datum_t *d = datum; d; d = d->next)
    {
      ebitmap_node_t *en;
      unsigned bit;
      /* A module type's own named transitions are its rules; the file it
       * makes must still be one it may create (bounds). */
      ebitmap_for_each_positive_bit (&d->stypes, en, bit)
        if (!sepm_diff_view_module_type (v, bit + 1))
          sepm_diff_lines_add (out, "typetransition %s %s:%s \"%s\" %s", sepm_diff_view_type (v, bit + 1),
                          sepm_diff_view_type (v, k->ttype), sepm_diff_view_class (v, k->tclass), k->name,
                          sepm_diff_view_type (v, d->otype));
    }
  return 0;
}

static void
render_named_transitions (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  void *arg[2] = { (void *) v, out };
  if (v->p->filename_trans)
    hashtab_map (v->p->filename_trans, render_named_transition, arg);
}

static int
render_range_transition (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  const struct sepm_diff_view *v = ((void **) arg)[0];
  struct sepm_diff_lines *out = ((void **) arg)[1];
  const range_trans_t *rt = (const range_trans_t *) key;
  struct sepm_buf b = { 0 };

  sepm_diff_render_range (&b, v, datum);
  sepm_diff_lines_add (out, "rangetransition %s %s:%s %s", sepm_diff_view_type (v, rt->source_type),
                  sepm_diff_view_type (v, rt->target_type), sepm_diff_view_class (v, rt->target_class), b.data);
  free (b.data);
  return 0;
}

/* Every range transition, the module's own included: a process that
 * changes its level on exec leaves the categories that separate it from
 * other containers, and no row admits one. */
static void
render_range_transitions (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  void *arg[2] = { (void *) v, out };
  if (v->p->range_tr)
    hashtab_map (v->p->range_tr, render_range_transition, arg);
}

static const char *const role_rule_heads[] = { "roleallow", "roletransition", NULL };
static const char *const named_heads[] = { "typetransition", NULL };
static const char *const range_heads[] = { "rangetransition", NULL };

const struct sepm_diff_component sepm_diff_rule_components[] = {
  { "role transitions", "system.role-rule", role_rule_heads, "A module may not change which roles reach which.",
    render_role_transitions },
  { "role allow rules", "system.role-rule", role_rule_heads, "A module may not change which roles reach which.",
    render_role_allows },
  { "named type transitions", "system.transition", named_heads,
    "Write type transitions only for the module's own types.", render_named_transitions },
  { "range transitions", "system.transition", range_heads,
    "A module may not change levels on exec: remove the rangetransition.", render_range_transitions },
};
const size_t sepm_n_diff_rule_components
  = sizeof (sepm_diff_rule_components) / sizeof (sepm_diff_rule_components[0]);

/* ------------------------------------------------------------ avtabs */

struct removal_walk
{
  struct sepm_obligation_context *ctx;
  const policydb_t *base;
  uint32_t *type_map;           /* base value -> combined value */
  uint32_t *class_map;
  size_t reported, more;
};

static bool
xperms_cover (const avtab_extended_perms_t *have, const avtab_extended_perms_t *need)
{
  if (have == NULL || need == NULL || have->specified != need->specified || have->driver != need->driver)
    return false;
  for (size_t i = 0; i < sizeof (need->perms) / sizeof (need->perms[0]); i++)
    if (need->perms[i] & ~have->perms[i])
      return false;
  return true;
}

/* Does the combined policy still hold what NODE (of the base) says, under
 * the same condition?  Several nodes may share a key: permissions are
 * taken together, as the kernel does. */
static bool
still_held (struct removal_walk *w, avtab_ptr_t node, const struct cond_node *cond, int branch)
{
  const struct sepm_compare *c = w->ctx->cmp;
  uint16_t spec = node->key.specified & ~AVTAB_ENABLED;
  avtab_key_t key = {
    .source_type = (uint16_t) w->type_map[node->key.source_type],
    .target_type = (uint16_t) w->type_map[node->key.target_type],
    .target_class = (uint16_t) w->class_map[node->key.target_class],
    .specified = spec,
  };
  const avtab_t *table = cond ? &c->comb->te_cond_avtab : &c->comb->te_avtab;
  uint32_t have = 0, audited = ~UINT32_C (0);
  bool found = false;

  if (!key.source_type || !key.target_type || !key.target_class)
    return false;
  for (avtab_ptr_t n = avtab_search_node ((avtab_t *) table, &key); n; n = avtab_search_node_next (n, spec))
    {
      if (cond)
        {
          struct sepm_rule_origin o = sepm_compare_origin (c, n);
          if (o.cond == NULL || o.branch != (branch != 0) || !sepm_cond_expr_same (c->comb, o.cond, w->base, cond))
            continue;
        }
      if (spec & AVTAB_XPERMS)
        {
          if (xperms_cover (n->datum.xperms, node->datum.xperms))
            return true;
          continue;
        }
      if (spec & AVTAB_TYPE)
        {
          const char *want = w->base->p_type_val_to_name[node->datum.data - 1];
          if (strcmp (c->comb->p_type_val_to_name[n->datum.data - 1], want) == 0)
            return true;
          continue;
        }
      found = true;
      have |= n->datum.data;
      audited &= n->datum.data;
    }
  if (!found)
    return false;
  /* dontaudit is stored inverted: a bit set is a permission audited. */
  if (spec & AVTAB_AUDITDENY)
    {
      uint32_t base_audited = node->datum.data;
      return (audited & ~base_audited) == 0;
    }
  return (node->datum.data & ~have) == 0;
}

static void
report_removal (struct removal_walk *w, avtab_ptr_t node, bool conditional)
{
  static const char *const heads[] = { NULL };
  const policydb_t *b = w->base;


  if (w->reported++ >= 8)
    {
      w->more++;
      return;
    }
  sepm_obligation_report (w->ctx, "system.removed", heads, NULL,
                          "A module may only add its own names and rules; this part of the system "
                          "policy is gone once it is installed.",
                          "the module removes a%s rule of the system: %s %s:%s (kind 0x%x)",
                          conditional ? " conditional" : "", b->p_type_val_to_name[node->key.source_type - 1],
                          b->p_type_val_to_name[node->key.target_type - 1],
                          b->p_class_val_to_name[node->key.target_class - 1], node->key.specified);
}

static void
check_cond_rule (avtab_ptr_t node, const struct cond_node *cond, int branch, void *arg)
{
  struct removal_walk *w = arg;
  if (!still_held (w, node, cond, branch))
    report_removal (w, node, true);
}

void
sepm_diff_rule_removals (struct sepm_obligation_context *ctx)
{
  const policydb_t *base = ctx->cmp->base;
  struct removal_walk w = {
    .ctx = ctx, .base = base,
    .type_map = sepm_diff_value_map (base, ctx->cmp->comb, SYM_TYPES),
    .class_map = sepm_diff_value_map (base, ctx->cmp->comb, SYM_CLASSES),
  };

  for (uint32_t i = 0; base->te_avtab.htable && i < base->te_avtab.nslot; i++)
    for (avtab_ptr_t n = base->te_avtab.htable[i]; n; n = n->next)
      if (!still_held (&w, n, NULL, 1))
        report_removal (&w, n, false);
  sepm_cond_expr_each_rule (base, check_cond_rule, &w);
  if (w.more)
    {
      static const char *const heads[] = { NULL };
      sepm_obligation_report (ctx, "system.removed", heads, NULL, NULL,
                              "the module removes %zu more rules of the system", w.more);
    }
  free (w.type_map);
  free (w.class_map);
}
