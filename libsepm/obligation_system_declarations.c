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

static void
render_level (struct sepm_buf *b, const policydb_t *p, const mls_level_t *l)
{
  ebitmap_node_t *n;
  unsigned bit;

  sepm_buf_puts (b, l->sens && l->sens <= p->p_levels.nprim ? p->p_sens_val_to_name[l->sens - 1] : "?");
  ebitmap_for_each_positive_bit (&l->cat, n, bit)
    {
      sepm_buf_puts (b, ",");
      sepm_buf_puts (b, bit < p->p_cats.nprim ? p->p_cat_val_to_name[bit] : "?");
    }
}

/* A context by names, so that two policies' contexts compare. */
static void
render_context (struct sepm_buf *b, const policydb_t *p, const context_struct_t *c)
{
  cleanup_free char *head = xasprintf ("%s:%s:%s:",
                                       c->user && c->user <= p->p_users.nprim ? p->p_user_val_to_name[c->user - 1] : "?",
                                       c->role && c->role <= p->p_roles.nprim ? p->p_role_val_to_name[c->role - 1] : "?",
                                       c->type && c->type <= p->p_types.nprim ? p->p_type_val_to_name[c->type - 1] : "?");
  sepm_buf_puts (b, head);
  render_level (b, p, &c->range.level[0]);
  sepm_buf_puts (b, "-");
  render_level (b, p, &c->range.level[1]);
}

/* One labeling statement as text: its key and its context(s).  Counting
 * is not enough: at the log level semodule uses, libsepol keeps one of two
 * conflicting statements for the same key without a word, so a module's
 * portcon could replace the host's. */
static char *
render_ocontext (const policydb_t *p, int kind, const ocontext_t *o)
{
  struct sepm_buf b = { 0 };
  cleanup_free char *key = NULL;

  switch (kind)
    {
    case OCON_PORT:
      key = xasprintf ("port %u %u-%u ", o->u.port.protocol, o->u.port.low_port, o->u.port.high_port);
      break;
    case OCON_NODE:
      key = xasprintf ("node %08x/%08x ", o->u.node.addr, o->u.node.mask);
      break;
    case OCON_NODE6:
      key = xasprintf ("node6 %08x%08x%08x%08x/%08x%08x%08x%08x ", o->u.node6.addr[0], o->u.node6.addr[1],
                       o->u.node6.addr[2], o->u.node6.addr[3], o->u.node6.mask[0], o->u.node6.mask[1],
                       o->u.node6.mask[2], o->u.node6.mask[3]);
      break;
    case OCON_IBPKEY:
      key = xasprintf ("ibpkey %llx %u-%u ", (unsigned long long) o->u.ibpkey.subnet_prefix,
                       o->u.ibpkey.low_pkey, o->u.ibpkey.high_pkey);
      break;
    case OCON_IBENDPORT:
      key = xasprintf ("ibendport %s %u ", o->u.ibendport.dev_name, o->u.ibendport.port);
      break;
    case OCON_FSUSE:
      key = xasprintf ("fsuse %u %s ", o->v.behavior, o->u.name);
      break;
    case OCON_ISID:             /* binary policies do not keep SID names */
      key = xasprintf ("sid %u ", o->sid[0]);
      break;
    default:                    /* FS, NETIF: a name */
      key = xasprintf ("%d %s ", kind, o->u.name ? o->u.name : "");
      break;
    }
  sepm_buf_puts (&b, key);
  render_context (&b, p, &o->context[0]);
  if (kind == OCON_FS || kind == OCON_NETIF)
    {
      sepm_buf_puts (&b, " ");
      render_context (&b, p, &o->context[1]);
    }
  return b.data;
}

