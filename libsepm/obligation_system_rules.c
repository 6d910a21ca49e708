/* Obligation 5 (rules) and 6: the module adds no rule whose source is a
 * system type, except the entry edge from an allowed parent domain into
 * the module; and every domain transition follows the bounds tree.
 *
 * A rule is the module's when the combined policy has it and the base
 * does not: a new key, or more permissions under the same key and
 * condition.  Every attribute is kept in both policies, so keys compare as
 * written. */
#include <config.h>
#include "obligations.h"

#include <string.h>
#include <sepol/policydb/avtab.h>

#include "cond_expr.h"
#include "util.h"

static const char *const rule_heads[] = {
  "allow", "auditallow", "dontaudit", "allowx", "auditallowx", "dontauditx",
  "typetransition", "typechange", "typemember", NULL,
};

static uint32_t
base_class (const struct sepm_compare *c, uint32_t cls)
{
  class_datum_t *d = hashtab_search (c->base->p_classes.table,
                                     (hashtab_key_t) sepm_compare_class_name (c->comb, cls));
  return d ? d->s.value : 0;
}

static bool
datum_covers (uint16_t spec, const avtab_datum_t *base, const avtab_datum_t *comb)
{
  if (spec & AVTAB_XPERMS)
    return base->xperms && comb->xperms
      && memcmp (base->xperms, comb->xperms, sizeof (*base->xperms)) == 0;
  if (spec & AVTAB_TYPE)
    return base->data == comb->data;
  return true;
}

/* Is NODE (of the combined policy) already in the base, under the same
 * key and condition?  libsepol may keep several nodes for one key under
 * one condition, so permissions are compared with the union of them. */
bool
sepm_obligation_rule_is_contribution (const struct sepm_compare *c, avtab_ptr_t node, struct sepm_rule_origin origin)
{
  uint16_t spec = node->key.specified & ~AVTAB_ENABLED;
  avtab_key_t bkey = {
    .source_type = c->to_base[node->key.source_type],
    .target_type = c->to_base[node->key.target_type],
    .target_class = base_class (c, node->key.target_class),
    .specified = spec,
  };
  uint32_t have = 0, all = 0;
  bool found = false;

  if (!bkey.source_type || !bkey.target_type || !bkey.target_class)
    return true;
  if (origin.cond == NULL)
    {
      avtab_ptr_t n = avtab_search_node (&c->base->te_avtab, &bkey);
      for (; n; n = avtab_search_node_next (n, spec))
        if (datum_covers (spec, &n->datum, &node->datum))
          {
            all = found ? (all & n->datum.data) : n->datum.data;
            found = true;
            have |= n->datum.data;
          }
    }
  else
    for (avtab_ptr_t n = avtab_search_node (&c->base->te_cond_avtab, &bkey); n;
         n = avtab_search_node_next (n, spec))
      {
        struct sepm_rule_origin bo = sepm_compare_base_origin (c, n);
        if (bo.cond && bo.branch == origin.branch
            && sepm_cond_expr_same (c->comb, origin.cond, c->base, bo.cond)
            && datum_covers (spec, &n->datum, &node->datum))
          {
            all = found ? (all & n->datum.data) : n->datum.data;
            found = true;
            have |= n->datum.data;
          }
      }
  if (!found)
    return true;
  if (spec & (AVTAB_XPERMS | AVTAB_TYPE))
    return false;
  if (spec & AVTAB_AUDITDENY)   /* stored inverted: fewer bits audit less */
    return (all & ~node->datum.data) != 0;
  return (node->datum.data & ~have) != 0;
}

static const char *
rule_kind (uint16_t spec)
{
  if (spec & AVTAB_ALLOWED) return "allow";
  if (spec & AVTAB_AUDITALLOW) return "auditallow";
  if (spec & AVTAB_AUDITDENY) return "dontaudit";
  if (spec & AVTAB_TRANSITION) return "type_transition";
  if (spec & AVTAB_MEMBER) return "type_member";
  if (spec & AVTAB_CHANGE) return "type_change";
  return "allowxperm";
}

