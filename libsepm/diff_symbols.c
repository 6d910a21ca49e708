/* The diff over the policy's header and symbol tables: commons, classes
 * (permissions, default_* rules, constraints), roles, types and aliases,
 * attribute memberships, users, booleans, sensitivities, categories,
 * policy capabilities and permissive types (docs/verification.md, the
 * allow-list table). */
#include <config.h>
#include "diff.h"

#include <string.h>
#include <sepol/policydb/constraint.h>
#include <sepol/policydb/polcaps.h>

#include "util.h"

/* A name new in the combined policy: the module's (the namespace
 * obligation checks that it lies in the module's block). */
static bool
is_new_name (const struct sepm_diff_view *v, int sym, const char *name)
{
  return v->cmp && hashtab_search (v->cmp->base->symtab[sym].table, (hashtab_key_t) name) == NULL;
}

static void
render_header (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  const policydb_t *p = v->p;
  sepm_diff_lines_add (out, "policy type %u version %u target %d", p->policy_type, p->policyvers, p->target_platform);
  sepm_diff_lines_add (out, "mls %d", p->mls);
  sepm_diff_lines_add (out, "handle_unknown %u", p->handle_unknown);
}

struct perm_walk
{
  struct sepm_diff_lines *out;
  const char *owner;
};

static int
render_perm (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct perm_walk *w = arg;
  perm_datum_t *perm = datum;
  sepm_diff_lines_add (w->out, "%s permission %s bit %u", w->owner, (const char *) key, perm->s.value);
  return 0;
}

static int
render_common (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  common_datum_t *c = datum;
  cleanup_free char *owner = xasprintf ("common %s", (const char *) key);
  struct perm_walk w = { arg, owner };
  sepm_diff_lines_add (arg, "%s value %u", owner, c->s.value);
  hashtab_map (c->permissions.table, render_perm, &w);
  return 0;
}

static void
render_commons (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  hashtab_map (v->p->p_commons.table, render_common, out);
}

/* A constraint's names as they are compared: for a type leaf, the system
 * types it holds (module types are judged by the polarity check of
 * obligation_attributes.c) and the set as written. */
static void
render_names (struct sepm_buf *b, const struct sepm_diff_view *v, const constraint_expr_t *e)
{
  ebitmap_node_t *en;
  unsigned bit;

  if (e->attr & CEXPR_TYPE)
    {
      sepm_diff_render_types (b, v, &e->names);
      if (e->type_names)
        {
          sepm_buf_puts (b, " written ");
          sepm_diff_render_types (b, v, &e->type_names->types);
          sepm_buf_puts (b, " not ");
          sepm_diff_render_types (b, v, &e->type_names->negset);
          cleanup_free char *flags = xasprintf (" flags %u", e->type_names->flags);
          sepm_buf_puts (b, flags);
        }
      return;
    }
  sepm_buf_puts (b, "{");
  ebitmap_for_each_positive_bit (&e->names, en, bit)
    {
      sepm_buf_puts (b, " ");
      sepm_buf_puts (b, (e->attr & CEXPR_ROLE) ? sepm_diff_view_role (v, bit + 1) : sepm_diff_view_user (v, bit + 1));
    }
  sepm_buf_puts (b, " }");
}

/* CIL's words for a constraint's leaves, so that a finding names what the
 * statement wrote (and finds it: two modules' constraints for one class
 * differ only here, the long differential run's seed 1, m04843).  A value
 * sepm does not know stays a number: the rendering stays one-to-one. */
static void
render_word (struct sepm_buf *b, const char *const *words, size_t n, unsigned value, const char *what)
{
  if (value < n && words[value])
    sepm_buf_puts (b, words[value]);
  else
    {
      cleanup_free char *raw = xasprintf ("%s%u", what, value);
      sepm_buf_puts (b, raw);
    }
}

