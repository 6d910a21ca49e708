#include <config.h>
#include "module_filecons.h"

#include <string.h>

#include "sexpr.h"
#include "util.h"

/* CIL's file kinds, and file_contexts' flag for each. */
static const char *const cil_kinds[][2] = {
  { "any", "" }, { "file", "--" }, { "dir", "-d" }, { "symlink", "-l" }, { "char", "-c" },
  { "block", "-b" }, { "socket", "-s" }, { "pipe", "-p" },
};

static const char *
kind_flag (const char *cil_kind)
{
  for (size_t i = 0; i < sizeof (cil_kinds) / sizeof (cil_kinds[0]); i++)
    if (strcmp (cil_kind, cil_kinds[i][0]) == 0)
      return cil_kinds[i][1];
  return NULL;
}

static char *
unquote (const char *atom)
{
  size_t n = strlen (atom);

  if (n >= 2 && atom[0] == '"' && atom[n - 1] == '"')
    return xstrndup (atom + 1, n - 2);
  return xstrdup (atom);
}

/* The module type a context's type names, as seen from block PREFIX. */
static char *
qualified_type (const char *prefix, const char *type)
{
  if (type[0] == '.')
    return xstrdup (type + 1);
  if (strchr (type, '.'))
    return xstrdup (type);
  return xasprintf ("%s.%s", prefix, type);
}

/* (filecon PATH KIND (USER ROLE TYPE RANGE)) */
static int
take_one (const char *name, const char *prefix, const struct sexpr *st, struct sepm_labels *labels,
          sepm_error_t *err)
{
  const char *path_atom = sepm_sexpr_atom_at (st, 1), *kind_atom = sepm_sexpr_atom_at (st, 2);
  const struct sexpr *ctx = st->n_items == 4 ? st->items[3] : NULL;
  const char *kind, *type_atom, *problem;

  if (path_atom == NULL || kind_atom == NULL || ctx == NULL)
    return sepm_error_make (err, 0, "%s:%u: a filecon needs a path, a file kind and a context: "
                            "(filecon \"/usr/bin/app\" file (system_u object_r exec ((s0) (s0))))",
                            name, st->line);
  if ((kind = kind_flag (kind_atom)) == NULL)
    return sepm_error_make (err, 0, "%s:%u: unknown file kind `%s` (any, file, dir, symlink, char, "
                            "block, socket, pipe)", name, st->line, kind_atom);
  if (!ctx->is_list || ctx->n_items != 4 || (type_atom = sepm_sexpr_atom_at (ctx, 2)) == NULL)
    return sepm_error_make (err, 0, "%s:%u: write the filecon's context inline, as (USER ROLE TYPE RANGE); "
                            "only its type is kept, and the host sets user, role and level", name, st->line);
  cleanup_free char *path = unquote (path_atom);
  cleanup_free char *type = qualified_type (prefix, type_atom);
  if ((problem = sepm_label_problem (path, kind, type)) != NULL)
    return sepm_error_make (err, 0, "%s:%u: filecon `%s`: %s", name, st->line, path, problem);
  if (sepm_labels_add (labels, path, kind, type, st->line) < 0)
    return sepm_error_make (err, 0, "%s:%u: more than %d labels", name, st->line, SEPM_LABELS_MAX_COUNT);
  return 0;
}

static void
blank_out (char *text, const struct sexpr *st)
{
  for (size_t i = st->start; i < st->end; i++)
    if (text[i] != '\n')
      text[i] = ' ';
}

static int
take_from_block (const char *name, char *text, const char *prefix, const struct sexpr *block,
                 struct sepm_labels *labels, sepm_error_t *err)
{
  int moved = 0;

  for (size_t i = 2; i < block->n_items; i++)
    {
      const struct sexpr *st = block->items[i];
      const char *head = sepm_sexpr_head (st), *inner = sepm_sexpr_atom_at (st, 1);

      if (head && strcmp (head, "filecon") == 0)
        {
          if (take_one (name, prefix, st, labels, err) < 0)
            return -1;
          blank_out (text, st);
          moved++;
        }
      else if (head && strcmp (head, "block") == 0 && inner)
        {
          cleanup_free char *nested = xasprintf ("%s.%s", prefix, inner);
          int n = take_from_block (name, text, nested, st, labels, err);
          if (n < 0)
            return -1;
          moved += n;
        }
    }
  return moved;
}

int
sepm_module_filecons_take (const char *name, char *text, size_t len, struct sepm_labels *labels,
                           sepm_error_t *err)
{
  struct sexpr *top = NULL;
  int moved = 0;

  /* A module that does not parse is left to the verifier, which reports
   * it at its line like any other compile error. */
  if (sepm_sexpr_parse (name, text, len, 64, &top, err) < 0)
    {
      sepm_error_release (err);
      return 0;
    }
  for (size_t i = 0; i < top->n_items && moved >= 0; i++)
    {
      const struct sexpr *st = top->items[i];
      const char *head = sepm_sexpr_head (st), *block = sepm_sexpr_atom_at (st, 1);
      if (head && block && strcmp (head, "block") == 0)
        {
          int n = take_from_block (name, text, block, st, labels, err);
          moved = n < 0 ? -1 : moved + n;
        }
    }
  sepm_sexpr_free (top);
  return moved;
}
