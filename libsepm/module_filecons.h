/* CIL `filecon` statements in a module, offered by a maintainer instead of
 * a labels file.  sepm-build takes them out of the module and into the
 * image's labels, so a module's file labels can never reach the host's
 * file_contexts (where they would label the host's files). */
#ifndef SEPM_MODULE_FILECONS_H
#define SEPM_MODULE_FILECONS_H

#include <stddef.h>

#include "error.h"
#include "labels.h"

/* Move every filecon of the module's blocks (the top-level block and the
 * blocks nested in it) from TEXT into LABELS.  TEXT is changed in place:
 * each statement is overwritten with blanks, newlines kept, so the lines
 * of the module's findings still match the maintainer's file.  A type
 * written without a dot is the enclosing block's (`exec` in block `web` is
 * `web.exec`).  Filecons elsewhere (in a macro, an optional, a boolean)
 * stay where they are, for the verifier to reject.  Returns the number
 * moved, or -1 with an error naming NAME:LINE. */
int sepm_module_filecons_take (const char *name, char *text, size_t len, struct sepm_labels *labels,
                               sepm_error_t *err);

#endif
