#include <config.h>
#include "module_locate.h"

#include <stdlib.h>
#include <string.h>

#include "strset.h"
#include "util.h"

static bool attribute_holds (const struct sepm_text *t, const char *atom, const char *name);
static bool attribute_holds_at (const struct sepm_text *t, const char *atom, const char *name, int depth);
static bool set_statements_hold (const struct sepm_text *t, const struct sexpr *list, const char *full,
                                 const char *name, int depth);

static bool
atom_matches_plain (const struct sepm_text *t, const char *atom, const char *name)
{
  size_t n;

  if (strcmp (atom, name) == 0)
    return true;
  /* `.container_t` is global. */
  if (atom[0] == '.' && strcmp (atom + 1, name) == 0)
    return true;
  /* `process` inside block `web` is web.process; another module's
   * `process` is not. */
  n = t->ns ? strlen (t->ns) : 0;
  return n != 0 && strncmp (name, t->ns, n) == 0 && name[n] == '.' && strcmp (atom, strrchr (name, '.') + 1) == 0;
}

static bool
atom_matches (const struct sepm_text *t, const char *atom, const char *name)
{
  return atom_matches_plain (t, atom, name) || (t->holds && attribute_holds (t, atom, name))
    || (t->is_alias_of && t->holds_arg && t->is_alias_of (t->holds_arg, atom[0] == '.' ? atom + 1 : atom, name));
}

/* Deep enough for any attribute a person writes; a cycle CIL refuses. */
#define MAX_ATTRIBUTE_DEPTH 8

/* NAME as a declaration in namespace NS names it: `.x` is global, any
 * other name is NS's own (malloc'd). */
static char *
declared_name (const char *ns, const char *name)
{
  return name[0] == '.' ? xstrdup (name + 1) : xasprintf ("%s.%s", ns, name);
}

/* Does the expression of a typeattributeset hold NAME?  A list of names
 * is their union, unless it starts with an operator. */
static bool
expression_holds (const struct sepm_text *t, const struct sexpr *e, const char *name, int depth)
{
  if (!e->is_list)
    return atom_matches_plain (t, e->atom, name) || attribute_holds_at (t, e->atom, name, depth);
  const char *op = sepm_sexpr_head (e);
  if (op && strcmp (op, "all") == 0)
    return true;
  if (op && strcmp (op, "not") == 0)
    return e->n_items == 2 && !expression_holds (t, e->items[1], name, depth);
  if (op && (strcmp (op, "and") == 0 || strcmp (op, "xor") == 0) && e->n_items == 3)
    {
      bool x = expression_holds (t, e->items[1], name, depth), y = expression_holds (t, e->items[2], name, depth);
      return op[0] == 'a' ? x && y : x != y;
    }
  for (size_t i = op && strcmp (op, "or") == 0 ? 1 : 0; i < e->n_items; i++)
    if (expression_holds (t, e->items[i], name, depth))
      return true;
  return false;
}

static void
collect_attributes (const struct sexpr *list, const char *ns, struct sepm_strset *out)
{
  for (size_t i = 0; list->is_list && i < list->n_items; i++)
    {
      const struct sexpr *s = list->items[i];
      const char *head = sepm_sexpr_head (s);
      const char *name = sepm_sexpr_atom_at (s, 1);
      if (head && strcmp (head, "typeattribute") == 0 && name && s->n_items == 2)
        {
          cleanup_free char *full = declared_name (ns, name);
          sepm_strset_add (out, full, NULL);
        }
      else if (s->is_list)
        collect_attributes (s, ns, out);
    }
}

struct sepm_strset *
sepm_text_declared_attributes (const struct sexpr *tree, const char *ns)
{
  struct sepm_strset *out = sepm_strset_new (16);
  if (tree && ns)
    collect_attributes (tree, ns, out);
  return out;
}

/* An attribute of the module's own, FULL, as its typeattributeset
 * statements write it: the compiler drops an attribute that only a rule
 * with `self` used (it writes one rule per member), so the compiled
 * policy no longer knows it. */
static bool
own_set_holds (const struct sepm_text *t, const char *full, const char *name, int depth)
{
  /* Only a type is in a set: `(not x)` holds no class, permission or
   * attribute. */
  return t->own_attributes && sepm_strset_has (t->own_attributes, full)
    && (t->is_type == NULL || t->is_type (t->holds_arg, name))
    && (t->is_attribute == NULL || !t->is_attribute (t->holds_arg, name))
    && set_statements_hold (t, t->tree, full, name, depth);
}

static bool
set_statements_hold (const struct sepm_text *t, const struct sexpr *list, const char *full, const char *name,
                     int depth)
{
  for (size_t i = 0; list->is_list && i < list->n_items; i++)
    {
      const struct sexpr *s = list->items[i];
      const char *head = sepm_sexpr_head (s);
      const char *set = sepm_sexpr_atom_at (s, 1);
      if (head && strcmp (head, "typeattributeset") == 0 && set && s->n_items == 3)
        {
          cleanup_free char *resolved = declared_name (t->ns, set);
          if (strcmp (resolved, full) == 0 && expression_holds (t, s->items[2], name, depth + 1))
            return true;
        }
      else if (s->is_list && set_statements_hold (t, s, full, name, depth))
        return true;
    }
  return false;
}

