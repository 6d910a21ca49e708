/* Obligation 5 (everything but rules): no constraint, no labeling
 * statement, no new role, user, class, permission, sensitivity, category,
 * policy capability, initial SID or default_* rule, no role rule, no
 * permissive type, no filecon, and no named type transition for a system
 * type.  Each is found by comparing the combined policy with the base. */
#include <config.h>
#include "obligations.h"

#include <string.h>

#include "module_locate.h"
#include "util.h"

static size_t
count_constraints (const constraint_node_t *n)
{
  size_t k = 0;
  for (; n; n = n->next)
    k++;
  return k;
}

static size_t
count_ocontexts (const ocontext_t *o)
{
  size_t k = 0;
  for (; o; o = o->next)
    k++;
  return k;
}

static size_t
count_genfs (const genfs_t *g)
{
  size_t k = 0;
  for (; g; g = g->next)
    k += 1 + count_ocontexts (g->head);
  return k;
}

static void
report_plain (struct sepm_obligation_context *ctx, const char *id, const char *const *heads,
              const char *hint, const char *message)
{
  sepm_obligation_report (ctx, id, heads, NULL, hint, "%s", message);
}

struct symtab_walk
{
  struct sepm_obligation_context *ctx;
  hashtab_t base;
  const char *what;
  const char *const *heads;
};

static int
report_new_symbol (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct symtab_walk *w = arg;

  if (hashtab_search (w->base, key) == NULL)
    {
      const char *names[] = { key, NULL };
      sepm_obligation_report (w->ctx, "system.declaration", w->heads, names,
                              "A module may declare types, attributes and booleans only.",
                              "the module declares a new %s `%s`", w->what, key);
    }
  return 0;
}

static void
check_new_symbols (struct sepm_obligation_context *ctx, symtab_t *comb, symtab_t *base,
                   const char *what, const char *const *heads)
{
  struct symtab_walk w = { ctx, base->table, what, heads };
  hashtab_map (comb->table, report_new_symbol, &w);
}

static void
check_classes (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  static const char *const class_heads[] = { "class", "common", "classcommon", "classorder", NULL };
  static const char *const default_heads[] = { "defaultuser", "defaultrole", "defaulttype", "defaultrange", NULL };
  static const char *const constrain_heads[] = { "constrain", "mlsconstrain", "validatetrans", "mlsvalidatetrans", NULL };

  check_new_symbols (ctx, &c->comb->p_classes, &c->base->p_classes, "class", class_heads);
  check_new_symbols (ctx, &c->comb->p_commons, &c->base->p_commons, "common", class_heads);
  for (uint32_t i = 0; i < c->comb->p_classes.nprim; i++)
    {
      class_datum_t *cc = c->comb->class_val_to_struct[i];
      const char *name = c->comb->p_class_val_to_name[i];
      class_datum_t *bc = hashtab_search (c->base->p_classes.table, (hashtab_key_t) name);
      if (bc == NULL)
        continue;
      if (cc->permissions.nprim != bc->permissions.nprim)
        sepm_obligation_report (ctx, "system.declaration", class_heads, NULL,
                                "A module may not add permissions.",
                                "the module adds permissions to class %s", name);
      if (cc->default_user != bc->default_user || cc->default_role != bc->default_role
          || cc->default_type != bc->default_type || cc->default_range != bc->default_range)
        sepm_obligation_report (ctx, "system.declaration", default_heads, NULL,
                                "A module may not change how new objects are labelled.",
                                "the module changes the default_* rules of class %s", name);
      if (count_constraints (cc->constraints) != count_constraints (bc->constraints)
          || count_constraints (cc->validatetrans) != count_constraints (bc->validatetrans))
        sepm_obligation_report (ctx, "system.constraint", constrain_heads, NULL,
                                "A module may not add constraints; they apply to every type.",
                                "the module adds a constraint on class %s", name);
    }
}

