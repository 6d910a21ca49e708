/* Names the CIL converter makes up.  A policy module's attribute
 * expressions become attributes named MODULE_typeattr_N (base_typeattr_23
 * is `(and (init_mountpoint_type) (not (proc_type)))`); a finding that
 * names one tells a person nothing, so its message shows the expression
 * beside the name, as the system's CIL defines it. */
#ifndef SEPM_GENERATED_NAMES_H
#define SEPM_GENERATED_NAMES_H

#include <stddef.h>

#include "cil_compile.h"

struct sepm_generated_name
{
  char *name;
  char *expr;
};

struct sepm_generated_names
{
  struct sepm_generated_name *items;    /* sorted by name */
  size_t n;
};

/* Every `(typeattributeset X_typeattr_N EXPR)` of SOURCES. */
void sepm_generated_names_read (const struct sepm_cil_source *sources, size_t n_sources,
                                struct sepm_generated_names *out);

/* MESSAGE with `NAME [EXPR]` for each generated name it mentions; NULL
 * when it mentions none. */
char *sepm_generated_names_explain (const struct sepm_generated_names *g, const char *message);

void sepm_generated_names_release (struct sepm_generated_names *g);

#endif
