#include <config.h>
#include "module_locate.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool attribute_holds (const struct sepm_text *t, const char *atom, const char *name);

static bool
atom_matches (const struct sepm_text *t, const char *atom, const char *name)
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
  if (n != 0 && strncmp (name, t->ns, n) == 0 && name[n] == '.' && strcmp (atom, strrchr (name, '.') + 1) == 0)
    return true;
  return t->holds && attribute_holds (t, atom, name);
}

/* ATTR as the text wrote it, read as CIL would from inside the module:
 * its own name first, then the global one. */
static bool
attribute_holds (const struct sepm_text *t, const char *atom, const char *name)
{
  if (atom[0] == '.')
    return t->holds (t->holds_arg, atom + 1, name);
  if (t->ns && strchr (atom, '.') == NULL)
    {
      cleanup_free char *own = xasprintf ("%s.%s", t->ns, atom);
      if (t->holds (t->holds_arg, own, name))
        return true;
    }
  return t->holds (t->holds_arg, atom, name);
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
           * about them, and a class called `process` is no type. */
          struct sepm_text direct = { t->tree, t->ns, NULL, NULL, NULL };
          bool literal = t->holds == NULL || names[0] == NULL;
          for (const char *const *n = names; *n && all; n++)
            {
              all = mentions (t, s, *n);
              literal = literal || ((t->is_type == NULL || t->is_type (t->holds_arg, *n)) && mentions (&direct, s, *n));
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
sepm_locate_best (const struct sepm_text *t, const char *const *heads, const char *const *names,
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