static void
render_operands (struct sepm_buf *b, const constraint_expr_t *e)
{
  static const char *const levels[][2] = { { "l1", "l2" }, { "l1", "h2" }, { "h1", "l2" },
                                           { "h1", "h2" }, { "l1", "h1" }, { "l2", "h2" } };
  unsigned side = e->attr & (CEXPR_TARGET | CEXPR_XTARGET);
  unsigned what = e->attr & ~(CEXPR_TARGET | CEXPR_XTARGET);
  const char *letter = what == CEXPR_USER ? "u" : what == CEXPR_ROLE ? "r" : what == CEXPR_TYPE ? "t" : NULL;

  for (unsigned i = 0; i < 6; i++)
    if (e->attr == (CEXPR_L1L2 << i))
      {
        cleanup_free char *pair = xasprintf ("%s %s", levels[i][0], levels[i][1]);
        sepm_buf_puts (b, pair);
        return;
      }
  if (letter && e->expr_type == CEXPR_ATTR && side == 0)
    {
      cleanup_free char *pair = xasprintf ("%s1 %s2", letter, letter);
      sepm_buf_puts (b, pair);
      return;
    }
  if (letter && e->expr_type == CEXPR_NAMES && side != (CEXPR_TARGET | CEXPR_XTARGET))
    {
      cleanup_free char *one = xasprintf ("%s%c", letter, side == 0 ? '1' : side == CEXPR_TARGET ? '2' : '3');
      sepm_buf_puts (b, one);
      return;
    }
  render_word (b, NULL, 0, e->attr, "attr");
}

static void
render_expression (struct sepm_buf *b, const struct sepm_diff_view *v, const constraint_expr_t *e)
{
  static const char *const kinds[] = { [CEXPR_NOT] = "not", [CEXPR_AND] = "and", [CEXPR_OR] = "or" };
  static const char *const ops[] = { [CEXPR_EQ] = "eq", [CEXPR_NEQ] = "neq", [CEXPR_DOM] = "dom",
                                     [CEXPR_DOMBY] = "domby", [CEXPR_INCOMP] = "incomp" };

  /* libsepol keeps the expression in postfix order; so do the lines. */
  sepm_buf_puts (b, " (");
  if (e->expr_type != CEXPR_ATTR && e->expr_type != CEXPR_NAMES)
    {
      render_word (b, kinds, sizeof (kinds) / sizeof (*kinds), e->expr_type, "expr");
      if (e->attr || e->op)
        {
          cleanup_free char *rest = xasprintf (" attr%u op%u", e->attr, e->op);
          sepm_buf_puts (b, rest);
        }
    }
  else
    {
      render_word (b, ops, sizeof (ops) / sizeof (*ops), e->op, "op");
      sepm_buf_puts (b, " ");
      render_operands (b, e);
      if (e->expr_type == CEXPR_NAMES)
        {
          sepm_buf_puts (b, " ");
          render_names (b, v, e);
        }
    }
  sepm_buf_puts (b, ")");
}

static bool
compares_levels (const constraint_expr_t *e)
{
  for (; e; e = e->next)
    if (e->expr_type == CEXPR_ATTR || e->expr_type == CEXPR_NAMES)
      if (e->attr & (CEXPR_L1L2 | CEXPR_L1H2 | CEXPR_H1L2 | CEXPR_H1H2 | CEXPR_L1H1 | CEXPR_L2H2))
        return true;
  return false;
}

static void
render_constraints (const struct sepm_diff_view *v, struct sepm_diff_lines *out, const char *cls, uint32_t cls_value,
                    const char *kind, const constraint_node_t *node)
{
  /* A class's constraints all hold at once, so their order means nothing:
   * the lines carry no position, and the multiset comparison still sees
   * one added, removed or doubled.  (With positions, a module's new
   * constraint shifted the system's and read as their removal.) */
  for (; node; node = node->next)
    {
      struct sepm_buf b = { 0 };
      sepm_buf_puts (&b, "");
      for (const constraint_expr_t *e = node->expr; e; e = e->next)
        render_expression (&b, v, e);
      struct sepm_buf perms = { 0 };
      sepm_buf_puts (&perms, "");
      if (strcmp (kind, "constrain") == 0)
        sepm_diff_render_perms (&perms, v, cls_value, node->permissions);
      /* The kernel keeps one list for both; CIL's keyword (mlsconstrain
       * when a level is compared) lets the finding find its statement. */
      sepm_diff_lines_add (out, "class %s %s%s%s:%s", cls, compares_levels (node->expr) ? "mls" : "", kind, perms.data,
                      b.data);
      free (perms.data);
      free (b.data);
    }
}