struct rendered
{
  char **items;
  size_t n;
};

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
render_all (const policydb_t *p, int kind, struct rendered *out)
{
  memset (out, 0, sizeof (*out));
  if (kind >= 0)
    for (const ocontext_t *o = p->ocontexts[kind]; o; o = o->next)
      {
        out->items = xrealloc (out->items, (out->n + 1) * sizeof (char *));
        out->items[out->n++] = render_ocontext (p, kind, o);
      }
  else
    for (const genfs_t *g = p->genfs; g; g = g->next)
      for (const ocontext_t *o = g->head; o; o = o->next)
        {
          struct sepm_buf b = { 0 };
          cleanup_free char *key = xasprintf ("genfs %s %s %u ", g->fstype, o->u.name, o->v.sclass);
          sepm_buf_puts (&b, key);
          render_context (&b, p, &o->context[0]);
          out->items = xrealloc (out->items, (out->n + 1) * sizeof (char *));
          out->items[out->n++] = b.data;
        }
  if (out->n)
    qsort (out->items, out->n, sizeof (char *), compare_strings);
}

static void
release_rendered (struct rendered *r)
{
  for (size_t i = 0; i < r->n; i++)
    free (r->items[i]);
  free (r->items);
}

/* The first statement of the combined policy that the base lacks, or NULL. */
static char *
first_difference (const struct sepm_compare *c, int kind)
{
  struct rendered base, comb;
  char *diff = NULL;
  size_t i = 0, j = 0;

  render_all (c->base, kind, &base);
  render_all (c->comb, kind, &comb);
  while (j < comb.n && diff == NULL)
    {
      int cmp = i < base.n ? strcmp (base.items[i], comb.items[j]) : 1;
      if (cmp == 0)
        i++, j++;
      else if (cmp < 0)
        i++;
      else
        diff = xstrdup (comb.items[j]);
    }
  /* A statement the module's conflict made libsepol drop is a change too. */
  if (diff == NULL && base.n != comb.n)
    diff = xstrdup ("(a statement of the system policy was replaced)");
  release_rendered (&base);
  release_rendered (&comb);
  return diff;
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

  for (int k = -1; k < OCON_NUM; k++)
    {
      cleanup_free char *diff = first_difference (c, k);
      if (diff == NULL)
        continue;
      if (k == OCON_ISID)
        sepm_obligation_report (ctx, "system.declaration", sid_heads, NULL,
                                "A module may not declare initial SIDs or change their contexts.",
                                "the module changes the initial SIDs: %s", diff);
      else
        sepm_obligation_report (ctx, "system.labeling", heads, NULL,
                                "Labeling statements apply to the whole host; a module may not carry them.",
                                "the module changes the host's %s labeling: %s",
                                k < 0 ? "genfs" : names[k - 1], diff);
    }
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

/* Statements that can only come from text: CIL makes a file or labeling
 * context only from the statement itself, and a module can use only its
 * own text, the templates and admitted modules, none of which holds one.
 * The text check also catches a statement libsepol silently dropped in a
 * conflict with the host's (see render_ocontext). */
static const struct
{
  const char *keyword;
  const char *rule_id;
  const char *hint;
} text_only[] = {
  { "filecon", "system.filecon", "Move file labels out of the module: `sepm-build --labels FILE`." },
  { "genfscon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "fsuse", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "portcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "netifcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "nodecon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "ibpkeycon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "ibendportcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "sid", "system.declaration", "A module may not declare initial SIDs." },
  { "sidcontext", "system.declaration", "A module may not change initial SID contexts." },
  { "sidorder", "system.declaration", "A module may not declare initial SIDs." },
};

static void
find_text_only (struct sepm_obligation_context *ctx, const char *path, const struct sexpr *e)
{
  for (size_t i = 0; e->is_list && i < e->n_items; i++)
    {
      const struct sexpr *s = e->items[i];
      const char *head = sepm_sexpr_head (s);
      for (size_t k = 0; head && k < sizeof (text_only) / sizeof (*text_only); k++)
        if (strcmp (head, text_only[k].keyword) == 0)
          {
            struct sepm_buf b = { 0 };
            sepm_sexpr_write (&b, s);
            sepm_findings_add (ctx->findings, text_only[k].rule_id, path, s->line, b.data,
                               text_only[k].hint, "%s would change the host's labeling",
                               text_only[k].keyword);
            free (b.data);
          }
      find_text_only (ctx, path, s);
    }
}

void
sepm_check_text_only_statements (struct sepm_obligation_context *ctx)
{
  for (size_t i = 0; i < ctx->n_modules; i++)
    if (ctx->modules[i].tree)
      find_text_only (ctx, ctx->modules[i].path, ctx->modules[i].tree);
}
