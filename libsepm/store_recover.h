/* Finishing what a killed libsemanage commit left.  A commit switches the
 * store with two renames (active -> previous, then the new sandbox ->
 * active) and then copies the policy files into /etc/selinux/STORE one
 * by one; libsemanage never looks back at either step.  A kill between
 * the renames leaves no active store; a kill during the copies leaves the
 * installed policy behind the store.  sepm-install checks for both, under
 * libsemanage's own transaction lock, before it reads the store. */
#ifndef SEPM_STORE_RECOVER_H
#define SEPM_STORE_RECOVER_H

#include <stdbool.h>

#include "error.h"
#include "store_ref.h"

struct sepm_store_recovery
{
  bool restored_previous;       /* active was missing: previous is active again */
  bool needs_rebuild;           /* the installed policy files are not the store's */
};

/* Check store STORE under ROOT ("" or NULL for the host) and put back the
 * previous store when the active one is missing.  The caller rebuilds
 * (commits with rebuild) when out->needs_rebuild. */
int sepm_store_recover (const struct sepm_store_ref *ref, struct sepm_store_recovery *out, sepm_error_t *err);

#endif
