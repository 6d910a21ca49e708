/* A verification profile: which system types may bound module types.
 *
 * File format (docs/profile.md): one directive per line, `#` comments.
 *   domain-parent container_t
 *   object-parent container_file_t
 * A file replaces the default lists entirely, and every name in it must
 * be a type of the system policy. */
#ifndef SEPM_PROFILE_H
#define SEPM_PROFILE_H

#include <stddef.h>

#include "error.h"

struct sepm_profile
{
  char **domain_parents;
  size_t n_domain_parents;
  char **object_parents;
  size_t n_object_parents;
  /* The file it came from; NULL for the default, whose names a policy
   * may lack (each policy names its container types its own way). */
  char *path;
};

/* refpolicy's container module: container_t for domains,
 * container_file_t and container_ro_file_t for objects. */
struct sepm_profile *sepm_profile_default (void);
int sepm_profile_load (const char *path, struct sepm_profile **out, sepm_error_t *err);
void sepm_profile_free (struct sepm_profile *p);

/* All parents, domains first, as a NULL-terminated array (free it). */
const char **sepm_profile_all_parents (const struct sepm_profile *p, size_t *n);

#endif