enum class_part { CLASS_DECLARATION, CLASS_DEFAULTS, CLASS_CONSTRAINTS };

/* A default_* value as CIL writes it; a value sepm does not know is
 * rendered as its number, so that it still differs from the base's. */
static void
render_default (struct sepm_diff_lines *out, const char *owner, const char *keyword, int value, bool range)
{
  static const char *const plain[] = { NULL, "source", "target" };
  static const char *const ranges[] = { NULL, "source low", "source high", "source low-high", "target low",
    "target high", "target low-high", "glblub" };
  const char *const *names = range ? ranges : plain;
  int n = range ? (int) (sizeof (ranges) / sizeof (ranges[0])) : (int) (sizeof (plain) / sizeof (plain[0]));

  if (value == 0)
    return;
  if (value > 0 && value < n)
    sepm_diff_lines_add (out, "%s %s %s", owner, keyword, names[value]);
  else
    sepm_diff_lines_add (out, "%s %s value %d", owner, keyword, value);
}

static void
render_class_part (const struct sepm_diff_view *v, struct sepm_diff_lines *out, enum class_part part)
{
  const policydb_t *p = v->p;
  for (uint32_t i = 0; i < p->p_classes.nprim; i++)
    {
      const class_datum_t *c = p->class_val_to_struct[i];
      const char *name = p->p_class_val_to_name[i];
      cleanup_free char *owner = xasprintf ("class %s", name);
      struct perm_walk w = { out, owner };

      if (c == NULL)
        sepm_diff_lines_add (out, "class value %u has no class", i + 1);
      else if (part == CLASS_DECLARATION)
        {
          sepm_diff_lines_add (out, "%s value %u common %s", owner, c->s.value, c->comkey ? c->comkey : "-");
          hashtab_map (c->permissions.table, render_perm, &w);
        }
      else if (part == CLASS_DEFAULTS)
        {
          /* One line per rule, in CIL's words: two modules' rules for one
           * class are two lines, each charged to the module that wrote it. */
          render_default (out, owner, "defaultuser", c->default_user, false);
          render_default (out, owner, "defaultrole", c->default_role, false);
          render_default (out, owner, "defaulttype", c->default_type, false);
          render_default (out, owner, "defaultrange", c->default_range, true);
        }
      else
        {
          render_constraints (v, out, name, i + 1, "constrain", c->constraints);
          render_constraints (v, out, name, i + 1, "validatetrans", c->validatetrans);
        }
    }
}

static void
render_classes (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  render_class_part (v, out, CLASS_DECLARATION);
}

static void
render_defaults (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  render_class_part (v, out, CLASS_DEFAULTS);
}

static void
render_class_constraints (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  render_class_part (v, out, CLASS_CONSTRAINTS);
}

static void
render_roles (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  const policydb_t *p = v->p;
  for (uint32_t i = 0; i < p->p_roles.nprim; i++)
    {
      const role_datum_t *r = p->role_val_to_struct[i];
      const char *name = p->p_role_val_to_name[i];
      ebitmap_node_t *en;
      unsigned bit;
      struct sepm_buf dom = { 0 };

      if (r == NULL)
        {
          sepm_diff_lines_add (out, "role value %u has no role", i + 1);
          continue;
        }
      sepm_buf_puts (&dom, "");
      ebitmap_for_each_positive_bit (&r->dominates, en, bit)
        {
          sepm_buf_puts (&dom, " ");
          sepm_buf_puts (&dom, sepm_diff_view_role (v, bit + 1));
        }
      sepm_diff_lines_add (out, "role %s flavor %u bounds %s dominates%s", name, r->flavor,
                      r->bounds ? sepm_diff_view_role (v, r->bounds) : "-", dom.data);
      free (dom.data);
      /* Its types: sepm_diff_bitmaps() (there are thousands). */
      ebitmap_for_each_positive_bit (&r->types.negset, en, bit)
        sepm_diff_lines_add (out, "role %s not type %s", name, sepm_diff_view_type (v, bit + 1));
      if (r->types.flags)
        sepm_diff_lines_add (out, "role %s type flags %u", name, r->types.flags);
      ebitmap_for_each_positive_bit (&r->roles, en, bit)
        sepm_diff_lines_add (out, "role %s holds role %s", name, sepm_diff_view_role (v, bit + 1));
    }
}

