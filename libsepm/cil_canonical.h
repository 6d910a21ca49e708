/* The one form of a module's CIL that sepm verifies, embeds and installs.
 *
 * sepm reads CIL with its own reader (sexpr.h) for the module's shape and
 * hands the same bytes to libsepol's parser for its meaning.  Two readers
 * of one text must never disagree, so a module is accepted only in a
 * subset of CIL's syntax on which they cannot: printable ASCII, spaces,
 * tabs and newlines; symbols made of the characters libsepol's lexer
 * takes for a symbol; quoted strings of printable characters on one line.
 * Everything else (a carriage return, a form feed, a NUL, a byte above
 * 0x7e, a `;;*` line mark that makes libsepol report other files and
 * lines) is refused with the file, the line and the byte.
 *
 * The canonical text keeps every token on the line it was written on, so
 * findings still point at the maintainer's lines; it writes a quoted
 * string that is a symbol as the symbol (libsepol drops the quotes, so
 * `"in"` is the keyword `in` to it), drops comments, puts
 * one space between tokens and none inside parentheses, and closes a list
 * right after its last item.  sepm-build embeds it, sepm-verify requires
 * it of every embedded module, and sepm-install renames it with
 * sepm_cil_canonical_write(), which gives the same form back. */
#ifndef SEPM_CIL_CANONICAL_H
#define SEPM_CIL_CANONICAL_H

#include <stddef.h>

#include "error.h"
#include "sexpr.h"
#include "util.h"

/* The canonical form of TEXT, or -1 with *err naming NAME:LINE and what
 * is refused.  *LINE is set to that line (0 when it is not about one). */
int sepm_cil_canonical (const char *name, const char *text, size_t len, char **out, size_t *out_len,
                        unsigned *line, sepm_error_t *err);

/* Write the top-level items of TREE (parsed from a canonical text, perhaps
 * with atoms changed) in canonical form. */
void sepm_cil_canonical_write (struct sepm_buf *b, const struct sexpr *tree);

#endif
