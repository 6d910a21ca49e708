/* Pointing a finding at the module's text.  The checks work on compiled
 * policy, which has forgotten where a rule came from; this finds the
 * statement most likely to be the one a person must change. */
#ifndef SEPM_MODULE_LOCATE_H
#define SEPM_MODULE_LOCATE_H

#include "sexpr.h"

struct sepm_location
{
  unsigned line;                /* 0: not found */
  char *statement;              /* malloc'd text, NULL when not found */
};

/* The first statement (searching inside blocks, macros, optionals,
 * conditionals and `in`) whose keyword is one of HEADS (NULL-terminated)
 * and that mentions every name of NAMES (NULL-terminated).  A name
 * matches an atom equal to it or to its last dotted component. */
struct sepm_location sepm_locate (const struct sexpr *tree, const char *const *heads,
                                  const char *const *names);
/* The same, where every name is written in full (`web.process`, as
 * another module must write it). */
struct sepm_location sepm_locate_qualified (const struct sexpr *tree, const char *const *heads,
                                            const char *const *names);
void sepm_location_release (struct sepm_location *l);

#endif
