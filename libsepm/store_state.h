/* What sepm-install has installed into a store: which image uses which
 * modules.  One JSON file per store, ROOT/var/lib/sepm/STORE.json, read
 * and replaced (atomically) only under an exclusive lock on STORE.lock,
 * which the caller holds for its whole run, so concurrent installs are
 * serialised and never lose an update. */
#ifndef SEPM_STORE_STATE_H
#define SEPM_STORE_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "store_ref.h"

struct sepm_store_state_image
{
  char *id;                     /* sha256 of the image's diff_ids and installed modules */
  char *reference;              /* as given when it was installed */
  char **modules;               /* installed module names */
  size_t n_modules;
  char *entrypoint;             /* installed name of the entry domain, or NULL */
};

struct sepm_store_state
{
  struct sepm_store_state_image *images;
  size_t n_images;
  char *path;
  int lock_fd;
};

/* Take the lock (waiting for other runs) and read the state; a missing
 * file is an empty state. */
int sepm_store_state_open (const struct sepm_store_ref *ref, struct sepm_store_state *out, sepm_error_t *err);
/* The same for reading only (sepm-install --list): a shared lock, and
 * nothing created when nothing was ever installed. */
int sepm_store_state_read (const struct sepm_store_ref *ref, struct sepm_store_state *out, sepm_error_t *err);
/* Replace the file atomically with the current state. */
int sepm_store_state_save (const struct sepm_store_state *st, sepm_error_t *err);
/* Release the lock and the memory. */
void sepm_store_state_close (struct sepm_store_state *st);

struct sepm_store_state_image *sepm_store_state_find (struct sepm_store_state *st, const char *id_or_reference);
/* Add IMAGE (taking ownership of its strings), replacing one with its id. */
void sepm_store_state_put (struct sepm_store_state *st, struct sepm_store_state_image *image);
void sepm_store_state_drop (struct sepm_store_state *st, struct sepm_store_state_image *image);
/* How many images use module NAME. */
size_t sepm_store_state_users (const struct sepm_store_state *st, const char *name);

#endif
