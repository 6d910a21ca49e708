/* One libsemanage transaction on a store, as semodule makes it: changes
 * are staged in a sandbox and take effect together on commit, with one
 * policy rebuild; a transaction that is not committed changes nothing.
 * libsemanage's root (-p) is process-global: one root per process. */
#ifndef SEPM_STORE_TX_H
#define SEPM_STORE_TX_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "store_ref.h"

struct sepm_store_tx;

struct sepm_store_tx_options
{
  const struct sepm_store_ref *store;
  unsigned priority;            /* as semodule -X */
  bool reload;                  /* load the new policy into the kernel */
};

/* Begin a transaction, after finishing what a killed commit left
 * (store_recover.h); a transaction that must rebuild for that says so. */
int sepm_store_tx_begin (const struct sepm_store_tx_options *opts, struct sepm_store_tx **out,
                         sepm_error_t *err);

/* Whether module NAME is installed (at any priority, enabled). */
bool sepm_store_tx_has_module (struct sepm_store_tx *tx, const char *name);

/* The installed modules whose names start with PREFIX, NULL-terminated
 * (free each and the array). */
char **sepm_store_tx_modules_with_prefix (struct sepm_store_tx *tx, const char *prefix, size_t *n);

/* The CIL of installed module NAME (free it); NULL when it is not installed. */
char *sepm_store_tx_module_cil (struct sepm_store_tx *tx, const char *name, size_t *len);

int sepm_store_tx_install (struct sepm_store_tx *tx, const char *name, const char *cil, size_t len,
                           sepm_error_t *err);
int sepm_store_tx_remove (struct sepm_store_tx *tx, const char *name, sepm_error_t *err);

/* Whether the transaction must be committed even with nothing staged:
 * the installed policy files lag the store after a killed commit. */
bool sepm_store_tx_must_commit (struct sepm_store_tx *tx);

/* Commit (one rebuild) and end the transaction.  The store is the old one
 * or the new one, never a mix. */
int sepm_store_tx_commit (struct sepm_store_tx *tx, sepm_error_t *err);

/* End without committing: nothing changes. */
void sepm_store_tx_abort (struct sepm_store_tx *tx);

#endif
