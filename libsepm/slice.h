/* The system policy as the verifier compiles it.
 *
 * Exact mode compiles the store's module CIL as semodule does.  Fast mode
 * compiles a slice of it: every declaration, every neverallow, and only
 * the rules whose source could ever include a module type.
 * docs/verification.md ("The slice") argues why both give one verdict. */
#ifndef SEPM_SLICE_H
#define SEPM_SLICE_H

#include <stddef.h>

#include "error.h"
#include "store_read.h"

struct sepm_slice
{
  char *text;                   /* the fast-mode system policy, as CIL */
  size_t len;
  /* `(expandtypeattribute (...) false)` over every system attribute, so
   * that the kernel policy keeps them all and they compare by name. */
  char *keep_attributes;
  size_t keep_attributes_len;
  char *neverallows;            /* every neverallow statement, as CIL */
  size_t neverallows_len;
  size_t rules_total, rules_kept;
  size_t optionals_enabled, optionals_disabled;
};

int sepm_slice_build (const struct sepm_store *store,
                      const char *const *parents, size_t n_parents,
                      struct sepm_slice *out, sepm_error_t *err);
void sepm_slice_release (struct sepm_slice *s);

#endif
