#include <config.h>
#include "sexpr.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct sexpr *
sepm_sexpr_new_list (unsigned line)
{
  struct sexpr *e = xcalloc (1, sizeof (*e));
  e->is_list = true;
  e->line = line;
  return e;
}

struct sexpr *
sepm_sexpr_new_atom (const char *atom, unsigned line)
{
  struct sexpr *e = xcalloc (1, sizeof (*e));
  e->atom = xstrdup (atom);
  e->line = line;
  return e;
}

void
sepm_sexpr_push (struct sexpr *list, struct sexpr *item)
{
  /* Grow by doubling: store CIL has lists of thousands of names. */
  if ((list->n_items & (list->n_items - 1)) == 0)
    list->items = xrealloc (list->items, (list->n_items ? list->n_items * 2 : 1) * sizeof (*list->items));
  list->items[list->n_items++] = item;
}

void
sepm_sexpr_free (struct sexpr *e)
{
  if (e == NULL)
    return;
  for (size_t i = 0; i < e->n_items; i++)
    sepm_sexpr_free (e->items[i]);
  free (e->items);
  free (e->atom);
  free (e);
}

static bool
is_delimiter (char c)
{
  return c == '(' || c == ')' || c == ';' || c == '"' || c == ' ' || c == '\t'
    || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int
sepm_sexpr_parse (const char *name, const char *text, size_t len,
                  unsigned max_depth, struct sexpr **out, sepm_error_t *err)
{
  struct sexpr **stack = xcalloc (max_depth + 2, sizeof (*stack));
  size_t depth = 0, i = 0;
  unsigned line = 1;

  stack[0] = sepm_sexpr_new_list (1);
  while (i < len)
    {
      char c = text[i];

      if (c == '\n')
        {
          line++;
          i++;
        }
      else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        i++;
      else if (c == ';')
        {
          while (i < len && text[i] != '\n')
            i++;
        }
      else if (c == '(')
        {
          if (depth + 1 > max_depth)
            {
              sepm_error_make (err, 0, "%s:%u: parentheses nested deeper than %u", name, line, max_depth);
              goto fail;
            }
          struct sexpr *list = sepm_sexpr_new_list (line);
          list->start = i;
          sepm_sexpr_push (stack[depth], list);
          stack[++depth] = list;
          i++;
        }
      else if (c == ')')
        {
          if (depth == 0)
            {
              sepm_error_make (err, 0, "%s:%u: unbalanced `)`", name, line);
              goto fail;
            }
          stack[depth--]->end = ++i;
        }
      else if (c == '"')
        {
          size_t start = i++;
          unsigned start_line = line;
          while (i < len && text[i] != '"')
            {
              if (text[i] == '\n')
                line++;
              i++;
            }
          if (i >= len)
            {
              sepm_error_make (err, 0, "%s:%u: unterminated string", name, start_line);
              goto fail;
            }
          i++;
          cleanup_free char *s = strndup (text + start, i - start);
          sepm_sexpr_push (stack[depth], sepm_sexpr_new_atom (s, start_line));
        }
      else if (c == '\0')
        {
          sepm_error_make (err, 0, "%s:%u: NUL byte in CIL text", name, line);
          goto fail;
        }
      else
        {
          size_t start = i;
          while (i < len && !is_delimiter (text[i]) && text[i] != '\0')
            i++;
          cleanup_free char *s = strndup (text + start, i - start);
          sepm_sexpr_push (stack[depth], sepm_sexpr_new_atom (s, line));
        }
    }
  if (depth != 0)
    {
      /* The line to fix is the paren left open, not the end of the text. */
      sepm_error_make (err, 0, "%s:%u: unbalanced `(`: it is never closed (the text ends at line %u)", name,
                       stack[depth]->line, line);
      goto fail;
    }
  *out = stack[0];
  free (stack);
  return 0;

fail:
  sepm_sexpr_free (stack[0]);
  free (stack);
  return -1;
}

const char *
sepm_sexpr_head (const struct sexpr *e)
{
  return sepm_sexpr_atom_at (e, 0);
}

const char *
sepm_sexpr_atom_at (const struct sexpr *e, size_t i)
{
  if (e == NULL || !e->is_list || i >= e->n_items || e->items[i]->is_list)
    return NULL;
  return e->items[i]->atom;
}

size_t
sepm_sexpr_in_target_index (const struct sexpr *e)
{
  const char *head = sepm_sexpr_head (e);

  if (head == NULL || strcmp (head, "in") != 0)
    return 0;
  /* libsepol's own test (cil_gen_in): a second atom makes the first the
   * keyword and the second the block. */
  return sepm_sexpr_atom_at (e, 2) ? 2 : 1;
}

void
sepm_sexpr_write (struct sepm_buf *b, const struct sexpr *e)
{
  if (!e->is_list)
    {
      sepm_buf_puts (b, e->atom);
      return;
    }
  sepm_buf_append (b, "(", 1);
  for (size_t i = 0; i < e->n_items; i++)
    {
      if (i)
        sepm_buf_append (b, " ", 1);
      sepm_sexpr_write (b, e->items[i]);
    }
  sepm_buf_append (b, ")", 1);
}