static int
render_type (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  const struct sepm_diff_view *v = ((void **) arg)[0];
  struct sepm_diff_lines *out = ((void **) arg)[1];
  const type_datum_t *t = datum;
  const char *name = key;

  if (t->primary)
    {
      /* New types and attributes are the module's (namespace.outside,
       * types.*); a system type keeps every field. */
      if (sepm_diff_view_module_type (v, t->s.value))
        return 0;
      sepm_diff_lines_add (out, "type %s flavor %u flags %u bounds %s", name, t->flavor, t->flags,
                      t->bounds ? sepm_diff_view_type (v, t->bounds) : "-");
    }
  return 0;
}

static void
render_types (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  void *arg[2] = { (void *) v, out };
  hashtab_map (v->p->p_types.table, render_type, arg);
}

static int
render_alias (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  const struct sepm_diff_view *v = ((void **) arg)[0];
  struct sepm_diff_lines *out = ((void **) arg)[1];
  const type_datum_t *t = datum;

  /* An alias of a module type is the module's own name for its own type;
   * an alias of a system type, or any change to one, is not. */
  if (!t->primary && !sepm_diff_view_module_type (v, t->s.value))
    sepm_diff_lines_add (out, "alias %s of %s flavor %u", (const char *) key, sepm_diff_view_type (v, t->s.value),
                    t->flavor);
  return 0;
}

static void
render_aliases (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  void *arg[2] = { (void *) v, out };
  hashtab_map (v->p->p_types.table, render_alias, arg);
}

/* Two bitmaps of types, one per policy, over the same names: a line for
 * every system type in one and not the other.  Attribute memberships and
 * roles' types run into the tens of thousands, so they are compared bit
 * by bit through the value maps instead of rendered whole. */
/* A person needs the first few lines of a difference; the rest is counted. */
struct budget
{
  size_t left, more;
  char *first_more;             /* the first line not reported, for the count's message */
};

static void
report_bit (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component, struct budget *bud,
            const char *owner, const char *name, bool added)
{
  cleanup_free char *line = xasprintf ("%s %s", owner, name);
  if (bud->left == 0)
    {
      if (bud->more++ == 0)
        bud->first_more = xstrdup (line);
      return;
    }
  bud->left--;
  sepm_diff_report (ctx, component, line, added);
}

static void
diff_type_bits (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component,
                struct budget *bud, const char *owner, const ebitmap_t *base_bits, const ebitmap_t *comb_bits,
                const uint32_t *to_comb)
{
  const struct sepm_compare *c = ctx->cmp;
  const policydb_t *b = ctx->cmp->base;
  ebitmap_node_t *en;
  unsigned bit;

  ebitmap_for_each_positive_bit (base_bits, en, bit)
    if (!to_comb[bit + 1] || !ebitmap_get_bit (comb_bits, to_comb[bit + 1] - 1))
      report_bit (ctx, component, bud, owner, b->p_type_val_to_name[bit], false);
  ebitmap_for_each_positive_bit (comb_bits, en, bit)
    {
      uint32_t v = bit + 1;
      /* A module type or attribute is judged by its own row. */
      if (v > c->n_types || c->is_module_type[v] || c->is_module_attribute[v])
        continue;
      if (!ebitmap_get_bit (base_bits, c->to_base[v] - 1))
        report_bit (ctx, component, bud, owner, sepm_compare_type_name (c, v), true);
    }
}

static const char *const role_type_heads[] = { "roletype", "roleattributeset", NULL };
static const char *const membership_heads[] = { "typeattributeset", "typeattribute", "call", "blockinherit", NULL };

