/* Obligation 2: the module's names are its own, and each of its types is
 * bounded by an allowed parent. */
#include <config.h>
#include "obligations.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "module_locate.h"
#include "strset.h"
#include "util.h"

bool
sepm_obligation_is_domain_parent (const struct sepm_obligation_context *ctx, uint32_t type)
{
  for (const uint32_t *p = ctx->domain_parents; *p; p++)
    if (*p == type)
      return true;
  return false;
}

bool
sepm_obligation_is_allowed_parent (const struct sepm_obligation_context *ctx, uint32_t type)
{
  if (sepm_obligation_is_domain_parent (ctx, type))
    return true;
  for (const uint32_t *p = ctx->object_parents; *p; p++)
    if (*p == type)
      return true;
  return false;
}

size_t
sepm_obligation_owner (const struct sepm_obligation_context *ctx, const char *name)
{
  for (size_t i = 0; name && i < ctx->n_modules; i++)
    {
      const char *ns = ctx->modules[i].namespace_name;
      size_t n = ns ? strlen (ns) : 0;
      if (ns && strncmp (name, ns, n) == 0 && name[n] == '.')
        return i;
    }
  return ctx->n_modules;
}

/* ALIAS is another name of type NAME in the compiled policy. */
static bool
comb_is_alias_of (const void *arg, const char *alias, const char *name)
{
  const policydb_t *p = arg;
  const type_datum_t *a = hashtab_search (p->p_types.table, (hashtab_key_t) alias);
  const type_datum_t *t = hashtab_search (p->p_types.table, (hashtab_key_t) name);
  return a && t && a != t && a->flavor != TYPE_ATTRIB && t->flavor != TYPE_ATTRIB && a->s.value == t->s.value;
}

/* The words of a finding's message (its rule, names, classes and
 * permissions as the compiled policy has them), to rank the statements
 * that could be its culprit.  A word counts 1/K where K modules of the
 * compile mention it (an alias mentions its type): a system type only
 * one module names says more than a permission every module writes. */
static struct sepm_clues
message_clues (const struct sepm_obligation_context *ctx, const char *message)
{
  struct sepm_clues clues = { xcalloc (1, sizeof (char *)), NULL };
  size_t n = 0;

  for (const char *p = message; *p;)
    {
      /* CIL's words: `low-high` is one, not `low` and `high`. */
      size_t len = sepm_message_word (p);
      if (len == 0)
        {
          p++;
          continue;
        }
      cleanup_free char *word = xstrndup (p, len);
      bool seen = false;
      for (size_t i = 0; i < n && !seen; i++)
        seen = strcmp (clues.words[i], word) == 0;
      if (!seen)
        {
          clues.words = xrealloc (clues.words, (n + 2) * sizeof (*clues.words));
          clues.words[n++] = word;
          clues.words[n] = NULL;
          word = NULL;
        }
      p += len;
    }
  clues.weights = xcalloc (n + 1, sizeof (double));
  for (size_t k = 0; k < n; k++)
    {
      size_t df = 0;
      for (size_t i = 0; i < ctx->n_modules; i++)
        {
          struct sepm_text t = { .tree = ctx->modules[i].tree, .ns = ctx->modules[i].namespace_name,
                                 .holds_arg = ctx->cmp ? ctx->cmp->comb : NULL,
                                 .is_alias_of = ctx->cmp ? comb_is_alias_of : NULL };
          df += sepm_text_mentions (&t, clues.words[k]);
        }
      clues.weights[k] = df ? 1.0 / (double) df : 0;
    }
  return clues;
}

static void
clues_release (struct sepm_clues *clues)
{
  for (size_t i = 0; clues->words && clues->words[i]; i++)
    free (clues->words[i]);
  free (clues->words);
  free (clues->weights);
}

/* Name ATTR stands for type NAME in the compiled policy: an attribute
 * that holds it, or an alias of it (svirt_lxc_net_t for container_t). */
