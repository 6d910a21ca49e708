#include <config.h>
#include "cil_canonical.h"

#include <stdbool.h>
#include <string.h>

/* The characters libsepol 3.4's lexer (cil_lexer.l) takes for a symbol,
 * less the quote, backquote and `#`, which no honest module needs. */
static bool
is_symbol_char (unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
    || (c != 0 && strchr ("[].@=/*-_$%+!|&^:~{}<>?,", c) != NULL);
}

/* libsepol refuses longer names (CIL_MAX_NAME_LENGTH); so does sepm,
 * before the compiler sees them. */
#define MAX_TOKEN 2048

struct writer
{
  struct sepm_buf *b;
  unsigned line;                /* the line being written, 1-based */
  bool at_open;                 /* the last thing written was `(` or a line start */
};

/* Move to LINE, then separate from the previous token. */
static void
position (struct writer *w, unsigned line)
{
  if (w->line < line)
    {
      while (w->line < line)
        {
          sepm_buf_puts (w->b, "\n");
          w->line++;
        }
      w->at_open = true;
    }
  if (!w->at_open)
    sepm_buf_puts (w->b, " ");
}

static void
put_token (struct writer *w, unsigned line, const char *tok, size_t n)
{
  if (n == 1 && tok[0] == ')')
    {
      sepm_buf_puts (w->b, ")");
      w->at_open = false;
      return;
    }
  position (w, line);
  sepm_buf_append (w->b, tok, n);
  w->at_open = n == 1 && tok[0] == '(';
}

static const char *
describe (unsigned char c, char *buf, size_t size)
{
  if (c == '\r')
    return "a carriage return (convert the file with dos2unix)";
  if (c == 0)
    return "a NUL byte";
  if (c >= 0x7f || c < 0x20)
    {
      snprintf (buf, size, "the byte 0x%02x (only printable ASCII is accepted)", c);
      return buf;
    }
  snprintf (buf, size, "the character `%c`, which is not part of a CIL symbol", c);
  return buf;
}

int
sepm_cil_canonical (const char *name, const char *text, size_t len, char **out, size_t *out_len,
                    unsigned *line_out, sepm_error_t *err)
{
  struct sepm_buf b = { 0 };
  struct writer w = { &b, 1, true };
  unsigned line = 1;
  size_t i = 0;
  char why[96];

  *line_out = 0;
  sepm_buf_puts (&b, "");
  while (i < len)
    {
      unsigned char c = (unsigned char) text[i];
      if (c == '\n')
        line++, i++;
      else if (c == ' ' || c == '\t')
        i++;
      else if (c == ';')
        {
          /* libsepol reads `;;*` as a line mark that moves its idea of
           * the file, the line and even the nesting, and ends a comment at
           * a carriage return; sepm's reader does neither.  Such a comment
           * is refused; any other goes, and with it what the readers could
           * disagree on. */
          if (i + 2 < len && text[i + 1] == ';' && text[i + 2] == '*')
            {
              *line_out = line;
              free (b.data);
              return sepm_error_make (err, 0, "%s:%u: a `;;*` line mark, which libsepol reads as a change of "
                                      "file, line and nesting", name, line);
            }
          for (; i < len && text[i] != '\n'; i++)
            if ((unsigned char) text[i] < 0x20 && text[i] != '\t')
              {
                *line_out = line;
                free (b.data);
                return sepm_error_make (err, 0, "%s:%u: a comment holds %s, where libsepol and sepm's reader "
                                        "would end it differently", name, line,
                                        describe ((unsigned char) text[i], why, sizeof (why)));
              }
        }
      else if (c == '(' || c == ')')
        put_token (&w, line, (const char *) &text[i++], 1);
      else if (c == '"')
        {
          size_t start = i++;
          while (i < len && text[i] != '"')
            {
              unsigned char q = (unsigned char) text[i];
              if (q < 0x20 || q >= 0x7f)
                {
                  *line_out = line;
                  free (b.data);
                  return sepm_error_make (err, 0, "%s:%u: a quoted string holds %s; CIL strings are one "
                                          "line of printable characters", name, line,
                                          q == '\n' ? "a line break" : describe (q, why, sizeof (why)));
                }
              i++;
            }
          if (i >= len)
            {
              *line_out = line;
              free (b.data);
              return sepm_error_make (err, 0, "%s:%u: unterminated string", name, line);
            }
          i++;
          /* libsepol drops the quotes before it matches keywords and
           * names, so `"filecon"` is the keyword filecon to it; sepm's
           * reader keeps them.  A string that is a symbol is written as
           * the symbol, and both readers see the same atom. */
          bool symbol = i - start > 2;
          for (size_t k = start + 1; symbol && k < i - 1; k++)
            symbol = is_symbol_char ((unsigned char) text[k]);
          if (symbol)
            put_token (&w, line, text + start + 1, i - start - 2);
          else
            put_token (&w, line, text + start, i - start);
        }
      else if (is_symbol_char (c))
        {
          size_t start = i;
          while (i < len && is_symbol_char ((unsigned char) text[i]))
            i++;
          if (i - start > MAX_TOKEN)
            {
              *line_out = line;
              free (b.data);
              return sepm_error_make (err, 0, "%s:%u: a name longer than %d characters", name, line, MAX_TOKEN);
            }
          put_token (&w, line, text + start, i - start);
        }
      else
        {
          *line_out = line;
          free (b.data);
          return sepm_error_make (err, 0, "%s:%u: %s; sepm accepts CIL only where its reader and libsepol's "
                                  "cannot read it differently", name, line, describe (c, why, sizeof (why)));
        }
    }
  sepm_buf_puts (&b, "\n");
  *out = b.data;
  *out_len = b.len;
  return 0;
}

static void
write_node (struct writer *w, const struct sexpr *e)
{
  if (!e->is_list)
    {
      put_token (w, e->line, e->atom, strlen (e->atom));
      return;
    }
  put_token (w, e->line, "(", 1);
  for (size_t i = 0; i < e->n_items; i++)
    write_node (w, e->items[i]);
  put_token (w, e->line, ")", 1);
}

void
sepm_cil_canonical_write (struct sepm_buf *b, const struct sexpr *tree)
{
  struct writer w = { b, 1, true };
  sepm_buf_puts (b, "");
  for (size_t i = 0; i < tree->n_items; i++)
    write_node (&w, tree->items[i]);
  sepm_buf_puts (b, "\n");
}
