#include <config.h>
#include "domain_entry.h"

#include <sepol/policydb/ebitmap.h>
#include <sepol/policydb/hashtab.h>

#include "util.h"

struct walk
{
  struct sepm_domain_entry *by_type;
  uint16_t process;
};

static void
add_exec (const struct sepm_compare *c, struct sepm_domain_entry *e, uint32_t exec)
{
  if (!c->is_module_type[exec])
    return;
  for (size_t i = 0; i < e->n_exec_types; i++)
    if (e->exec_types[i] == exec)
      return;
  e->exec_types = xrealloc (e->exec_types, (e->n_exec_types + 1) * sizeof (uint32_t));
  e->exec_types[e->n_exec_types++] = exec;
}

static void
visit (const struct sepm_compare *c, avtab_ptr_t node, struct sepm_rule_origin origin, void *arg)
{
  struct walk *w = arg;
  uint32_t target = node->key.target_type, domain;
  ebitmap_node_t *en;
  unsigned int bit;

  (void) origin;
  if (!(node->key.specified & AVTAB_TRANSITION) || node->key.target_class != w->process)
    return;
  domain = node->datum.data;
  if (domain == 0 || domain > c->n_types || !c->is_module_type[domain])
    return;
  w->by_type[domain].n_transitions++;
  /* Type rules are written out per type in a kernel policy; an
   * attribute is expanded all the same, to be safe. */
  if (!sepm_compare_is_attribute (c, target))
    add_exec (c, &w->by_type[domain], target);
  else
    ebitmap_for_each_positive_bit (&c->comb->attr_type_map[target - 1], en, bit)
      if (!sepm_compare_is_attribute (c, bit + 1))
        add_exec (c, &w->by_type[domain], bit + 1);
}

struct sepm_domain_entry *
sepm_domain_entry_find (const struct sepm_compare *c)
{
  struct walk w = { xcalloc (c->n_types + 1, sizeof (struct sepm_domain_entry)), 0 };
  class_datum_t *process = hashtab_search (c->comb->p_classes.table, (hashtab_key_t) "process");

  if (process == NULL)
    return w.by_type;
  w.process = (uint16_t) process->s.value;
  sepm_compare_each_rule (c, visit, &w);
  return w.by_type;
}

void
sepm_domain_entry_free (struct sepm_domain_entry *e, uint32_t n_types)
{
  for (uint32_t i = 0; e && i <= n_types; i++)
    free (e[i].exec_types);
  free (e);
}