static bool
comb_attribute_holds (const void *arg, const char *attr, const char *name)
{
  const policydb_t *p = arg;
  const type_datum_t *a = hashtab_search (p->p_types.table, (hashtab_key_t) attr);
  const type_datum_t *t = hashtab_search (p->p_types.table, (hashtab_key_t) name);
  if (a == NULL || t == NULL || t->flavor == TYPE_ATTRIB)
    return false;
  if (a->flavor != TYPE_ATTRIB)
    return a != t && a->s.value == t->s.value;
  return p->type_attr_map && ebitmap_get_bit (&p->type_attr_map[t->s.value - 1], a->s.value - 1);
}

static bool
comb_is_type (const void *arg, const char *name)
{
  const policydb_t *p = arg;
  return hashtab_search (p->p_types.table, (hashtab_key_t) name) != NULL;
}

static bool
comb_is_attribute (const void *arg, const char *name)
{
  const policydb_t *p = arg;
  const type_datum_t *t = hashtab_search (p->p_types.table, (hashtab_key_t) name);
  return t && t->flavor == TYPE_ATTRIB;
}

/* Where a finding's statement is looked for, in order until one is found.
 * The culprit first: a module that names another module's type in full
 * wrote a statement about it (modules verified together, an image's
 * layers); the finding is charged to it, never to the module it harms.
 * Then a statement of the finding's kinds that also names the rule's
 * class, written out and then through attributes: the rule's own
 * statement, where a grant of another class to the same types is only a
 * neighbour.  Then any module's statement of the finding's kinds; then
 * any statement that mentions the names, whatever its keyword (a
 * template's macro or block wrote the rule), if it mentions any of the
 * words.  The last two again, where an attribute mentions the types it
 * holds (a statement written for an attribute compiles to rules for its
 * members, which may be another module's types: the harmed module's text
 * names them, the culprit's does not).  In each, the best candidate over
 * all modules. */
struct locate_pass
{
  bool culprit;
  bool with_class;
  bool through_attributes;
  bool any_statement;           /* needs some of the words */
};

static const struct locate_pass locate_passes[] = {
  { .culprit = true },
  { .with_class = true },
  { .with_class = true, .through_attributes = true },
  { 0 },
  { .any_statement = true },
  { .through_attributes = true },
  { .through_attributes = true, .any_statement = true },
};

static const struct sepm_strset *
own_attributes (struct sepm_obligation_context *ctx, size_t i)
{
  if (ctx->own_attributes == NULL)
    ctx->own_attributes = xcalloc (ctx->n_modules + 1, sizeof (*ctx->own_attributes));
  if (ctx->own_attributes[i] == NULL)
    ctx->own_attributes[i] = sepm_text_declared_attributes (ctx->modules[i].tree, ctx->modules[i].namespace_name);
  return ctx->own_attributes[i];
}

void
sepm_obligation_context_release (struct sepm_obligation_context *ctx)
{
  for (size_t i = 0; ctx->own_attributes && i < ctx->n_modules; i++)
    sepm_strset_free (ctx->own_attributes[i]);
  free (ctx->own_attributes);
  ctx->own_attributes = NULL;
}

