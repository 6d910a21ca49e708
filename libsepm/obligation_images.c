/* Images side by side (sepm-install, install_context.h): the modules of
 * several images are verified as one set, and what the set adds must keep
 * each image's policy its own.  Module groups say which image a module
 * belongs to.  Two things would tie images together, whatever the text
 * says (an attribute expression over a template attribute such as
 * sepm.v1.engine_entry names no other image, yet holds every image's entry
 * domain):
 *   - a rule that a module adds (what the base lacks under its key) whose
 *     source, target or default types belong to two images;
 *   - a module attribute that holds another image's types. */
#include <config.h>
#include "obligations.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

struct groups
{
  struct sepm_obligation_context *ctx;
  uint64_t *mask;               /* per type value: the images its module types belong to */
  size_t reported;
};

static uint64_t
bit_of (int group)
{
  /* Images past the 63rd share the last bit, so this check cannot tell
   * them from each other (it still tells them from the first 63): a
   * known limit, far from a host's count of images. */
  return UINT64_C (1) << (group < 0 ? 0 : group > 63 ? 63 : group);
}

static int
group_of_name (const struct sepm_obligation_context *ctx, const char *name)
{
  size_t m = sepm_obligation_owner (ctx, name);
  return m < ctx->n_modules ? ctx->modules[m].group : -1;
}

/* The path of a module of the lowest (or highest) image in MASK, which
 * names the image (IMAGE:MODULE), for a message. */
static const char *
path_of_group (const struct sepm_obligation_context *ctx, uint64_t mask, bool highest)
{
  uint64_t one = highest ? UINT64_C (1) << (63 - __builtin_clzll (mask)) : mask & -mask;
  for (size_t i = 0; mask && i < ctx->n_modules; i++)
    if (bit_of (ctx->modules[i].group) == one)
      return ctx->modules[i].path;
  return "another image";
}

static int
popcount64 (uint64_t v)
{
  return __builtin_popcountll (v);
}

static void
visit (const struct sepm_compare *c, avtab_ptr_t node, struct sepm_rule_origin origin, void *arg)
{
  static const char *const heads[] = { "allow", "auditallow", "dontaudit", "allowx", "auditallowx", "dontauditx",
    "typetransition", "typechange", "typemember", "call", NULL };
  struct groups *g = arg;
  uint16_t spec = node->key.specified & ~AVTAB_ENABLED;
  uint64_t m = g->mask[node->key.source_type] | g->mask[node->key.target_type];

  if (spec & (AVTAB_TRANSITION | AVTAB_MEMBER | AVTAB_CHANGE))
    m |= g->mask[node->datum.data];
  if (popcount64 (m) < 2 || !sepm_obligation_rule_is_contribution (c, node, origin) || g->reported >= 16)
    return;
  g->reported++;
  const char *names[] = { sepm_compare_type_name (c, node->key.source_type),
    sepm_compare_type_name (c, node->key.target_type), NULL };
  sepm_obligation_report (g->ctx, "install.cross-image", heads, names,
                          "An image's modules may use only the system, the templates and the modules of its own "
                          "layers; write the rule for the image's own types, never for an attribute that "
                          "holds other images' types.",
                          "a rule on %s %s:%s reaches the types of two images (%s and %s): installed side by "
                          "side, one image would change the other's policy",
                          names[0], names[1], sepm_compare_class_name (c->comb, node->key.target_class),
                          path_of_group (g->ctx, m, false), path_of_group (g->ctx, m, true));
}

void
sepm_obligation_check_image_boundaries (struct sepm_obligation_context *ctx)
{
  static const char *const set_heads[] = { "typeattributeset", "typeattribute", NULL };
  const struct sepm_compare *c = ctx->cmp;
  bool several = false;
  struct groups g = { ctx, NULL, 0 };

  for (size_t i = 1; i < ctx->n_modules; i++)
    several = several || ctx->modules[i].group != ctx->modules[0].group;
  if (!several)
    return;
  g.mask = xcalloc (c->n_types + 1, sizeof (*g.mask));
  /* Each module type marks itself and every attribute that holds it. */
  for (uint32_t t = 1; t <= c->n_types; t++)
    {
      ebitmap_node_t *en;
      unsigned bit;
      int group = c->is_module_type[t] ? group_of_name (ctx, sepm_compare_type_name (c, t)) : -1;
      if (group < 0)
        continue;
      g.mask[t] |= bit_of (group);
      ebitmap_for_each_positive_bit (&c->comb->type_attr_map[t - 1], en, bit)
        if (bit + 1 <= c->n_types)
          g.mask[bit + 1] |= bit_of (group);
    }
  for (uint32_t a = 1; a <= c->n_types; a++)
    {
      int owner = c->is_module_attribute[a] ? group_of_name (ctx, sepm_compare_type_name (c, a)) : -1;
      if (owner < 0 || (g.mask[a] & ~bit_of (owner)) == 0)
        continue;
      const char *names[] = { sepm_compare_type_name (c, a), NULL };
      sepm_obligation_report (ctx, "install.cross-image", set_heads, names,
                              "A module's attribute may hold only its own image's types; avoid expressions over "
                              "template or system attributes.",
                              "attribute %s holds types of another image (%s): installed side by side, one "
                              "image would change the other's policy", names[0],
                              path_of_group (ctx, g.mask[a] & ~bit_of (owner), false));
    }
  sepm_compare_each_rule (c, visit, &g);
  free (g.mask);
}