static void
check_labeling (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  static const char *const heads[] = { "genfscon", "fsuse", "portcon", "netifcon", "nodecon",
    "ibpkeycon", "ibendportcon", NULL };
  static const char *const sid_heads[] = { "sid", "sidcontext", "sidorder", NULL };
  static const char *const names[] = { "fs", "port", "netif", "node", "fs_use", "node6", "ibpkey", "ibendport" };

  if (count_ocontexts (c->comb->ocontexts[OCON_ISID]) != count_ocontexts (c->base->ocontexts[OCON_ISID]))
    report_plain (ctx, "system.declaration", sid_heads, "A module may not declare initial SIDs.",
                  "the module declares an initial SID");
  else
    for (ocontext_t *o = c->comb->ocontexts[OCON_ISID], *b = c->base->ocontexts[OCON_ISID]; o && b;
         o = o->next, b = b->next)
      if (c->to_base[o->context[0].type] != b->context[0].type)
        report_plain (ctx, "system.declaration", sid_heads, "A module may not change initial SID contexts.",
                      "the module changes the context of an initial SID");
  for (int k = OCON_FS; k < OCON_NUM; k++)
    if (count_ocontexts (c->comb->ocontexts[k]) != count_ocontexts (c->base->ocontexts[k]))
      sepm_obligation_report (ctx, "system.labeling", heads, NULL,
                              "Labeling statements apply to the whole host; a module may not carry them.",
                              "the module adds a %s labeling statement", names[k - 1]);
  if (count_genfs (c->comb->genfs) != count_genfs (c->base->genfs))
    report_plain (ctx, "system.labeling", heads,
                  "Labeling statements apply to the whole host; a module may not carry them.",
                  "the module adds a genfscon statement");
}

static void
check_roles_and_users (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  static const char *const role_heads[] = { "role", "roleattribute", NULL };
  static const char *const user_heads[] = { "user", "userrole", NULL };
  static const char *const mls_heads[] = { "sensitivity", "category", "sensitivityorder", "categoryorder", NULL };
  static const char *const rule_heads[] = { "roleallow", "roletransition", NULL };
  size_t ca = 0, ba = 0, ct = 0, bt = 0;

  check_new_symbols (ctx, &c->comb->p_roles, &c->base->p_roles, "role", role_heads);
  check_new_symbols (ctx, &c->comb->p_users, &c->base->p_users, "user", user_heads);
  check_new_symbols (ctx, &c->comb->p_levels, &c->base->p_levels, "sensitivity", mls_heads);
  check_new_symbols (ctx, &c->comb->p_cats, &c->base->p_cats, "category", mls_heads);
  for (role_allow_t *r = c->comb->role_allow; r; r = r->next)
    ca++;
  for (role_allow_t *r = c->base->role_allow; r; r = r->next)
    ba++;
  for (role_trans_t *r = c->comb->role_tr; r; r = r->next)
    ct++;
  for (role_trans_t *r = c->base->role_tr; r; r = r->next)
    bt++;
  if (ca != ba || ct != bt)
    report_plain (ctx, "system.role-rule", rule_heads, "A module may not change which roles reach which.",
                  ca != ba ? "the module adds a roleallow rule" : "the module adds a roletransition rule");

  for (uint32_t u = 0; u < c->comb->p_users.nprim; u++)
    {
      const char *name = c->comb->p_user_val_to_name[u];
      user_datum_t *bu = hashtab_search (c->base->p_users.table, (hashtab_key_t) name);
      if (bu && ebitmap_cardinality (&c->comb->user_val_to_struct[u]->roles.roles)
                != ebitmap_cardinality (&bu->roles.roles))
        {
          const char *names[] = { name, NULL };
          sepm_obligation_report (ctx, "system.role-rule", user_heads, names,
                                  "A module may not change which roles a user has.",
                                  "the module gives system user %s a new role", name);
        }
    }
}