static void
report_message (struct sepm_obligation_context *ctx, const char *rule_id, const char *const *heads,
                const char *const *names, const char *cls, const char *hint, const char *message)
{
  static const char *const no_names[] = { NULL };
  struct sepm_location loc = { 0, NULL };
  const char *path = NULL;
  const char *const *want = names ? names : no_names;
  size_t owner = sepm_obligation_owner (ctx, want[0]);
  size_t n_want = 0;
  struct sepm_clues clues = message_clues (ctx, message);

  while (want[n_want])
    n_want++;
  const char **want_class = xcalloc (n_want + 2, sizeof (*want_class));
  memcpy (want_class, want, n_want * sizeof (*want));
  want_class[n_want] = cls;
  struct sepm_location *found = xcalloc (ctx->n_modules + 1, sizeof (*found));
  double *scores = xcalloc (ctx->n_modules + 1, sizeof (*scores));
  size_t winner = ctx->n_modules;
  for (size_t k = 0; k < sizeof (locate_passes) / sizeof (*locate_passes) && winner == ctx->n_modules; k++)
    {
      const struct locate_pass *pass = &locate_passes[k];
      double best = pass->any_statement ? 0 : -1;
      if (pass->with_class && (cls == NULL || n_want == 0))
        continue;
      for (size_t i = 0; i < ctx->n_modules; i++)
        {
          struct sepm_text t = {
            .tree = ctx->modules[i].tree,
            .ns = pass->culprit ? NULL : ctx->modules[i].namespace_name,
            .holds = pass->through_attributes && ctx->cmp ? comb_attribute_holds : NULL,
            .holds_arg = ctx->cmp ? ctx->cmp->comb : NULL,
            .is_type = comb_is_type,
            .is_attribute = comb_is_attribute,
            .own_attributes = own_attributes (ctx, i),
            .attributes_are_literal = pass->with_class,
            .is_alias_of = ctx->cmp ? comb_is_alias_of : NULL,
          };
          sepm_location_release (&found[i]);
          if (pass->culprit && (owner == ctx->n_modules || i == owner))
            continue;
          found[i] = sepm_module_locate_best (&t, pass->any_statement ? NULL : heads, pass->with_class ? want_class : want,
                                       &clues, &scores[i]);
          if (found[i].line != 0 && scores[i] > best)
            {
              winner = i;
              best = scores[i];
            }
        }
    }
  free (want_class);
  /* Two modules that wrote the same statement, as well as each other,
   * are both its culprits (modules verified together each get the
   * findings they get alone). */
  for (size_t i = 0; winner < ctx->n_modules && i < ctx->n_modules; i++)
    if (i != winner && found[i].line != 0 && scores[i] == scores[winner]
        && strcmp (found[i].statement, found[winner].statement) == 0)
      sepm_findings_add (ctx->findings, rule_id, ctx->modules[i].path, found[i].line, found[i].statement, hint,
                         "%s", message);
  if (winner < ctx->n_modules)
    {
      loc = found[winner];
      found[winner] = (struct sepm_location) { 0, NULL };
      path = ctx->modules[winner].path;
    }
  for (size_t i = 0; i < ctx->n_modules; i++)
    sepm_location_release (&found[i]);
  free (found);
  free (scores);
  /* Not found in any text: blame the module that owns the first name, or
   * else the first of the message's names that a module owns. */
  for (size_t k = 0; owner == ctx->n_modules && clues.words[k]; k++)
    owner = sepm_obligation_owner (ctx, clues.words[k]);
  clues_release (&clues);
  if (loc.line == 0)
    path = ctx->n_modules ? ctx->modules[owner < ctx->n_modules ? owner : 0].path : NULL;
  sepm_findings_add (ctx->findings, rule_id, path, loc.line, loc.statement, hint, "%s", message);
  sepm_location_release (&loc);
}

void
sepm_obligation_report_rule (struct sepm_obligation_context *ctx, const char *rule_id,
                             const char *const *heads, const char *const *names, const char *cls,
                             const char *hint, const char *fmt, ...)
{
  cleanup_free char *message = NULL;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&message, fmt, ap) < 0)
    abort ();
  va_end (ap);
  report_message (ctx, rule_id, heads, names, cls, hint, message);
}

/* Every block the module's text declares, by its full name. */
static void
collect_blocks (const struct sexpr *e, const char *prefix, struct sepm_strset *blocks)
{
  for (size_t i = 0; e->is_list && i < e->n_items; i++)
    {
      const struct sexpr *s = e->items[i];
      const char *head = sepm_sexpr_head (s);
      const char *name = sepm_sexpr_atom_at (s, 1);
      if (head && name && strcmp (head, "block") == 0)
        {
          cleanup_free char *full = *prefix ? xasprintf ("%s.%s", prefix, name) : xstrdup (name);
          sepm_strset_add (blocks, full, NULL);
          collect_blocks (s, full, blocks);
        }
    }
}

