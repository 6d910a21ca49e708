/* A reader for CIL's s-expression syntax.
 *
 * libsepol does not expose its parse tree, and sepm needs one for two
 * jobs that are about the text's structure rather than its meaning:
 * slicing the store's CIL (docs/verification.md, "The slice") and checking
 * that a module is exactly one top-level block.  Everything semantic is
 * left to libsepol's compiler. */
#ifndef SEPM_SEXPR_H
#define SEPM_SEXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "util.h"

struct sexpr
{
  bool is_list;
  char *atom;                   /* symbol or quoted string (with quotes) */
  struct sexpr **items;         /* children, when is_list */
  size_t n_items;
  unsigned line;                /* 1-based line where it starts */
  size_t start, end;            /* byte offsets of a parsed list: `(` and after `)` */
};

/* Parse TEXT (LEN bytes) into a list of top-level expressions.  NAME is
 * used in error messages ("NAME:LINE: ...").  MAX_DEPTH bounds nesting. */
int sepm_sexpr_parse (const char *name, const char *text, size_t len,
                      unsigned max_depth, struct sexpr **out, sepm_error_t *err);

void sepm_sexpr_free (struct sexpr *e);

/* The keyword of a statement: the first item when it is an atom. */
const char *sepm_sexpr_head (const struct sexpr *e);

/* Item I as an atom, or NULL when it is missing or a list. */
const char *sepm_sexpr_atom_at (const struct sexpr *e, size_t i);

/* The position of the block an `in` statement reopens, as libsepol 3.4
 * reads `(in X ...)` and `(in before X ...)` / `(in after X ...)`: 2
 * when the statement's second operand is an atom, else 1; 0 when E is no
 * `in`. */
size_t sepm_sexpr_in_target_index (const struct sexpr *e);

/* Append the text form of E to a growing buffer. */
void sepm_sexpr_write (struct sepm_buf *b, const struct sexpr *e);

/* A list node owning the given items (used to build expressions). */
struct sexpr *sepm_sexpr_new_list (unsigned line);
struct sexpr *sepm_sexpr_new_atom (const char *atom, unsigned line);
void sepm_sexpr_push (struct sexpr *list, struct sexpr *item);

#endif
