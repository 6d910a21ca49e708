/* The on-disk cache of what sepm builds once per system policy: the base
 * policies, the slice, the neverallow set (docs/verification.md, "How
 * the check works").
 *
 * The cache decides what "the system" is: a base that already holds a
 * module's rules shows the diff no change, and a slice with an extra rule
 * for container_t lets a module's rule pass its bounds.  So the cache is
 * trusted only where nobody but the user who runs sepm can write it: the
 * directory and each file must be owned by the effective user and
 * writable by no one else, and are opened without following a link.  A
 * cache that fails this is not read and not written; everything is built
 * again, and the run is only slower. */
#ifndef SEPM_CACHE_H
#define SEPM_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* SEPM_CACHE_DIR, else /var/cache/sepm for root, else
 * $XDG_CACHE_HOME/sepm or $HOME/.cache/sepm; NULL when there is none of
 * these (never a shared directory such as /tmp): no cache then. */
char *sepm_cache_default_dir (void);

/* NAME in DIR, when the cache holds it and may be trusted. */
bool sepm_cache_get (const char *dir, const char *name, char **data, size_t *len);
bool sepm_cache_has (const char *dir, const char *name);

/* Store NAME in DIR (made 0700 if missing), atomically; nothing when DIR
 * is NULL or may not be trusted.  The cache is an optimisation: a write
 * that fails is forgotten, and the file is built again next time. */
void sepm_cache_put (const char *dir, const char *name, const void *data, size_t len);

#endif