/* CIL resolves the target of `in` from the enclosing block outwards, and
 * globally last.  It stays inside the module when one of those candidates
 * is a block of the module. */
static bool
in_target_is_own (const char *target, const char *enclosing, const struct sepm_strset *blocks)
{
  cleanup_free char *scope = xstrdup (enclosing);

  if (target[0] == '.')
    return sepm_strset_has (blocks, target + 1);
  for (;;)
    {
      cleanup_free char *candidate = *scope ? xasprintf ("%s.%s", scope, target) : xstrdup (target);
      char *dot = strrchr (scope, '.');
      if (sepm_strset_has (blocks, candidate))
        return true;
      if (*scope == '\0')
        return false;
      if (dot)
        *dot = '\0';
      else
        *scope = '\0';
    }
}

static void
find_in_statements (const struct sexpr *e, const char *enclosing, const struct sepm_strset *blocks,
                    const char *ns, const char *path, struct sepm_findings *findings)
{
  for (size_t i = 0; e->is_list && i < e->n_items; i++)
    {
      const struct sexpr *s = e->items[i];
      const char *head = sepm_sexpr_head (s);
      const char *target = sepm_sexpr_atom_at (s, 1);
      size_t in_at = sepm_sexpr_in_target_index (s);

      if (!s->is_list)
        continue;
      if (in_at)
        target = sepm_sexpr_atom_at (s, in_at);
      /* An `in` whose block is not a name it can read is refused too. */
      if (in_at && (target == NULL || !in_target_is_own (target, enclosing, blocks)))
        {
          /* `in` reopens a block; outside the module's own it would change
           * the system's or another module's policy (for example a shared
           * template that every module inherits). */
          struct sepm_buf b = { 0 };
          sepm_sexpr_write (&b, s);
          sepm_findings_add (findings, "namespace.outside", path, s->line, b.data,
                             "Keep every statement inside the module's own block.",
                             "`in %s` changes a block outside the module's namespace `%s`",
                             target ? target : "(no block name)", ns);
          free (b.data);
        }
      if (head && target && strcmp (head, "block") == 0)
        {
          cleanup_free char *inner = *enclosing ? xasprintf ("%s.%s", enclosing, target) : xstrdup (target);
          find_in_statements (s, inner, blocks, ns, path, findings);
        }
      else
        find_in_statements (s, enclosing, blocks, ns, path, findings);
    }
}

void
sepm_obligation_check_namespace_structure (const struct sexpr *tree, const char *path,
                                struct sepm_findings *findings, char **namespace_name)
{
  const struct sexpr *first = tree->n_items ? tree->items[0] : NULL;
  const char *name = sepm_sexpr_atom_at (first, 1);

  *namespace_name = NULL;
  if (tree->n_items != 1 || !first->is_list || name == NULL
      || strcmp (sepm_sexpr_head (first) ? sepm_sexpr_head (first) : "", "block") != 0)
    {
      const struct sexpr *culprit = tree->n_items > 1 ? tree->items[1] : first;
      struct sepm_buf b = { 0 };
      if (culprit)
        sepm_sexpr_write (&b, culprit);
      sepm_findings_add (findings, "namespace.single-block", path, culprit ? culprit->line : 0,
                         b.data, "Put the whole module inside one `(block NAME ...)`.",
                         tree->n_items == 0 ? "the module is empty"
                         : "the module must be exactly one top-level block; this statement stands outside it");
      free (b.data);
      if (first && first->is_list && name && sepm_sexpr_head (first)
          && strcmp (sepm_sexpr_head (first), "block") == 0)
        *namespace_name = xstrdup (name);
    }
  else
    *namespace_name = xstrdup (name);

  if (*namespace_name)
    {
      struct sepm_strset *blocks = sepm_strset_new (64);
      collect_blocks (tree, "", blocks);
      find_in_statements (tree, "", blocks, *namespace_name, path, findings);
      sepm_strset_free (blocks);
    }
}