static uint32_t
first_system_type (const struct sepm_compare *c, uint32_t set)
{
  for (uint32_t t = 1; t <= c->n_types; t++)
    if (!c->is_module_type[t] && !sepm_compare_is_attribute (c, t) && sepm_compare_type_in (c, t, set))
      return t;
  return 0;
}

static bool
targets_only_module_types (const struct sepm_compare *c, uint32_t set)
{
  for (uint32_t t = 1; t <= c->n_types; t++)
    if (!sepm_compare_is_attribute (c, t) && sepm_compare_type_in (c, t, set) && !c->is_module_type[t])
      return false;
  return true;
}

/* The entry edge and other rules from an allowed parent domain onto
 * module types: the parent may get nothing on a module type it does not
 * already have on that type's bound, except `process transition` into a
 * module domain it bounds directly. */
static void
check_parent_grant (struct sepm_obligation_context *ctx, avtab_ptr_t node, struct sepm_rule_origin origin)
{
  const struct sepm_compare *c = ctx->cmp;
  uint32_t parent = node->key.source_type;
  uint16_t spec = node->key.specified & ~AVTAB_ENABLED;
  policydb_t *p = c->comb;
  class_datum_t *process = hashtab_search (p->p_classes.table, (hashtab_key_t) "process");
  uint32_t transition = 0;

  if (process)
    {
      perm_datum_t *perm = hashtab_search (process->permissions.table, (hashtab_key_t) "transition");
      transition = perm ? UINT32_C (1) << (perm->s.value - 1) : 0;
    }
  for (uint32_t t = 1; t <= c->n_types; t++)
    {
      const char *tname = sepm_compare_type_name (c, t);
      const char *names[] = { sepm_compare_type_name (c, parent), tname, NULL };
      uint32_t bound;

      if (sepm_compare_is_attribute (c, t) || !sepm_compare_type_in (c, t, node->key.target_type))
        continue;
      bound = sepm_compare_bounds (c, t);
      if (spec & AVTAB_TRANSITION)
        {
          uint32_t dflt = node->datum.data;
          if (process && node->key.target_class == process->s.value && c->is_module_type[dflt]
              && sepm_compare_bounds (c, dflt) == parent)
            continue;
          sepm_obligation_report_rule (ctx, "system.rule", rule_heads, names, sepm_compare_class_name (p, node->key.target_class),
                                  "The only type_transition allowed from the parent is the exec entry "
                                  "into a domain it bounds directly.",
                                  "type_transition %s %s:%s %s gives the system type %s a new transition",
                                  sepm_compare_type_name (c, parent), tname, sepm_compare_class_name (p, node->key.target_class),
                                  sepm_compare_type_name (c, dflt), sepm_compare_type_name (c, parent));
          continue;
        }
      if (!(spec & AVTAB_ALLOWED) || bound == 0)
        continue;
      uint32_t extra = (process && node->key.target_class == process->s.value && bound == parent) ? transition : 0;
      uint32_t missing = sepm_obligation_unproven_perms (c, origin, node->datum.data & ~extra, parent, bound,
                                              node->key.target_class);
      if (missing)
        {
          cleanup_free char *perms = sepm_compare_perms_to_string (p, node->key.target_class, missing);
          sepm_obligation_report_rule (ctx, "system.parent-grant", rule_heads, names,
                                       sepm_compare_class_name (p, node->key.target_class),
                                  "Give the parent on a module type only what it has on that type's bound.",
                                  "allow %s %s:%s %s gives %s more on %s than it has on %s",
                                  sepm_compare_type_name (c, parent), tname,
                                  sepm_compare_class_name (p, node->key.target_class), perms,
                                  sepm_compare_type_name (c, parent), tname, sepm_compare_type_name (c, bound));
        }
    }
}

