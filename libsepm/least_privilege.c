#include <config.h>
#include "least_privilege.h"

#include <stdbool.h>
#include <string.h>
#include <sepol/policydb/ebitmap.h>

#include "util.h"

/* grid[class][type]: the permissions a subject holds on a target type. */
struct grid
{
  const struct sepm_compare *c;
  uint32_t subject;
  bool exact_targets;           /* a module target as itself, not its system bound */
  uint32_t **by_class;          /* lazily allocated rows of n_types + 1 */
};

static void
grant (struct grid *g, uint16_t cls, uint32_t target, uint32_t perms)
{
  const struct sepm_compare *c = g->c;

  /* The kernel checks a bounded target as the type it is bounded by. */
  if (!g->exact_targets && target <= c->n_types && c->is_module_type[target] && c->root_parent[target])
    target = c->root_parent[target];
  if (g->by_class[cls] == NULL)
    g->by_class[cls] = xcalloc (c->n_types + 1, sizeof (uint32_t));
  g->by_class[cls][target] |= perms;
}

static void
visit (const struct sepm_compare *c, avtab_ptr_t node, struct sepm_rule_origin origin, void *arg)
{
  struct grid *g = arg;
  uint32_t target = node->key.target_type;
  ebitmap_node_t *en;
  unsigned int bit;

  (void) origin;
  if (!(node->key.specified & AVTAB_ALLOWED) || !sepm_compare_type_in (c, g->subject, node->key.source_type))
    return;
  if (!sepm_compare_is_attribute (c, target))
    {
      grant (g, node->key.target_class, target, node->datum.data);
      return;
    }
  ebitmap_for_each_positive_bit (&c->comb->attr_type_map[target - 1], en, bit)
    if (!sepm_compare_is_attribute (c, bit + 1))
      grant (g, node->key.target_class, bit + 1, node->datum.data);
}

static void
fill (const struct sepm_compare *c, uint32_t subject, struct grid *g)
{
  g->c = c;
  g->subject = subject;
  g->exact_targets = false;
  g->by_class = xcalloc (c->comb->p_classes.nprim + 1, sizeof (uint32_t *));
  sepm_compare_each_rule (c, visit, g);
}

static void
grid_release (struct grid *g, uint32_t n_classes)
{
  for (uint32_t i = 0; i <= n_classes; i++)
    free (g->by_class[i]);
  free (g->by_class);
}

void
sepm_least_privilege (const struct sepm_compare *c, uint32_t domain, uint32_t parent,
                      struct sepm_privilege_share *out)
{
  uint32_t n_classes = c->comb->p_classes.nprim;
  struct grid d, p;

  memset (out, 0, sizeof (*out));
  fill (c, domain, &d);
  fill (c, parent, &p);
  out->classes = xcalloc (n_classes + 1, sizeof (*out->classes));
  /* p_class_val_to_name is in value order; report in name order. */
  for (uint32_t cls = 1; cls <= n_classes; cls++)
    {
      uint64_t kept = 0, total = 0;
      if (p.by_class[cls] == NULL)
        continue;
      for (uint32_t t = 1; t <= c->n_types; t++)
        {
          total += (uint64_t) __builtin_popcount (p.by_class[cls][t]);
          if (d.by_class[cls])
            kept += (uint64_t) __builtin_popcount (d.by_class[cls][t] & p.by_class[cls][t]);
        }
      if (total == 0)
        continue;
      size_t at = out->n;
      const char *name = sepm_compare_class_name (c->comb, cls);
      while (at > 0 && strcmp (out->classes[at - 1].cls, name) > 0)
        {
          out->classes[at] = out->classes[at - 1];
          at--;
        }
      out->classes[at] = (struct sepm_class_share) { xstrdup (name), kept, total };
      out->n++;
      out->kept += kept;
      out->parent += total;
    }
  grid_release (&d, n_classes);
  grid_release (&p, n_classes);
}

void
sepm_privilege_share_release (struct sepm_privilege_share *s)
{
  for (size_t i = 0; i < s->n; i++)
    free (s->classes[i].cls);
  free (s->classes);
  memset (s, 0, sizeof (*s));
}

static uint32_t
held (const struct grid *g, uint32_t cls, uint32_t target)
{
  return g->by_class[cls] ? g->by_class[cls][target] : 0;
}

void
sepm_least_privilege_anchor_grants (const struct sepm_compare *c, uint32_t child, uint32_t parent,
                                    const bool *targets, sepm_anchor_grant_fn fn, void *arg)
{
  uint32_t n_classes = c->comb->p_classes.nprim;
  struct grid d = { c, child, true, NULL }, p = { c, parent, true, NULL };

  d.by_class = xcalloc (n_classes + 1, sizeof (uint32_t *));
  p.by_class = xcalloc (n_classes + 1, sizeof (uint32_t *));
  sepm_compare_each_rule (c, visit, &d);
  sepm_compare_each_rule (c, visit, &p);
  for (uint32_t cls = 1; cls <= n_classes; cls++)
    for (uint32_t t = 1; d.by_class[cls] && t <= c->n_types; t++)
      {
        uint32_t anchor = targets[t] ? sepm_compare_bounds (c, t) : 0, own = held (&p, cls, t);
        /* Only where the parent was given some of the class on the
         * target, and so looks like the limit: a parent given nothing
         * there leaves the child to the anchor, as a layer's module does
         * below the base's anchor. */
        uint32_t extra = anchor && own ? held (&d, cls, t) & ~own & held (&p, cls, anchor) : 0;
        if (extra)
          fn (arg, t, anchor, cls, extra);
      }
  grid_release (&d, n_classes);
  grid_release (&p, n_classes);
}
