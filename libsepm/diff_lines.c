/* The diff's engine: rendering by name, and comparing two renderings. */
#include <config.h>
#include "diff.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sepol/policydb/util.h>

/* A component can differ in thousands of lines (a module that removes a
 * system attribute from every type); a person needs the first few of each
 * module's.  Past MAX_LOCATED_LINES no line is charged to a module of its
 * own: the search for its culprit costs time a flood must not buy. */
#define MAX_REPORTED_LINES 8
#define MAX_LOCATED_LINES 4096

void
sepm_diff_lines_add (struct sepm_diff_lines *l, const char *fmt, ...)
{
  va_list ap;
  char *s;

  va_start (ap, fmt);
  if (vasprintf (&s, fmt, ap) < 0)
    abort ();
  va_end (ap);
  if (l->n == l->cap)
    {
      l->cap = l->cap ? l->cap * 2 : 64;
      l->items = xrealloc (l->items, l->cap * sizeof (*l->items));
    }
  l->items[l->n++] = s;
}

void
sepm_diff_lines_release (struct sepm_diff_lines *l)
{
  for (size_t i = 0; i < l->n; i++)
    free (l->items[i]);
  free (l->items);
  memset (l, 0, sizeof (*l));
}

bool
sepm_diff_view_module_type (const struct sepm_diff_view *v, uint32_t type)
{
  return v->cmp && type && type <= v->cmp->n_types
    && (v->cmp->is_module_type[type] || v->cmp->is_module_attribute[type]);
}

static const char *
symbol (char **names, uint32_t nprim, uint32_t value)
{
  return value && value <= nprim && names[value - 1] ? names[value - 1] : "?";
}

const char *
sepm_diff_view_type (const struct sepm_diff_view *v, uint32_t type)
{
  return symbol (v->p->p_type_val_to_name, v->p->p_types.nprim, type);
}

const char *
sepm_diff_view_role (const struct sepm_diff_view *v, uint32_t role)
{
  return symbol (v->p->p_role_val_to_name, v->p->p_roles.nprim, role);
}

const char *
sepm_diff_view_user (const struct sepm_diff_view *v, uint32_t user)
{
  return symbol (v->p->p_user_val_to_name, v->p->p_users.nprim, user);
}

const char *
sepm_diff_view_class (const struct sepm_diff_view *v, uint32_t cls)
{
  return symbol (v->p->p_class_val_to_name, v->p->p_classes.nprim, cls);
}

const char *
sepm_diff_view_bool (const struct sepm_diff_view *v, uint32_t b)
{
  return symbol (v->p->p_bool_val_to_name, v->p->p_bools.nprim, b);
}

void
sepm_diff_render_perms (struct sepm_buf *b, const struct sepm_diff_view *v, uint32_t cls, uint32_t perms)
{
  /* sepol_av_to_string names each bit by the class's and its common's
   * permissions; an unnamed bit prints as nothing, so bits are also
   * given as a number. */
  char *s = sepol_av_to_string ((policydb_t *) v->p, cls, perms);
  char hex[16];
  snprintf (hex, sizeof (hex), " [%08x]", perms);
  sepm_buf_puts (b, s ? s : " ?");
  sepm_buf_puts (b, hex);
}

