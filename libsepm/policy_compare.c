#include <config.h>
#include "policy_compare.h"

#include <stdlib.h>
#include <string.h>
#include <sepol/policydb/hashtab.h>
#include <sepol/policydb/util.h>

#include "cond_expr.h"
#include "util.h"

static int
compare_cond_entries (const void *a, const void *b)
{
  const struct cond_entry *x = a, *y = b;
  return x->node < y->node ? -1 : x->node > y->node;
}

struct index_builder
{
  struct cond_entry *items;
  size_t n, cap;
};

static void
add_to_index (avtab_ptr_t node, const struct cond_node *cond, int branch, void *arg)
{
  struct index_builder *b = arg;

  if (b->n == b->cap)
    {
      b->cap = b->cap ? b->cap * 2 : 256;
      b->items = xrealloc (b->items, b->cap * sizeof (*b->items));
    }
  b->items[b->n++] = (struct cond_entry) { node, { cond, branch != 0 } };
}

static struct cond_entry *
index_conditionals (const policydb_t *pdb, size_t *count)
{
  struct index_builder b = { 0 };

  sepm_cond_expr_each_rule (pdb, add_to_index, &b);
  if (b.n)
    qsort (b.items, b.n, sizeof (*b.items), compare_cond_entries);
  *count = b.n;
  return b.items;
}

static struct sepm_rule_origin
lookup_origin (const struct cond_entry *index, size_t n, avtab_ptr_t node)
{
  struct cond_entry key = { .node = node };
  struct cond_entry *hit = n ? bsearch (&key, index, n, sizeof (key), compare_cond_entries) : NULL;
  return hit ? hit->origin : (struct sepm_rule_origin) { NULL, true };
}

void
sepm_compare_init (struct sepm_compare *c, policydb_t *base, policydb_t *comb)
{
  memset (c, 0, sizeof (*c));
  c->base = base;
  c->comb = comb;
  c->n_types = comb->p_types.nprim;
  c->to_base = xcalloc (c->n_types + 1, sizeof (*c->to_base));
  c->is_module_type = xcalloc (c->n_types + 1, sizeof (bool));
  c->is_module_attribute = xcalloc (c->n_types + 1, sizeof (bool));
  c->root_parent = xcalloc (c->n_types + 1, sizeof (uint32_t));

  for (uint32_t v = 1; v <= c->n_types; v++)
    {
      const char *name = comb->p_type_val_to_name[v - 1];
      type_datum_t *b = name ? hashtab_search (base->p_types.table, (hashtab_key_t) name) : NULL;
      if (b != NULL)
        c->to_base[v] = b->s.value;
      else if (sepm_compare_is_attribute (c, v))
        c->is_module_attribute[v] = true;
      else
        c->is_module_type[v] = true;
    }
  for (uint32_t v = 1; v <= c->n_types; v++)
    {
      uint32_t t = v, steps = 0;
      if (!c->is_module_type[v])
        continue;
      /* CIL refuses bounds cycles, but a chain is walked with a limit all
       * the same: a bad input must not hang the verifier. */
      while (t && c->is_module_type[t] && steps++ <= c->n_types)
        t = sepm_compare_bounds (c, t);
      c->root_parent[v] = (t && !c->is_module_type[t]) ? t : 0;
    }
  c->cond_index = index_conditionals (comb, &c->n_cond_index);
  c->base_cond_index = index_conditionals (base, &c->n_base_cond_index);
}

void
sepm_compare_release (struct sepm_compare *c)
{
  free (c->to_base);
  free (c->is_module_type);
  free (c->is_module_attribute);
  free (c->root_parent);
  free (c->cond_index);
  free (c->base_cond_index);
  memset (c, 0, sizeof (*c));
}

const char *
sepm_compare_type_name (const struct sepm_compare *c, uint32_t value)
{
  if (value == 0 || value > c->n_types)
    return "?";
  return c->comb->p_type_val_to_name[value - 1];
}

bool
sepm_compare_is_attribute (const struct sepm_compare *c, uint32_t value)
{
  return value && value <= c->n_types
    && c->comb->type_val_to_struct[value - 1]->flavor == TYPE_ATTRIB;
}

bool
sepm_compare_type_in (const struct sepm_compare *c, uint32_t type, uint32_t set)
{
  if (type == set)
    return true;
  if (!sepm_compare_is_attribute (c, set) || type == 0 || type > c->n_types)
    return false;
  return ebitmap_get_bit (&c->comb->type_attr_map[type - 1], set - 1);
}

uint32_t
sepm_compare_bounds (const struct sepm_compare *c, uint32_t type)
{
  if (type == 0 || type > c->n_types)
    return 0;
  return c->comb->type_val_to_struct[type - 1]->bounds;
}

struct sepm_rule_origin
sepm_compare_origin (const struct sepm_compare *c, avtab_ptr_t node)
{
  return lookup_origin (c->cond_index, c->n_cond_index, node);
}

struct sepm_rule_origin
sepm_compare_base_origin (const struct sepm_compare *c, avtab_ptr_t node)
{
  return lookup_origin (c->base_cond_index, c->n_base_cond_index, node);
}

void
sepm_compare_each_rule (const struct sepm_compare *c, sepm_avtab_visit_fn fn, void *arg)
{
  avtab_t *tables[2] = { &c->comb->te_avtab, &c->comb->te_cond_avtab };

  for (int t = 0; t < 2; t++)
    for (uint32_t i = 0; tables[t]->htable && i < tables[t]->nslot; i++)
      for (avtab_ptr_t n = tables[t]->htable[i]; n; n = n->next)
        fn (c, n, t ? sepm_compare_origin (c, n) : (struct sepm_rule_origin) { NULL, true }, arg);
}

char *
sepm_compare_perms_to_string (policydb_t *pdb, uint32_t cls, uint32_t perms)
{
  const char *s = sepol_av_to_string (pdb, cls, perms);
  return xasprintf ("{%s }", s ? s : " ?");
}

const char *
sepm_compare_class_name (const policydb_t *pdb, uint32_t cls)
{
  if (cls == 0 || cls > pdb->p_classes.nprim)
    return "?";
  return pdb->p_class_val_to_name[cls - 1];
}