/* ATTR as the text wrote it, read as CIL would from inside the module:
 * its own name first, then the global one. */
static bool
attribute_holds_at (const struct sepm_text *t, const char *atom, const char *name, int depth)
{
  if (depth > MAX_ATTRIBUTE_DEPTH)
    return false;
  if (atom[0] == '.')
    return t->holds (t->holds_arg, atom + 1, name)
      || (t->ns && own_set_holds (t, atom + 1, name, depth));
  if (t->ns && strchr (atom, '.') == NULL)
    {
      cleanup_free char *own = xasprintf ("%s.%s", t->ns, atom);
      if (t->holds (t->holds_arg, own, name) || own_set_holds (t, own, name, depth))
        return true;
    }
  return t->holds (t->holds_arg, atom, name);
}

static bool
attribute_holds (const struct sepm_text *t, const char *atom, const char *name)
{
  return attribute_holds_at (t, atom, name, 0);
}

/* An attribute of the module's own namespace that holds NAME: the module
 * made that set, so a statement written for it is written for NAME. */
static bool
own_attribute_holds (const struct sepm_text *t, const struct sexpr *e, const char *name)
{
  if (e->is_list)
    {
      for (size_t i = 0; i < e->n_items; i++)
        if (own_attribute_holds (t, e->items[i], name))
          return true;
      return false;
    }
  size_t n = strlen (t->ns);
  cleanup_free char *full = declared_name (t->ns, e->atom);
  return strncmp (full, t->ns, n) == 0 && full[n] == '.'
    && (t->holds (t->holds_arg, full, name) || own_set_holds (t, full, name, 0));
}

static bool
mentions (const struct sepm_text *t, const struct sexpr *e, const char *name)
{
  if (!e->is_list)
    return atom_matches (t, e->atom, name);
  for (size_t i = 0; i < e->n_items; i++)
    if (mentions (t, e->items[i], name))
      return true;
  return false;
}

bool
sepm_text_mentions (const struct sepm_text *t, const char *name)
{
  return t->tree && mentions (t, t->tree, name);
}

/* Statements that hold others: with no keywords asked for, only the
 * statements inside them are candidates. */
static const char *const containers[] = { "block", "optional", "in", "macro", "booleanif", "tunableif",
  "true", "false", NULL };

static bool
head_in (const char *head, const char *const *heads)
{
  if (heads == NULL)
    return head && !head_in (head, containers);
  for (; head && *heads; heads++)
    if (strcmp (head, *heads) == 0)
      return true;
  return false;
}

static double
score_of (const struct sepm_text *t, const struct sexpr *s, const struct sepm_clues *clues)
{
  double score = 0;
  for (size_t k = 0; clues && clues->words[k]; k++)
    if (mentions (t, s, clues->words[k]))
      score += clues->weights[k];
  return score;
}

struct best
{
  const struct sexpr *s;
  double score;
};

static void
search (const struct sepm_text *t, const struct sexpr *list, const char *const *heads, const char *const *names,
        const struct sepm_clues *clues, struct best *best)
{
  for (size_t i = 0; list->is_list && i < list->n_items; i++)
    {
      const struct sexpr *s = list->items[i];
      bool all = true;

      if (!s->is_list)
        continue;
      if (head_in (sepm_sexpr_head (s), heads))
        {
          /* Through attributes, one of the types must still be written
           * out: a statement about an attribute that happens to hold
           * every name (a template's sepm.v1.engine_entry) wrote nothing
           * about them, and a class called `process` is no type.  An
           * attribute the module made counts as written out in a
           * statement of the finding's kinds (its own rule), not in any
           * statement: `(typeattributeset a (all))` grants nothing. */
          struct sepm_text direct = { .tree = t->tree, .ns = t->ns, .holds_arg = t->holds_arg,
                                      .is_alias_of = t->is_alias_of };
          bool literal = t->holds == NULL || names[0] == NULL || t->attributes_are_literal;
          for (const char *const *n = names; *n && all; n++)
            {
              all = mentions (t, s, *n);
              literal = literal || ((t->is_type == NULL || t->is_type (t->holds_arg, *n))
                                    && (mentions (&direct, s, *n)
                                        || (heads && t->ns && own_attribute_holds (t, s, *n))));
            }
          all = all && literal;
          double score = all ? score_of (t, s, clues) : -1;
          if (all && score > best->score)
            *best = (struct best) { s, score };
        }
      /* Containers: block, macro, optional, in, booleanif and its branches. */
      search (t, s, heads, names, clues, best);
    }
}

struct sepm_location
sepm_module_locate_best (const struct sepm_text *t, const char *const *heads, const char *const *names,
                  const struct sepm_clues *clues, double *score)
{
  struct sepm_location loc = { 0, NULL };
  struct best best = { NULL, -1 };
  struct sepm_buf b = { 0 };

  if (t->tree)
    search (t, t->tree, heads, names, clues, &best);
  *score = best.score;
  if (best.s == NULL)
    return loc;
  sepm_sexpr_write (&b, best.s);
  loc.line = best.s->line;
  loc.statement = b.data;
  return loc;
}

void
sepm_location_release (struct sepm_location *l)
{
  free (l->statement);
  l->statement = NULL;
  l->line = 0;
}