static void
check_permissive_and_caps (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  static const char *const perm_heads[] = { "typepermissive", NULL };
  static const char *const cap_heads[] = { "policycap", NULL };
  ebitmap_node_t *en;
  unsigned bit;

  ebitmap_for_each_positive_bit (&c->comb->permissive_map, en, bit)
    {
      uint32_t t = bit, bt = t <= c->n_types ? c->to_base[t] : 0;
      /* permissive_map is indexed by type value, not value - 1. */
      if (bt && ebitmap_get_bit (&c->base->permissive_map, bt))
        continue;
      const char *names[] = { sepm_compare_type_name (c, t), NULL };
      sepm_obligation_report (ctx, "system.permissive", perm_heads, names,
                              "A permissive domain is not confined at all; remove typepermissive.",
                              "the module makes %s permissive", sepm_compare_type_name (c, t));
    }
  if (!ebitmap_cmp (&c->comb->policycaps, &c->base->policycaps))
    report_plain (ctx, "system.declaration", cap_heads,
                  "Policy capabilities change the kernel's behaviour for every process.",
                  "the module changes the policy capabilities");
}

struct named_walk
{
  struct sepm_obligation_context *ctx;
};

static int
visit_named_transition (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct sepm_obligation_context *ctx = arg;
  const struct sepm_compare *c = ctx->cmp;
  filename_trans_key_t *k = (filename_trans_key_t *) key;
  static const char *const heads[] = { "typetransition", NULL };

  for (filename_trans_datum_t *d = datum; d; d = d->next)
    {
      ebitmap_node_t *en;
      unsigned bit;
      ebitmap_for_each_positive_bit (&d->stypes, en, bit)
        {
          uint32_t s = bit + 1;
          bool known = false;
          if (c->is_module_type[s] || s > c->n_types)
            continue;
          filename_trans_key_t bkey = { c->to_base[k->ttype], 0, k->name };
          class_datum_t *bc = hashtab_search (c->base->p_classes.table,
                                              (hashtab_key_t) sepm_class_name (c->comb, k->tclass));
          bkey.tclass = bc ? bc->s.value : 0;
          if (bkey.ttype && bkey.tclass)
            for (filename_trans_datum_t *bd = hashtab_search (c->base->filename_trans, (hashtab_key_t) &bkey);
                 bd && !known; bd = bd->next)
              known = bd->otype == c->to_base[d->otype] && ebitmap_get_bit (&bd->stypes, c->to_base[s] - 1);
          if (known)
            continue;
          const char *names[] = { sepm_compare_type_name (c, s), NULL };
          sepm_obligation_report (ctx, "system.rule", heads, names,
                                  "Write type transitions only for the module's own types.",
                                  "type_transition %s %s:%s \"%s\" %s: a rule for system type %s",
                                  sepm_compare_type_name (c, s), sepm_compare_type_name (c, k->ttype),
                                  sepm_class_name (c->comb, k->tclass), k->name,
                                  sepm_compare_type_name (c, d->otype), sepm_compare_type_name (c, s));
        }
    }
  return 0;
}

void
sepm_check_system_declarations (struct sepm_obligation_context *ctx)
{
  check_classes (ctx);
  check_labeling (ctx);
  check_roles_and_users (ctx);
  check_permissive_and_caps (ctx);
  if (ctx->cmp->comb->filename_trans)
    hashtab_map (ctx->cmp->comb->filename_trans, visit_named_transition, ctx);
}

static void
find_filecons (struct sepm_obligation_context *ctx, const struct sexpr *e)
{
  for (size_t i = 0; e->is_list && i < e->n_items; i++)
    {
      const struct sexpr *s = e->items[i];
      const char *head = sepm_sexpr_head (s);
      if (head && strcmp (head, "filecon") == 0)
        {
          struct sepm_buf b = { 0 };
          sepm_sexpr_write (&b, s);
          sepm_findings_add (ctx->findings, "system.filecon", ctx->module_path, s->line, b.data,
                             "Move file labels out of the module: `sepm-build --labels FILE`.",
                             "filecon would reach the host's file_contexts");
          free (b.data);
        }
      find_filecons (ctx, s);
    }
}

/* filecon is the one check made on the module's text: CIL can produce a
 * file context only from a filecon statement, and a module can only use
 * its own text, the templates and admitted modules, none of which holds
 * one.  So a filecon anywhere in the text is exactly the set of file
 * contexts the module would add. */
void
sepm_check_filecon (struct sepm_obligation_context *ctx)
{
  if (ctx->tree)
    find_filecons (ctx, ctx->tree);
}
