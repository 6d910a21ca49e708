/* A set of strings (libsepol's hashtab underneath), optionally mapping
 * each to a pointer. */
#ifndef SEPM_STRSET_H
#define SEPM_STRSET_H

#include <stdbool.h>

struct sepm_strset;

struct sepm_strset *sepm_strset_new (unsigned size_hint);
void sepm_strset_free (struct sepm_strset *s);
/* Returns true when KEY was new.  The set keeps its own copy of KEY. */
bool sepm_strset_add (struct sepm_strset *s, const char *key, void *value);
bool sepm_strset_has (const struct sepm_strset *s, const char *key);
void *sepm_strset_get (const struct sepm_strset *s, const char *key);
unsigned sepm_strset_count (const struct sepm_strset *s);

#endif
