/* One libsemanage transaction on a store, as semodule makes it: changes
 * are staged in a sandbox and take effect together on commit, with one
 * policy rebuild; a transaction that is not committed changes nothing.
 * libsemanage's root (-p) is process-global: one root per process. */
#ifndef SEPM_SEMANAGE_TX_H
#define SEPM_SEMANAGE_TX_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct sepm_semanage_tx;

struct sepm_semanage_options
{
  const char *root;             /* NULL or "" for the host */
  const char *store;            /* NULL: the configured one */
  unsigned priority;            /* as semodule -X */
  bool reload;                  /* load the new policy into the kernel */
};

/* Begin a transaction, after finishing what a killed commit left
 * (store_recover.h); a transaction that must rebuild for that says so. */
int sepm_semanage_begin (const struct sepm_semanage_options *opts, struct sepm_semanage_tx **out,
                         sepm_error_t *err);

/* Whether module NAME is installed (at any priority, enabled). */
bool sepm_semanage_has_module (struct sepm_semanage_tx *tx, const char *name);

/* The installed modules whose names start with PREFIX, NULL-terminated
 * (free each and the array). */
char **sepm_semanage_modules_with_prefix (struct sepm_semanage_tx *tx, const char *prefix, size_t *n);

/* The CIL of installed module NAME (free it); NULL when it is not installed. */
char *sepm_semanage_module_cil (struct sepm_semanage_tx *tx, const char *name, size_t *len);

int sepm_semanage_install (struct sepm_semanage_tx *tx, const char *name, const char *cil, size_t len,
                           sepm_error_t *err);
int sepm_semanage_remove (struct sepm_semanage_tx *tx, const char *name, sepm_error_t *err);

/* Whether the transaction must be committed even with nothing staged:
 * the installed policy files lag the store after a killed commit. */
bool sepm_semanage_must_commit (struct sepm_semanage_tx *tx);

/* Commit (one rebuild) and end the transaction.  The store is the old one
 * or the new one, never a mix. */
int sepm_semanage_commit (struct sepm_semanage_tx *tx, sepm_error_t *err);

/* End without committing: nothing changes. */
void sepm_semanage_abort (struct sepm_semanage_tx *tx);

#endif
