/* The templates' macros that are only allow rules (read_files,
 * manage_files, signal, ...), read from the templates' own text, so that
 * --suggest can offer `(call sepm.v1.read_files (process data))` where
 * one covers what was denied. */
#ifndef SEPM_SUGGEST_MACROS_H
#define SEPM_SUGGEST_MACROS_H

#include <stdbool.h>
#include <stddef.h>

struct sepm_macro_rule
{
  int source, target;           /* parameter index, or -1: the name below */
  char *target_name;            /* "self", or a global type */
  char *tclass;
  char **perms;
  size_t n_perms;
};

struct sepm_macro
{
  char *name;                   /* sepm.v1.read_files */
  size_t n_params;
  struct sepm_macro_rule *rules;
  size_t n_rules;
};

struct sepm_macros
{
  struct sepm_macro *items;
  size_t n;
};

/* Read TEXT's macros whose parameters are all types and whose body is
 * allow rules only.  Anything else is left out (never guessed). */
void sepm_suggest_macros_read (const char *text, size_t len, struct sepm_macros *out);
void sepm_suggest_macros_release (struct sepm_macros *m);

/* The macro call that grants at least CLASSES[i]->PERMS[i] for the source on TARGET
 * (other classes too, as macros do), the one granting least beyond it
 * (writes and executes weigh most): "(call NAME (ARGS))"
 * with ARGS in the module's local names (LOCAL_SOURCE, LOCAL_TARGET), or
 * NULL.  SAME: the target is the source (self). */
char *sepm_suggest_macros_cover (const struct sepm_macros *m, const char *local_source, const char *local_target,
                                 const char *target, bool same, const char *const *classes,
                                 const char *const *const *perms, size_t n_classes);

#endif
