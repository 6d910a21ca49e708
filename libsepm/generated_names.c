#include <config.h>
#include "generated_names.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
/* An expression longer than this is cut: the message is for a person. */
#define MAX_EXPR_CHARS 200

/* NAME is what the converter makes: ..._typeattr_DIGITS. */
static bool
is_generated (const char *name, size_t len)
{
  static const char tag[] = "_typeattr_";
  size_t i = len;
  while (i > 0 && isdigit ((unsigned char) name[i - 1]))
    i--;
  return i < len && i >= sizeof (tag) - 1 && memcmp (name + i - (sizeof (tag) - 1), tag, sizeof (tag) - 1) == 0;
}

/* The balanced expression at P (up to END), whitespace collapsed. */
static char *
read_expr (const char *p, const char *end)
{
  struct sepm_buf b = { 0 };
  int depth = 0;
  bool space = false;

  for (; p < end; p++)
    {
      if (isspace ((unsigned char) *p))
        {
          space = b.len > 0;
          continue;
        }
      if (space && *p != ')')
        sepm_buf_puts (&b, " ");
      space = false;
      sepm_buf_append (&b, p, 1);
      if (*p == '(')
        depth++;
      else if (*p == ')' && --depth <= 0)
        break;
      if (b.len > MAX_EXPR_CHARS)
        {
          sepm_buf_puts (&b, " ...");
          break;
        }
    }
  return b.data ? b.data : xstrdup ("");
}

static int
compare_items (const void *a, const void *b)
{
  return strcmp (((const struct sepm_generated_name *) a)->name, ((const struct sepm_generated_name *) b)->name);
}

void
sepm_generated_names_read (const struct sepm_cil_source *sources, size_t n_sources, struct sepm_generated_names *out)
{
  static const char head[] = "(typeattributeset ";
  size_t cap = 0;

  memset (out, 0, sizeof (*out));
  for (size_t s = 0; s < n_sources; s++)
    {
      const char *end = sources[s].text + sources[s].len;
      for (const char *p = sources[s].text; p && p < end;)
        {
          p = memmem (p, (size_t) (end - p), head, sizeof (head) - 1);
          if (p == NULL)
            break;
          const char *name = p + sizeof (head) - 1;
          size_t len = strspn (name, NAME_CHARS);
          p = name + len;
          if (len == 0 || name + len >= end || !is_generated (name, len))
            continue;
          if (out->n == cap)
            {
              cap = cap ? cap * 2 : 64;
              out->items = xrealloc (out->items, cap * sizeof (*out->items));
            }
          out->items[out->n++] = (struct sepm_generated_name) { xstrndup (name, len), read_expr (name + len, end) };
        }
    }
  if (out->n)
    qsort (out->items, out->n, sizeof (*out->items), compare_items);
}

static const char *
lookup (const struct sepm_generated_names *g, const char *name)
{
  struct sepm_generated_name key = { (char *) name, NULL };
  const struct sepm_generated_name *hit = g->n ? bsearch (&key, g->items, g->n, sizeof (*g->items), compare_items) : NULL;
  return hit ? hit->expr : NULL;
}

char *
sepm_generated_names_explain (const struct sepm_generated_names *g, const char *message)
{
  struct sepm_buf b = { 0 };
  bool changed = false;

  for (const char *p = message; *p;)
    {
      size_t len = sepm_message_word (p);
      if (len == 0)
        {
          sepm_buf_append (&b, p++, 1);
          continue;
        }
      sepm_buf_append (&b, p, len);
      if (is_generated (p, len))
        {
          cleanup_free char *name = xstrndup (p, len);
          const char *expr = lookup (g, name);
          if (expr)
            {
              sepm_buf_puts (&b, " [");
              sepm_buf_puts (&b, expr);
              sepm_buf_puts (&b, "]");
              changed = true;
            }
        }
      p += len;
    }
  if (!changed)
    {
      free (b.data);
      return NULL;
    }
  return b.data;
}

void
sepm_generated_names_release (struct sepm_generated_names *g)
{
  for (size_t i = 0; i < g->n; i++)
    {
      free (g->items[i].name);
      free (g->items[i].expr);
    }
  free (g->items);
  memset (g, 0, sizeof (*g));
}
