/* The system policy a module is verified against, ready to compile with
 * it: the store's CIL (exact mode) or its slice (fast mode), the statement
 * that keeps every attribute, the templates, and the base policy compiled
 * from them alone.  Slices and base policies are cached on disk, keyed by
 * the store's content, sepm's version, the profile and the templates. */
#ifndef SEPM_SYSTEM_POLICY_H
#define SEPM_SYSTEM_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <sepol/policydb/policydb.h>

#include "cil_compile.h"
#include "error.h"
#include "store_ref.h"
#include "store_read.h"
#include "profile.h"
#include "neverallow.h"
#include "slice.h"
#include "generated_names.h"

enum sepm_verify_mode
{
  SEPM_MODE_FAST,
  SEPM_MODE_EXACT,
};

/* The largest templates file read. */
#define SEPM_TEMPLATES_MAX (16u << 20)

struct sepm_system_options
{
  const struct sepm_store_ref *store;   /* the store to read, unless POLICY_FILE */
  const char *policy_file;      /* --policy FILE instead of a store */
  const char *cache_dir;        /* NULL: sepm_cache_default_dir() */
  const char *templates_path;   /* CIL compiled with every module; may be NULL */
  /* The templates' text when the caller has read TEMPLATES_PATH already
   * (borrowed, copied): a file is read once per run. */
  const char *templates_text;
  size_t templates_len;
  enum sepm_verify_mode mode;
  const struct sepm_profile *profile;
  bool slice_only;              /* sepm_system_policy.slice_only */
  /* Store modules to leave out: sepm-install verifies an image against
   * the system alone, without other images' modules. */
  const char *const *exclude_modules;
  size_t n_exclude_modules;
};

struct sepm_system_policy
{
  enum sepm_verify_mode mode;
  /* For the differential test only: a module fast mode would re-check in
   * exact mode is rejected (fast.deferred) instead, so that the test
   * spends exact mode's time only on what it compares.  It can only
   * turn an admission into a rejection. */
  bool slice_only;
  struct sepm_store *store;
  struct sepm_cil_source *sources;      /* the mode's: fast_sources or exact_sources */
  size_t n_sources;
  /* The same for exact mode: the store's module CIL instead of the slice.
   * Fast mode fills it only when a module needs it. */
  struct sepm_cil_source *exact_sources;
  size_t n_exact_sources;
  /* The system compiled alone from the store's own CIL: exact mode's
   * base (fast mode loads it only when a module needs exact mode). */
  policydb_t *base;
  char *base_aux[SEPM_AUX_COUNT];
  size_t base_aux_len[SEPM_AUX_COUNT];
  /* The system compiled alone from fast mode's sources (the slice): what
   * a module compiled against the slice must keep, every part of it
   * (docs/verification.md, "The diff"). */
  policydb_t *slice_base;
  char *slice_base_aux[SEPM_AUX_COUNT];
  size_t slice_base_aux_len[SEPM_AUX_COUNT];
  char *description;            /* "store default under /root" */
  char *cache_key;
  char *cache_path;             /* the cache directory of this system */
  bool cache_hit;
  double load_seconds;
  struct sepm_neverallows neverallows;  /* the system's, for fast mode */
  /* What the converter's attribute names stand for, read from the
   * mode's sources when a finding first needs it. */
  struct sepm_generated_names generated_names;
  bool generated_names_read;
  struct sepm_cil_source *fast_sources; /* slice, keep-attributes, templates */
  size_t n_fast_sources;
  const char *templates_name;
  /* owned texts */
  struct sepm_slice slice;      /* built, or read back from the cache */
  char *templates_text;
  size_t templates_len;
};

int sepm_system_policy_open (const struct sepm_system_options *opts,
                             struct sepm_system_policy **out, sepm_error_t *err);

/* Make exact_sources and the whole system's base available
 * (decompressing the store when needed). */
int sepm_system_policy_load_exact (struct sepm_system_policy *sys, sepm_error_t *err);
void sepm_system_policy_free (struct sepm_system_policy *sys);

#endif