void
sepm_diff_bitmaps (struct sepm_obligation_context *ctx)
{
  static const struct sepm_diff_component roles = { "roles", "system.role", role_type_heads,
    "A module may authorise roles for its own types only.", NULL };
  static const struct sepm_diff_component members = { "attribute memberships", "system.attribute",
    membership_heads, "Put only the module's own types into attributes.", NULL };
  const struct sepm_compare *c = ctx->cmp;
  const policydb_t *b = ctx->cmp->base;
  uint32_t *to_comb = sepm_diff_value_map (b, c->comb, SYM_TYPES);
  uint32_t *roles_to_comb = sepm_diff_value_map (b, c->comb, SYM_ROLES);
  struct budget bud = { 8, 0, NULL };

  for (uint32_t t = 1; t <= b->p_types.nprim; t++)
    if (to_comb[t])
      {
        cleanup_free char *owner = xasprintf ("type %s in", b->p_type_val_to_name[t - 1]);
        diff_type_bits (ctx, &members, &bud, owner, &b->type_attr_map[t - 1], &c->comb->type_attr_map[to_comb[t] - 1],
                        to_comb);
      }
  for (uint32_t r = 1; r <= b->p_roles.nprim; r++)
    if (roles_to_comb[r])
      {
        cleanup_free char *owner = xasprintf ("role %s type", b->p_role_val_to_name[r - 1]);
        diff_type_bits (ctx, &roles, &bud, owner, &b->role_val_to_struct[r - 1]->types.types,
                        &c->comb->role_val_to_struct[roles_to_comb[r] - 1]->types.types, to_comb);
      }
  if (bud.more)
    sepm_obligation_report (ctx, "system.attribute", membership_heads, NULL, members.hint,
                            "the module changes %zu more attribute memberships or role types of system types "
                            "(the first: %s)", bud.more, bud.first_more);
  free (bud.first_more);
  free (to_comb);
  free (roles_to_comb);
}

static void
render_users (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  const policydb_t *p = v->p;
  for (uint32_t i = 0; i < p->p_users.nprim; i++)
    {
      const user_datum_t *u = p->user_val_to_struct[i];
      const char *name = p->p_user_val_to_name[i];
      struct sepm_buf b = { 0 };
      ebitmap_node_t *en;
      unsigned bit;

      if (u == NULL)
        {
          sepm_diff_lines_add (out, "user value %u has no user", i + 1);
          continue;
        }
      sepm_buf_puts (&b, "");
      ebitmap_for_each_positive_bit (&u->roles.roles, en, bit)
        {
          sepm_buf_puts (&b, " ");
          sepm_buf_puts (&b, sepm_diff_view_role (v, bit + 1));
        }
      sepm_diff_lines_add (out, "user %s roles%s flags %u bounds %s", name, b.data, u->roles.flags,
                      u->bounds ? sepm_diff_view_user (v, u->bounds) : "-");
      b.len = 0;
      sepm_diff_render_range (&b, v, &u->exp_range);
      sepm_buf_puts (&b, " level ");
      sepm_diff_render_level (&b, v, &u->exp_dfltlevel);
      sepm_diff_lines_add (out, "user %s range %s", name, b.data);
      free (b.data);
    }
}

static void
render_bools (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  const policydb_t *p = v->p;
  for (uint32_t i = 0; i < p->p_bools.nprim; i++)
    {
      const cond_bool_datum_t *d = p->bool_val_to_struct[i];
      const char *name = p->p_bool_val_to_name[i];
      if (d == NULL)
        sepm_diff_lines_add (out, "boolean value %u has no boolean", i + 1);
      else if (!is_new_name (v, SYM_BOOLS, name))
        sepm_diff_lines_add (out, "boolean %s state %d flags %u", name, d->state, d->flags);
    }
}

static int
render_sensitivity (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  const struct sepm_diff_view *v = ((void **) arg)[0];
  struct sepm_diff_lines *out = ((void **) arg)[1];
  const level_datum_t *l = datum;
  struct sepm_buf b = { 0 };

  sepm_buf_puts (&b, "");
  if (l->level)
    sepm_diff_render_level (&b, v, l->level);
  sepm_diff_lines_add (out, "sensitivity %s alias %u defined %u level %s sens %u", (const char *) key,
                  l->isalias, l->defined, b.data, l->level ? l->level->sens : 0);
  free (b.data);
  return 0;
}

static int
render_category (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct sepm_diff_lines *out = ((void **) arg)[1];
  const cat_datum_t *c = datum;
  /* The value orders categories: c0.c1023 means every value between. */
  sepm_diff_lines_add (out, "category %s value %u alias %u", (const char *) key, c->s.value, c->isalias);
  return 0;
}

