/* Obligation 4: a module type joins only attributes and roles its root
 * parent has, keeps every attribute a constraint relies on (MCS), and the
 * module's own attributes hold only module types. */
#include <config.h>
#include "obligations.h"

#include <string.h>
#include <sepol/policydb/constraint.h>

#include "util.h"

static const char *const set_heads[] = { "typeattributeset", "typeattribute", "call", "blockinherit", NULL };

static void
note_constraint_names (const constraint_node_t *node, bool *used, uint32_t n_types)
{
  for (; node; node = node->next)
    for (const constraint_expr_t *e = node->expr; e; e = e->next)
      {
        ebitmap_node_t *en;
        unsigned bit;
        if (e->expr_type != CEXPR_NAMES || !(e->attr & CEXPR_TYPE) || e->type_names == NULL)
          continue;
        ebitmap_for_each_positive_bit (&e->type_names->types, en, bit)
          if (bit < n_types)
            used[bit + 1] = true;
      }
}

/* Attributes (combined values) named by the system policy's constraints. */
static bool *
constraint_attributes (const struct sepm_compare *c)
{
  policydb_t *b = c->base;
  bool *in_base = xcalloc (b->p_types.nprim + 1, sizeof (bool));
  bool *used = xcalloc (c->n_types + 1, sizeof (bool));

  for (uint32_t i = 0; i < b->p_classes.nprim; i++)
    {
      note_constraint_names (b->class_val_to_struct[i]->constraints, in_base, b->p_types.nprim);
      note_constraint_names (b->class_val_to_struct[i]->validatetrans, in_base, b->p_types.nprim);
    }
  for (uint32_t v = 1; v <= c->n_types; v++)
    if (c->to_base[v] && in_base[c->to_base[v]] && sepm_compare_is_attribute (c, v))
      used[v] = true;
  free (in_base);
  return used;
}

void
sepm_check_attributes (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  bool *constrained = constraint_attributes (c);

  for (uint32_t m = 1; m <= c->n_types; m++)
    {
      uint32_t root = c->root_parent[m];
      const char *mname = sepm_compare_type_name (c, m);
      ebitmap_node_t *en;
      unsigned bit;

      if (!c->is_module_type[m] || root == 0)
        continue;
      ebitmap_for_each_positive_bit (&c->comb->type_attr_map[m - 1], en, bit)
        {
          uint32_t a = bit + 1;
          if (a == m || !sepm_compare_is_attribute (c, a) || c->is_module_attribute[a]
              || sepm_compare_type_in (c, root, a))
            continue;
          const char *names[] = { sepm_compare_type_name (c, a), NULL };
          sepm_obligation_report (ctx, "attr.not-in-parent", set_heads, names,
                                  "Join only attributes the parent has (`seinfo -t PARENT -x`); "
                                  "an attribute expression with `not` can pull a new type in.",
                                  "%s joins attribute %s, which its parent %s lacks", mname,
                                  sepm_compare_type_name (c, a), sepm_compare_type_name (c, root));
        }
      for (uint32_t a = 1; a <= c->n_types; a++)
        if (constrained[a] && sepm_compare_type_in (c, root, a) && !sepm_compare_type_in (c, m, a))
          {
            const char *names[] = { mname, NULL };
            static const char *const type_heads[] = { "type", NULL };
            cleanup_free char *hint = xasprintf ("Add `(typeattributeset %s (%s))`; without it the "
                                                 "constraints that separate containers do not apply to it.",
                                                 sepm_compare_type_name (c, a), mname);
            sepm_obligation_report (ctx, "attr.constraint-missing", type_heads, names, hint,
                                    "%s lacks attribute %s, which its parent %s has and a constraint uses",
                                    mname, sepm_compare_type_name (c, a), sepm_compare_type_name (c, root));
          }
    }

  for (uint32_t a = 1; a <= c->n_types; a++)
    {
      uint32_t first = 0;
      size_t count = 0;
      if (!c->is_module_attribute[a])
        continue;
      for (uint32_t t = 1; t <= c->n_types; t++)
        if (!sepm_compare_is_attribute (c, t) && !c->is_module_type[t] && sepm_compare_type_in (c, t, a))
          {
            first = first ? first : t;
            count++;
          }
      if (count)
        {
          const char *names[] = { sepm_compare_type_name (c, a), NULL };
          sepm_obligation_report (ctx, "attr.module-contains-system", set_heads, names,
                                  "List only the module's own types in its attributes; avoid `all` and `not`.",
                                  "attribute %s contains system type %s%s", sepm_compare_type_name (c, a),
                                  sepm_compare_type_name (c, first), count > 1 ? " and others" : "");
        }
    }
  free (constrained);
}

void
sepm_check_roles (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  static const char *const role_heads[] = { "roletype", "roleattributeset", NULL };

  for (uint32_t r = 0; r < c->comb->p_roles.nprim; r++)
    {
      role_datum_t *role = c->comb->role_val_to_struct[r];
      const char *rname = c->comb->p_role_val_to_name[r];
      ebitmap_node_t *en;
      unsigned bit;

      /* Every type is implicitly in object_r; kernel policies do not even
       * store its set. */
      if (strcmp (rname, "object_r") == 0)
        continue;
      ebitmap_for_each_positive_bit (&role->types.types, en, bit)
        {
          uint32_t t = bit + 1;
          if (t > c->n_types)
            continue;
          if (c->is_module_type[t])
            {
              uint32_t root = c->root_parent[t];
              if (root && !ebitmap_get_bit (&role->types.types, root - 1))
                {
                  const char *names[] = { rname, NULL };
                  sepm_obligation_report (ctx, "role.not-in-parent", role_heads, names,
                                          "Use only roles the parent has (`seinfo -r ROLE -x`).",
                                          "%s is authorised for role %s, which its parent %s is not",
                                          sepm_compare_type_name (c, t), rname, sepm_compare_type_name (c, root));
                }
            }
        }
    }
}
