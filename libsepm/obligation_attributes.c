/* Obligation 4: a module type joins only attributes and roles its root
 * parent has, and the module's own attributes hold only module types.
 * (Which attributes it must keep is obligation_constraints.c's.) */
#include <config.h>
#include "obligations.h"

#include <string.h>

#include "util.h"

static const char *const set_heads[] = { "typeattributeset", "typeattribute", "call", "blockinherit", NULL };

void
sepm_obligation_check_attributes (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;

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
}

void
sepm_obligation_check_roles (struct sepm_obligation_context *ctx)
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
