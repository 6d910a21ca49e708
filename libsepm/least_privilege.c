#include <config.h>
#include "least_privilege.h"

#include <string.h>
#include <sepol/policydb/ebitmap.h>

#include "util.h"

/* grid[class][type]: the permissions a subject holds on a target type. */
struct grid
{
  const struct sepm_compare *c;
  uint32_t subject;
  uint32_t **by_class;          /* lazily allocated rows of n_types + 1 */
};

static void
grant (struct grid *g, uint16_t cls, uint32_t target, uint32_t perms)
{
  const struct sepm_compare *c = g->c;

  /* The kernel checks a bounded target as the type it is bounded by. */
  if (target <= c->n_types && c->is_module_type[target] && c->root_parent[target])
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