bool
sepm_obligation_in_module_namespace (const struct sepm_obligation_context *ctx, const char *name)
{
  for (size_t i = 0; i < ctx->n_modules; i++)
    {
      const char *ns = ctx->modules[i].namespace_name;
      size_t n = ns ? strlen (ns) : 0;
      if (ns && strncmp (name, ns, n) == 0 && name[n] == '.')
        return true;
    }
  return false;
}

struct alias_walk
{
  struct sepm_obligation_context *ctx;
};

static int
check_new_type_name (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct sepm_obligation_context *ctx = arg;
  const struct sepm_compare *c = ctx->cmp;
  type_datum_t *t = datum;
  const char *names[] = { key, NULL };
  static const char *const decl_heads[] = { "type", "typeattribute", "typealias", NULL };

  if (hashtab_search (c->base->p_types.table, key) != NULL)
    return 0;
  if (!t->primary && t->flavor == TYPE_TYPE)
    {
      /* An alias of the module's own type must be the module's own name;
       * an alias of a system type is the diff's (system.alias). */
      static const char *const alias_heads[] = { "typealias", "typealiasactual", NULL };
      if (c->is_module_type[t->s.value] && !sepm_obligation_in_module_namespace (ctx, key))
        sepm_obligation_report (ctx, "system.alias", alias_heads, names,
                                "Declare aliases inside the module's block only.",
                                "alias `%s` lies outside the module's namespace", key);
      return 0;
    }
  if (!sepm_obligation_in_module_namespace (ctx, key))
    sepm_obligation_report (ctx, "namespace.outside", decl_heads, names,
                            "Declare every type and attribute inside the module's block.",
                            "`%s` is declared outside the module's namespace", key);
  return 0;
}

static int
check_new_bool_name (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct sepm_obligation_context *ctx = arg;
  const char *names[] = { key, NULL };
  static const char *const heads[] = { "boolean", "tunable", NULL };

  if (hashtab_search (ctx->cmp->base->p_bools.table, key) == NULL
      && !sepm_obligation_in_module_namespace (ctx, key))
    sepm_obligation_report (ctx, "namespace.outside", heads, names,
                            "Declare booleans inside the module's block.",
                            "boolean `%s` is declared outside the module's namespace", key);
  return 0;
}

void
sepm_obligation_check_namespace_names (struct sepm_obligation_context *ctx)
{
  hashtab_map (ctx->cmp->comb->p_types.table, check_new_type_name, ctx);
  hashtab_map (ctx->cmp->comb->p_bools.table, check_new_bool_name, ctx);
}

void
sepm_obligation_check_type_bounds_declared (struct sepm_obligation_context *ctx)
{
  const struct sepm_compare *c = ctx->cmp;
  static const char *const type_heads[] = { "type", NULL };
  static const char *const bounds_heads[] = { "typebounds", NULL };

  for (uint32_t v = 1; v <= c->n_types; v++)
    {
      const char *name = sepm_compare_type_name (c, v);
      const char *names[] = { name, NULL };
      uint32_t root;

      if (!c->is_module_type[v])
        continue;
      if (sepm_compare_bounds (c, v) == 0)
        {
          sepm_obligation_report (ctx, "types.unbounded", type_heads, names,
                                  "Add `(typebounds container_t TYPE)` for a domain or "
                                  "`(typebounds container_file_t TYPE)` for a file type.",
                                  "%s has no typebounds; the kernel does not check an unbounded type", name);
          continue;
        }
      root = c->root_parent[v];
      if (!sepm_obligation_is_allowed_parent (ctx, root))
        sepm_obligation_report (ctx, "types.parent", bounds_heads, names,
                                "Bound domains by container_t and file types by "
                                "container_file_t or container_ro_file_t (or by another type of this module bounded by them).",
                                "%s is bounded by %s, which is not an allowed parent", name,
                                root ? sepm_compare_type_name (c, root) : "nothing");
    }
}
