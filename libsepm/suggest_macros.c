#include <config.h>
#include "suggest_macros.h"

#include <string.h>

#include "sexpr.h"
#include "util.h"

static int
param_index (const struct sexpr *params, const char *name)
{
  for (size_t i = 0; i < params->n_items; i++)
    if (sepm_str_same (sepm_sexpr_atom_at (params->items[i], 1), name))
      return (int) i;
  return -1;
}

/* (allow A B (CLASS (P ...))) with A a parameter: one rule, or false. */
static bool
read_rule (const struct sexpr *st, const struct sexpr *params, struct sepm_macro_rule *r)
{
  const char *a = sepm_sexpr_atom_at (st, 1), *b = sepm_sexpr_atom_at (st, 2);
  const struct sexpr *cp = st->n_items == 4 ? st->items[3] : NULL;
  if (!a || !b || !cp || !cp->is_list || cp->n_items != 2 || !sepm_sexpr_atom_at (cp, 0) || !cp->items[1]->is_list)
    return false;
  memset (r, 0, sizeof (*r));
  r->source = param_index (params, a);
  r->target = param_index (params, b);
  if (r->source < 0)
    return false;
  r->target_name = r->target < 0 ? xstrdup (b) : NULL;
  r->tclass = xstrdup (sepm_sexpr_atom_at (cp, 0));
  const struct sexpr *ps = cp->items[1];
  r->perms = xcalloc (ps->n_items + 1, sizeof (char *));
  for (size_t i = 0; i < ps->n_items; i++)
    if (sepm_sexpr_atom_at (ps, i))
      r->perms[r->n_perms++] = xstrdup (sepm_sexpr_atom_at (ps, i));
  return true;
}

static void
release_macro (struct sepm_macro *m)
{
  for (size_t i = 0; i < m->n_rules; i++)
    {
      free (m->rules[i].target_name);
      free (m->rules[i].tclass);
      for (size_t p = 0; p < m->rules[i].n_perms; p++)
        free (m->rules[i].perms[p]);
      free (m->rules[i].perms);
    }
  free (m->rules);
  free (m->name);
}

static void
read_macro (const struct sexpr *e, const char *prefix, struct sepm_macros *out)
{
  const char *name = sepm_sexpr_atom_at (e, 1);
  const struct sexpr *params = e->n_items > 2 ? e->items[2] : NULL;
  struct sepm_macro m = { 0 };

  if (!name || !params || !params->is_list || params->n_items == 0 || e->n_items < 4)
    return;
  for (size_t i = 0; i < params->n_items; i++)
    if (!params->items[i]->is_list || !sepm_str_same (sepm_sexpr_atom_at (params->items[i], 0), "type"))
      return;
  m.n_params = params->n_items;
  m.rules = xcalloc (e->n_items, sizeof (*m.rules));
  for (size_t i = 3; i < e->n_items; i++)
    {
      const struct sexpr *st = e->items[i];
      if (!st->is_list || !sepm_str_same (sepm_sexpr_head (st), "allow") || !read_rule (st, params, &m.rules[m.n_rules]))
        {
          release_macro (&m);
          return;
        }
      m.n_rules++;
    }
  m.name = xasprintf ("%s%s", prefix, name);
  out->items = xrealloc (out->items, (out->n + 1) * sizeof (*out->items));
  out->items[out->n++] = m;
}

static void
walk (const struct sexpr *list, const char *prefix, unsigned depth, struct sepm_macros *out)
{
  if (depth > 8)
    return;
  for (size_t i = 0; i < list->n_items; i++)
    {
      const struct sexpr *e = list->items[i];
      const char *head = e->is_list ? sepm_sexpr_head (e) : NULL;
      if (sepm_str_same (head, "block") && sepm_sexpr_atom_at (e, 1))
        {
          cleanup_free char *inner = xasprintf ("%s%s.", prefix, sepm_sexpr_atom_at (e, 1));
          walk (e, inner, depth + 1, out);
        }
      else if (sepm_str_same (head, "macro"))
        read_macro (e, prefix, out);
    }
}

void
sepm_suggest_macros_read (const char *text, size_t len, struct sepm_macros *out)
{
  struct sexpr *top = NULL;
  sepm_error_t ignored = NULL;

  memset (out, 0, sizeof (*out));
  if (text == NULL || sepm_sexpr_parse ("templates", text, len, 64, &top, &ignored) < 0)
    {
      sepm_error_release (&ignored);
      return;
    }
  walk (top, "", 0, out);
  sepm_sexpr_free (top);
}