static void
visit_rule (const struct sepm_compare *c, avtab_ptr_t node, struct sepm_rule_origin origin, void *arg)
{
  struct sepm_obligation_context *ctx = arg;
  uint16_t spec = node->key.specified & ~AVTAB_ENABLED;
  uint32_t s = node->key.source_type, t = node->key.target_type;
  uint32_t sys;

  if (!sepm_obligation_rule_is_contribution (c, node, origin))
    return;
  sys = first_system_type (c, s);
  if (sys == 0)
    return;

  /* Only grants and transitions from a parent are the templates' edges;
   * its dontaudit, auditallow and ioctl rules change what the system
   * audits and which commands it allows, a system rule like any other. */
  if (!sepm_compare_is_attribute (c, s) && sepm_obligation_is_domain_parent (ctx, s)
      && targets_only_module_types (c, t) && (spec & (AVTAB_ALLOWED | AVTAB_TRANSITION)))
    {
      check_parent_grant (ctx, node, origin);
      return;
    }

  const char *names[] = { sepm_compare_type_name (c, s), sepm_compare_type_name (c, t), NULL };
  cleanup_free char *what = NULL;
  if (spec & (AVTAB_AV | AVTAB_XPERMS))
    {
      uint32_t perms = (spec & AVTAB_AUDITDENY) ? ~node->datum.data : node->datum.data;
      cleanup_free char *ps = (spec & AVTAB_XPERMS) ? xstrdup ("{ ioctl-commands }")
        : sepm_compare_perms_to_string (c->comb, node->key.target_class, perms);
      what = xasprintf ("%s %s %s:%s %s", rule_kind (spec), sepm_compare_type_name (c, s),
                        sepm_compare_type_name (c, t), sepm_compare_class_name (c->comb, node->key.target_class), ps);
    }
  else
    what = xasprintf ("%s %s %s:%s %s", rule_kind (spec), sepm_compare_type_name (c, s),
                      sepm_compare_type_name (c, t), sepm_compare_class_name (c->comb, node->key.target_class),
                      sepm_compare_type_name (c, node->datum.data));
  sepm_obligation_report_rule (ctx, (spec & (AVTAB_MEMBER | AVTAB_CHANGE)) ? "system.transition" : "system.rule",
                               rule_heads, names, sepm_compare_class_name (c->comb, node->key.target_class),
                          "Write rules only for the module's own types; the system policy is not the module's to change.",
                          "%s: a rule for system type %s", what, sepm_compare_type_name (c, sys));
}

void
sepm_obligation_check_system_rules (struct sepm_obligation_context *ctx)
{
  sepm_compare_each_rule (ctx->cmp, visit_rule, ctx);
}

/* A transition into a module domain from a domain that does not bound it,
 * conditional or not (the kernel masks it either way). */
static void
visit_transition (const struct sepm_compare *c, avtab_ptr_t n, struct sepm_rule_origin origin, void *arg)
{
  struct sepm_obligation_context *ctx = arg;
  class_datum_t *process = hashtab_search (c->comb->p_classes.table, (hashtab_key_t) "process");
  static const char *const heads[] = { "typetransition", NULL };
  uint32_t dflt = n->datum.data;

  (void) origin;
  if (process == NULL || !(n->key.specified & AVTAB_TRANSITION) || n->key.target_class != process->s.value
      || !c->is_module_type[dflt])
    return;
  for (uint32_t s = 1; s <= c->n_types; s++)
    {
      if (sepm_compare_is_attribute (c, s) || !sepm_compare_type_in (c, s, n->key.source_type)
          || sepm_compare_bounds (c, dflt) == s)
        continue;
      const char *names[] = { sepm_compare_type_name (c, dflt), NULL };
      cleanup_free char *hint = xasprintf ("Bound %s by %s, so that the domain tree mirrors the exec tree.",
                                           sepm_compare_type_name (c, dflt), sepm_compare_type_name (c, s));
      sepm_obligation_report (ctx, "hierarchy.masked-transition", heads, names, hint,
                              "%s enters %s on exec, but %s is bounded by %s, not by %s; the kernel "
                              "would mask the transition", sepm_compare_type_name (c, s),
                              sepm_compare_type_name (c, dflt), sepm_compare_type_name (c, dflt),
                              sepm_compare_type_name (c, sepm_compare_bounds (c, dflt)),
                              sepm_compare_type_name (c, s));
    }
}

void
sepm_obligation_check_hierarchy (struct sepm_obligation_context *ctx)
{
  sepm_compare_each_rule (ctx->cmp, visit_transition, ctx);
}