uint32_t *
sepm_diff_value_map (const policydb_t *from, const policydb_t *to, int sym)
{
  uint32_t n = from->symtab[sym].nprim;
  uint32_t *map = xcalloc (n + 1, sizeof (*map));
  for (uint32_t v = 1; v <= n; v++)
    {
      const char *name = from->sym_val_to_name[sym][v - 1];
      symtab_datum_t *d = name ? hashtab_search (to->symtab[sym].table, (hashtab_key_t) name) : NULL;
      map[v] = d ? d->value : 0;
    }
  return map;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

void
sepm_diff_render_types (struct sepm_buf *b, const struct sepm_diff_view *v, const ebitmap_t *types)
{
  const char **names = NULL;
  size_t n = 0;
  ebitmap_node_t *en;
  unsigned bit;

  ebitmap_for_each_positive_bit (types, en, bit)
    if (!sepm_diff_view_module_type (v, bit + 1))
      {
        names = xrealloc (names, (n + 1) * sizeof (*names));
        names[n++] = sepm_diff_view_type (v, bit + 1);
      }
  if (n)
    qsort (names, n, sizeof (*names), compare_strings);
  sepm_buf_puts (b, "{");
  for (size_t i = 0; i < n; i++)
    {
      sepm_buf_puts (b, " ");
      sepm_buf_puts (b, names[i]);
    }
  sepm_buf_puts (b, " }");
  free (names);
}

/* A run of categories FIRST..LAST (values - 1) as c0.c1023. */
static void
put_run (struct sepm_buf *b, const struct sepm_diff_view *v, long first, long last, bool *any)
{
  char **cats = v->p->p_cat_val_to_name;
  uint32_t n = v->p->p_cats.nprim;

  sepm_buf_puts (b, *any ? "," : ":");
  *any = true;
  sepm_buf_puts (b, symbol (cats, n, (uint32_t) first + 1));
  if (last > first)
    {
      sepm_buf_puts (b, last == first + 1 ? "," : ".");
      sepm_buf_puts (b, symbol (cats, n, (uint32_t) last + 1));
    }
}

void
sepm_diff_render_level (struct sepm_buf *b, const struct sepm_diff_view *v, const mls_level_t *l)
{
  ebitmap_node_t *en;
  unsigned bit;
  long first = -1, last = -1;
  bool any = false;

  sepm_buf_puts (b, symbol (v->p->p_sens_val_to_name, v->p->p_levels.nprim, l->sens));
  ebitmap_for_each_positive_bit (&l->cat, en, bit)
    {
      if (first >= 0 && (long) bit == last + 1)
        {
          last = bit;
          continue;
        }
      if (first >= 0)
        put_run (b, v, first, last, &any);
      first = last = bit;
    }
  if (first >= 0)
    put_run (b, v, first, last, &any);
}

void
sepm_diff_render_range (struct sepm_buf *b, const struct sepm_diff_view *v, const mls_range_t *r)
{
  sepm_diff_render_level (b, v, &r->level[0]);
  sepm_buf_puts (b, "-");
  sepm_diff_render_level (b, v, &r->level[1]);
}

void
sepm_diff_render_context (struct sepm_buf *b, const struct sepm_diff_view *v, const context_struct_t *c)
{
  sepm_buf_puts (b, sepm_diff_view_user (v, c->user));
  sepm_buf_puts (b, ":");
  sepm_buf_puts (b, sepm_diff_view_role (v, c->role));
  sepm_buf_puts (b, ":");
  sepm_buf_puts (b, sepm_diff_view_type (v, c->type));
  sepm_buf_puts (b, ":");
  sepm_diff_render_range (b, v, &c->range);
}

void
sepm_diff_report (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component,
                  const char *line, bool added)
{
  static const char *const no_names[] = { NULL };

  if (added)
    sepm_obligation_report (ctx, component->rule_id, component->heads, no_names, component->hint,
                            "the module changes the system's %s: %s", component->name, line);
  else
    sepm_obligation_report (ctx, "system.removed", component->heads, no_names,
                            "A module may only add its own names and rules; this part of the system "
                            "policy is gone once it is installed.",
                            "the module removes from the system's %s: %s", component->name, line);
}

static void
sort_lines (struct sepm_diff_lines *l)
{
  if (l->n)
    qsort (l->items, l->n, sizeof (*l->items), compare_strings);
}

/* How many lines of a component each module was charged. */
struct charged
{
  char *file;
  size_t shown, more;
  const char *first_more;       /* the first line not reported, for the count's message */
};

struct reporter
{
  struct sepm_obligation_context *ctx;
  const struct sepm_diff_component *component;
  struct charged *charged;
  size_t n_charged, located;
  size_t more;                  /* lines past MAX_LOCATED_LINES */
  const char *first_more;
};

static struct charged *
charged_to (struct reporter *r, const char *file)
{
  for (size_t i = 0; i < r->n_charged; i++)
    if (sepm_str_same (file, r->charged[i].file))
      return &r->charged[i];
  r->charged = xrealloc (r->charged, (r->n_charged + 1) * sizeof (*r->charged));
  r->charged[r->n_charged] = (struct charged) { file ? xstrdup (file) : NULL, 0, 0, NULL };
  return &r->charged[r->n_charged++];
}

/* Each module gets its own first lines: with modules verified together,
 * one module's flood must not take the place of another's findings. */
static void
report_line (struct reporter *r, const char *line, bool added)
{
  struct sepm_findings *f = r->ctx->findings;
  size_t before = f->n;

  if (r->located >= MAX_LOCATED_LINES)
    {
      if (r->more++ == 0)
        r->first_more = line;
      return;
    }
  r->located++;
  sepm_diff_report (r->ctx, r->component, line, added);
  if (f->n == before)
    return;
  struct charged *c = charged_to (r, f->items[f->n - 1].file);
  if (c->shown < MAX_REPORTED_LINES)
    {
      c->shown++;
      return;
    }
  if (c->more++ == 0)
    c->first_more = line;
  sepm_findings_drop_last (f);
}

static void
report_more (struct reporter *r)
{
  static const char *const no_heads[] = { NULL };
  const struct sepm_diff_component *k = r->component;

#define MORE_LINES "the module changes %zu more lines of the system's %s (the first: %s)"
  for (size_t i = 0; i < r->n_charged; i++)
    {
      struct charged *c = &r->charged[i];
      if (c->more)
        sepm_findings_add (r->ctx->findings, k->rule_id, c->file, 0, NULL, k->hint, MORE_LINES,
                           c->more, k->name, c->first_more);
      free (c->file);
    }
  free (r->charged);
  if (r->more)
    sepm_obligation_report (r->ctx, k->rule_id, k->heads ? k->heads : no_heads, NULL, k->hint, MORE_LINES,
                            r->more, k->name, r->first_more);
#undef MORE_LINES
}

/* The lines of A that B lacks, as multisets: a line that appears twice in
 * one and once in the other is a difference too (two portcon for one
 * port). */
static void
report_missing (struct reporter *r, const struct sepm_diff_lines *a, const struct sepm_diff_lines *b, bool added)
{
  size_t i = 0, j = 0;
  while (i < a->n)
    {
      int cmp = j == b->n ? -1 : strcmp (a->items[i], b->items[j]);
      if (cmp == 0)
        i++, j++;
      else if (cmp > 0)
        j++;
      else
        report_line (r, a->items[i++], added);
    }
}

void
sepm_diff_compare_lines (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component,
                 struct sepm_diff_lines *base, struct sepm_diff_lines *comb)
{
  struct reporter r = { ctx, component, NULL, 0, 0, 0, NULL };

  sort_lines (base);
  sort_lines (comb);
  report_missing (&r, comb, base, true);
  report_missing (&r, base, comb, false);
  report_more (&r);
}

void
sepm_diff_component (struct sepm_obligation_context *ctx, const struct sepm_diff_component *component)
{
  struct sepm_diff_view base = { ctx->cmp->base, NULL };
  struct sepm_diff_view comb = { ctx->cmp->comb, ctx->cmp };
  struct sepm_diff_lines b = { 0 }, c = { 0 };

  component->render (&base, &b);
  component->render (&comb, &c);
  sepm_diff_compare_lines (ctx, component, &b, &c);
  sepm_diff_lines_release (&b);
  sepm_diff_lines_release (&c);
}
