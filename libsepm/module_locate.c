#include <config.h>
#include "module_locate.h"

#include <string.h>

static bool
atom_matches (const char *atom, const char *name)
{
  const char *dot;

  if (strcmp (atom, name) == 0)
    return true;
  /* `process` inside block `web` is web.process; `.container_t` is global. */
  if (atom[0] == '.' && strcmp (atom + 1, name) == 0)
    return true;
  dot = strrchr (name, '.');
  return dot && strcmp (atom, dot + 1) == 0;
}

/* Only the full name: how a module writes another module's type. */
static bool
atom_matches_fully (const char *atom, const char *name)
{
  return strcmp (atom, name) == 0 || (atom[0] == '.' && strcmp (atom + 1, name) == 0);
}

typedef bool (*matcher) (const char *atom, const char *name);

static bool
mentions (const struct sexpr *e, const char *name, matcher match)
{
  if (!e->is_list)
    return match (e->atom, name);
  for (size_t i = 0; i < e->n_items; i++)
    if (mentions (e->items[i], name, match))
      return true;
  return false;
}

static bool
head_in (const char *head, const char *const *heads)
{
  for (; head && *heads; heads++)
    if (strcmp (head, *heads) == 0)
      return true;
  return false;
}

static const struct sexpr *
search (const struct sexpr *list, const char *const *heads, const char *const *names, matcher match)
{
  for (size_t i = 0; list->is_list && i < list->n_items; i++)
    {
      const struct sexpr *s = list->items[i];
      const char *head = sepm_sexpr_head (s);
      bool all = true;

      if (!s->is_list)
        continue;
      if (head_in (head, heads))
        {
          for (const char *const *n = names; *n; n++)
            all = all && mentions (s, *n, match);
          if (all)
            return s;
        }
      /* Containers: block, macro, optional, in, booleanif and its branches. */
      const struct sexpr *hit = search (s, heads, names, match);
      if (hit)
        return hit;
    }
  return NULL;
}

static struct sepm_location
locate (const struct sexpr *tree, const char *const *heads, const char *const *names, matcher match)
{
  struct sepm_location loc = { 0, NULL };
  const struct sexpr *s = tree ? search (tree, heads, names, match) : NULL;
  struct sepm_buf b = { 0 };

  if (s == NULL)
    return loc;
  sepm_sexpr_write (&b, s);
  loc.line = s->line;
  loc.statement = b.data;
  return loc;
}

struct sepm_location
sepm_locate (const struct sexpr *tree, const char *const *heads, const char *const *names)
{
  return locate (tree, heads, names, atom_matches);
}

struct sepm_location
sepm_locate_qualified (const struct sexpr *tree, const char *const *heads, const char *const *names)
{
  return locate (tree, heads, names, atom_matches_fully);
}

void
sepm_location_release (struct sepm_location *l)
{
  free (l->statement);
  l->statement = NULL;
  l->line = 0;
}