static void
render_mls (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  void *arg[2] = { (void *) v, out };
  hashtab_map (v->p->p_levels.table, render_sensitivity, arg);
  hashtab_map (v->p->p_cats.table, render_category, arg);
}

static void
render_policycaps (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  ebitmap_node_t *en;
  unsigned bit;
  ebitmap_for_each_positive_bit (&v->p->policycaps, en, bit)
    {
      const char *name = sepol_polcap_getname (bit);
      sepm_diff_lines_add (out, "policycap %s (%u)", name ? name : "?", bit);
    }
}

/* Every permissive type, the module's own included: a permissive domain
 * is not confined at all, and no row admits one. */
static void
render_permissive (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  ebitmap_node_t *en;
  unsigned bit;
  ebitmap_for_each_positive_bit (&v->p->permissive_map, en, bit)
    sepm_diff_lines_add (out, "permissive %s", bit ? sepm_diff_view_type (v, bit) : "(all)");
}

static const char *const class_heads[] = { "class", "common", "classcommon", "classorder", "classpermission",
  "classmap", "classmapping", NULL };
static const char *const constrain_heads[] = { "constrain", "mlsconstrain", "validatetrans", "mlsvalidatetrans",
  NULL };
static const char *const default_heads[] = { "defaultuser", "defaultrole", "defaulttype", "defaultrange", NULL };
static const char *const role_heads[] = { "role", "roletype", "roleattribute", "roleattributeset", "rolebounds",
  NULL };
static const char *const type_heads[] = { "typebounds", "type", "typeattribute", "expandtypeattribute", NULL };
static const char *const alias_heads[] = { "typealias", "typealiasactual", NULL };
static const char *const user_heads[] = { "user", "userrole", "userlevel", "userrange", "userbounds", NULL };
static const char *const bool_heads[] = { "boolean", "tunable", NULL };
static const char *const mls_heads[] = { "sensitivity", "category", "sensitivityorder", "categoryorder",
  "sensitivitycategory", "sensitivityalias", "sensitivityaliasactual", "categoryalias", "categoryaliasactual",
  NULL };
static const char *const cap_heads[] = { "policycap", NULL };
static const char *const permissive_heads[] = { "typepermissive", NULL };
static const char *const header_heads[] = { "mls", "handleunknown", NULL };

const struct sepm_diff_component sepm_diff_symbol_components[] = {
  { "policy header", "system.header", header_heads,
    "The policy's format and its handling of unknown classes are the host's.", render_header },
  { "commons", "system.class", class_heads, "A module may not declare or change classes or permissions.",
    render_commons },
  { "classes", "system.class", class_heads, "A module may not declare or change classes or permissions.",
    render_classes },
  { "default_* rules", "system.default", default_heads, "A module may not change how new objects are labelled.",
    render_defaults },
  { "constraints", "system.constraint", constrain_heads,
    "A module may not add or change constraints; they apply to every type.", render_class_constraints },
  { "roles", "system.role", role_heads,
    "A module may not declare roles or change a system role; its types get the roles of their parent.",
    render_roles },
  { "types", "system.type", type_heads,
    "A module may not change a system type: not its bounds, its flavor or its flags.", render_types },
  { "aliases", "system.alias", alias_heads,
    "Declare aliases of the module's own types inside its block; refer to system types by their own names.",
    render_aliases },
  { "users", "system.user", user_heads,
    "A module may not declare users or change a system user's roles, range or default level.", render_users },
  { "booleans", "system.boolean", bool_heads,
    "A module may declare booleans in its block, never change a system boolean.", render_bools },
  { "sensitivities and categories", "system.mls", mls_heads,
    "A module may not declare or reorder sensitivities or categories.", render_mls },
  { "policy capabilities", "system.policycap", cap_heads,
    "Policy capabilities change the kernel's behaviour for every process.", render_policycaps },
  { "permissive types", "system.permissive", permissive_heads,
    "A permissive domain is not confined at all; remove typepermissive.", render_permissive },
};
const size_t sepm_n_diff_symbol_components
  = sizeof (sepm_diff_symbol_components) / sizeof (sepm_diff_symbol_components[0]);
