/* A set of strings (libsepol's hashtab underneath), optionally mapping
 * each to a pointer. */
#ifndef SEPM_STRSET_H
#define SEPM_STRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sepm_strset;

struct sepm_strset *sepm_strset_new (unsigned size_hint);
void sepm_strset_free (struct sepm_strset *s);
/* Returns true when KEY was new.  The set keeps its own copy of KEY. */
bool sepm_strset_add (struct sepm_strset *s, const char *key, void *value);
bool sepm_strset_has (const struct sepm_strset *s, const char *key);
void *sepm_strset_get (const struct sepm_strset *s, const char *key);
unsigned sepm_strset_count (const struct sepm_strset *s);
/* Add PATH ("/a/b/c") and each of its ancestors below "/" that S lacks,
 * stopping at the first one S has: in a set filled only this way, that
 * one's own ancestors are there too, which keeps a deep tree's cost
 * linear in its entries.  Returns how many were added; *BYTES, when BYTES
 * is not NULL, grows by their lengths (each with its terminator). */
size_t sepm_strset_add_path (struct sepm_strset *s, const char *path, uint64_t *bytes);

#endif
