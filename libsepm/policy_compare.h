/* Comparing the base policy (the system alone) with the combined policy
 * (the system plus the module): which types are the module's, how a
 * combined value maps back to the base, the bounds chains, and where each
 * conditional rule comes from.  Every obligation works on this. */
#ifndef SEPM_POLICY_COMPARE_H
#define SEPM_POLICY_COMPARE_H

#include <stdbool.h>
#include <stdint.h>
#include <sepol/policydb/policydb.h>

struct cond_node;

struct sepm_rule_origin
{
  const struct cond_node *cond; /* NULL: unconditional */
  bool branch;                  /* true list or false list of cond */
};

struct sepm_compare
{
  policydb_t *base;
  policydb_t *comb;
  uint32_t n_types;             /* comb->p_types.nprim */
  uint32_t *to_base;            /* comb value -> base value, 0 for new names */
  bool *is_module_type;         /* new non-attribute types */
  bool *is_module_attribute;    /* new attributes */
  uint32_t *root_parent;        /* module type -> first system type up its bounds chain */
  struct cond_entry
  {
    avtab_ptr_t node;
    struct sepm_rule_origin origin;
  } *cond_index, *base_cond_index;      /* sorted by node, for origin lookups */
  size_t n_cond_index, n_base_cond_index;
};

void sepm_compare_init (struct sepm_compare *c, policydb_t *base, policydb_t *comb);
void sepm_compare_release (struct sepm_compare *c);

const char *sepm_compare_type_name (const struct sepm_compare *c, uint32_t value);
bool sepm_compare_is_attribute (const struct sepm_compare *c, uint32_t value);
/* TYPE is SET, or SET is an attribute that contains TYPE (combined values). */
bool sepm_compare_type_in (const struct sepm_compare *c, uint32_t type, uint32_t set);
/* The bounds of a type, 0 when it has none. */
uint32_t sepm_compare_bounds (const struct sepm_compare *c, uint32_t type);
struct sepm_rule_origin sepm_compare_origin (const struct sepm_compare *c, avtab_ptr_t node);
struct sepm_rule_origin sepm_compare_base_origin (const struct sepm_compare *c, avtab_ptr_t node);

/* Calls FN for every entry of the combined policy's avtabs. */
typedef void (*sepm_avtab_visit_fn) (const struct sepm_compare *c, avtab_ptr_t node,
                                     struct sepm_rule_origin origin, void *arg);
void sepm_compare_each_rule (const struct sepm_compare *c, sepm_avtab_visit_fn fn, void *arg);

/* "{ read open }" for class CLS; the result is malloc'd. */
char *sepm_compare_perms_to_string (policydb_t *pdb, uint32_t cls, uint32_t perms);
const char *sepm_compare_class_name (const policydb_t *pdb, uint32_t cls);

#endif
