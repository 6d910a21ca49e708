/* The compiler's refusal, pointed at the module's text.
 *
 * libsepol 3.4 names neither the line of an unknown keyword ("Unknown
 * keyword alow") nor the name a statement failed to resolve ("Failed to
 * resolve allow statement at web.cil:3"), and in a set verified together
 * a message without a line said nothing of whose it was.  Both are read
 * off the text: the statement whose keyword is unknown, and the names of
 * the failing statement that neither the system policy, nor the module,
 * nor the templates declare.  The verdict does not depend on this; only
 * the finding's line and words do. */
#ifndef SEPM_COMPILE_MESSAGE_H
#define SEPM_COMPILE_MESSAGE_H

#include <stddef.h>
#include <sepol/policydb/policydb.h>

#include "sexpr.h"
#include "strset.h"

/* Every name a text declares (the last part of a dotted name). */
struct sepm_declared_names
{
  struct sepm_strset *names;
};

void sepm_compile_message_declared (struct sepm_declared_names *d, const struct sexpr *tree);
void sepm_compile_message_declared_release (struct sepm_declared_names *d);

/* MESSAGE is "Error: Unknown keyword X": the line of the first statement
 * of TREE whose keyword is X, or 0. */
unsigned sepm_compile_message_keyword_line (const struct sexpr *tree, const char *message);

/* The names of TREE's statement at LINE that are declared neither in
 * SYSTEM nor in DECLARED, as "`a`, `b`"; NULL when there are none or no
 * statement starts there. */
char *sepm_compile_message_unknown_names (const struct sexpr *tree, unsigned line, const policydb_t *system,
                                          const struct sepm_declared_names *declared);

#endif