void
sepm_suggest_macros_release (struct sepm_macros *m)
{
  for (size_t i = 0; i < m->n; i++)
    release_macro (&m->items[i]);
  free (m->items);
  memset (m, 0, sizeof (*m));
}

static bool
has_all (const struct sepm_macro_rule *r, const char *const *perms)
{
  for (const char *const *p = perms; *p; p++)
    {
      size_t i;
      for (i = 0; i < r->n_perms && strcmp (r->perms[i], *p) != 0; i++)
        ;
      if (i == r->n_perms)
        return false;
    }
  return true;
}

/* Whether every rule of M has the source parameter 0 and one same target
 * that the request's target fits; the call's arguments in *ARGS. */
static bool
binds (const struct sepm_macro *m, const char *local_source, const char *local_target, const char *target, bool same,
       char **args)
{
  const struct sepm_macro_rule *r0 = &m->rules[0];
  for (size_t i = 0; i < m->n_rules; i++)
    if (m->rules[i].source != 0 || m->rules[i].target != r0->target
        || !sepm_str_same (m->rules[i].target_name, r0->target_name))
      return false;
  if (r0->target == 1 && m->n_params == 2 && !same)
    *args = xasprintf ("%s %s", local_source, local_target);
  else if (r0->target < 0 && m->n_params == 1
           && (sepm_str_same (r0->target_name, "self") ? same : sepm_str_same (r0->target_name, target)))
    *args = xstrdup (local_source);
  else
    return false;
  return true;
}

/* What M grants beyond the request: a permission that writes or
 * executes counts ten times one that reads, so that a read is offered
 * read_files, never exec_files. */
static size_t
excess (const struct sepm_macro *m, const char *const *classes, const char *const *const *perms, size_t n_classes)
{
  static const char *const heavy[] = { "write", "append", "create", "unlink", "rename", "setattr", "link",
                                       "add_name", "remove_name", "rmdir", "reparent", "execute",
                                       "execute_no_trans", "entrypoint", "sigkill", "sigstop" };
  size_t cost = 0;
  for (size_t r = 0; r < m->n_rules; r++)
    for (size_t p = 0; p < m->rules[r].n_perms; p++)
      {
        const char *perm = m->rules[r].perms[p];
        bool asked = false;
        for (size_t c = 0; c < n_classes && !asked; c++)
          if (strcmp (classes[c], m->rules[r].tclass) == 0)
            for (const char *const *q = perms[c]; *q && !asked; q++)
              asked = strcmp (*q, perm) == 0;
        if (asked)
          continue;
        bool is_heavy = false;
        for (size_t h = 0; h < sizeof (heavy) / sizeof (*heavy); h++)
          is_heavy |= strcmp (heavy[h], perm) == 0;
        cost += is_heavy ? 10 : 1;
      }
  return cost;
}

char *
sepm_suggest_macros_cover (const struct sepm_macros *m, const char *local_source, const char *local_target,
                           const char *target, bool same, const char *const *classes,
                           const char *const *const *perms, size_t n_classes)
{
  const struct sepm_macro *best = NULL;
  char *best_args = NULL;
  size_t best_cost = 0;

  for (size_t i = 0; i < m->n; i++)
    {
      const struct sepm_macro *mac = &m->items[i];
      char *args = NULL;
      bool covers = mac->n_rules > 0 && binds (mac, local_source, local_target, target, same, &args);
      for (size_t c = 0; covers && c < n_classes; c++)
        {
          bool found = false;
          for (size_t r = 0; r < mac->n_rules && !found; r++)
            found = strcmp (mac->rules[r].tclass, classes[c]) == 0 && has_all (&mac->rules[r], perms[c]);
          covers = found;
        }
      size_t cost = covers ? excess (mac, classes, perms, n_classes) : 0;
      if (covers && (best == NULL || cost < best_cost))
        {
          best = mac;
          best_cost = cost;
          free (best_args);
          best_args = args;
        }
      else
        free (args);
    }
  if (best == NULL)
    return NULL;
  char *call = xasprintf ("(call %s (%s))", best->name, best_args);
  free (best_args);
  return call;
}
