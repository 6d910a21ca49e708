#include <config.h>
#include "system_policy.h"

#include "progress.h"

#include "cache.h"
#include "decompress.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sepol/kernel_to_cil.h>

#include "cache.h"
#include "decompress.h"
#include "hash.h"
#include "policydb.h"
#include "util.h"

static int
open_binary_policy (const char *path, struct sepm_store **out, sepm_error_t *err)
{
  cleanup_free char *data = NULL;
  policydb_t *pdb = NULL;
  char key[65], *cil = NULL;
  size_t len = 0, cil_len = 0;
  FILE *f;

  /* Compressed or not: sepm's shipped base policies are xz files. */
  if (sepm_decompress_file (path, 256u << 20, &data, &len, err) < 0)
    return -1;
  sepm_sha256_hex (data, len, key);
  if (sepm_policydb_from_memory (data, len, path, &pdb, err) < 0)
    return -1;
  f = open_memstream (&cil, &cil_len);
  if (f == NULL || sepol_kernel_policydb_to_cil (f, pdb) != 0)
    {
      if (f)
        fclose (f);
      free (cil);
      sepm_policydb_free (pdb);
      return sepm_error_make (err, 0, "turn the binary policy `%s` into CIL", path);
    }
  fclose (f);
  sepm_policydb_free (pdb);
  *out = sepm_store_from_text ("policy", cil, cil_len, key);
  return 0;
}

static char *
compute_cache_key (const struct sepm_system_policy *sys, const struct sepm_profile *profile)
{
  struct sepm_sha256 *h = sepm_sha256_new ();
  char hex[65];

  sepm_sha256_update (h, sys->store->content_key, 64);
  sepm_sha256_update (h, PACKAGE_VERSION, sizeof (PACKAGE_VERSION));
  for (size_t i = 0; i < profile->n_domain_parents; i++)
    sepm_sha256_update (h, profile->domain_parents[i], strlen (profile->domain_parents[i]) + 1);
  sepm_sha256_update (h, "|", 1);
  for (size_t i = 0; i < profile->n_object_parents; i++)
    sepm_sha256_update (h, profile->object_parents[i], strlen (profile->object_parents[i]) + 1);
  sepm_sha256_update (h, "|", 1);
  if (sys->templates_text)
    sepm_sha256_update (h, sys->templates_text, sys->templates_len);
  sepm_sha256_finish (h, hex);
  return xstrndup (hex, 32);
}

/* The slice and the keep-attributes statement, from the cache or built. */
static int
prepare_slice (struct sepm_system_policy *sys, const struct sepm_profile *profile,
               const char *dir, sepm_error_t *err)
{
  struct sepm_slice *slice = &sys->slice;
  size_t n_parents;
  const char **parents;

  if (sepm_cache_get (dir, "slice.cil", &slice->text, &slice->len)
      && sepm_cache_get (dir, "keep.cil", &slice->keep_attributes, &slice->keep_attributes_len)
      && sepm_cache_get (dir, "neverallows.cil", &slice->neverallows, &slice->neverallows_len))
    return 1;
  sepm_slice_release (slice);

  sepm_progress ("slicing the system policy for fast mode (once per policy)");
  if (sepm_store_load_cil (sys->store, err) < 0)
    return -1;
  parents = sepm_profile_all_parents (profile, &n_parents);
  int rc = sepm_slice_build (sys->store, parents, n_parents, slice, err);
  free (parents);
  if (rc < 0)
    return sepm_error_wrap (err, "slice the system policy");
  sepm_cache_put (dir, "slice.cil", slice->text, slice->len);
  sepm_cache_put (dir, "keep.cil", slice->keep_attributes, slice->keep_attributes_len);
  sepm_cache_put (dir, "neverallows.cil", slice->neverallows, slice->neverallows_len);
  return 0;
}

static void
add_source (struct sepm_cil_source **list, size_t *n, const char *name, const char *text, size_t len)
{
  *list = xrealloc (*list, (*n + 1) * sizeof (**list));
  (*list)[(*n)++] = (struct sepm_cil_source) { name, text, len };
}

static void
add_common_sources (struct sepm_system_policy *sys, struct sepm_cil_source **list, size_t *n)
{
  add_source (list, n, "system-keep-attributes", sys->slice.keep_attributes, sys->slice.keep_attributes_len);
  if (sys->templates_text)
    add_source (list, n, sys->templates_name, sys->templates_text, sys->templates_len);
}

static int
load_sources (struct sepm_system_policy *sys, sepm_error_t *err)
{
  if (sys->exact_sources)
    return 0;
  if (sepm_store_load_cil (sys->store, err) < 0)
    return -1;
  for (size_t i = 0; i < sys->store->n_modules; i++)
    add_source (&sys->exact_sources, &sys->n_exact_sources, sys->store->modules[i].name,
                sys->store->modules[i].cil, sys->store->modules[i].cil_len);
  add_common_sources (sys, &sys->exact_sources, &sys->n_exact_sources);
  return 0;
}

static int load_base (struct sepm_system_policy *sys, sepm_error_t *err);

int
sepm_system_policy_load_exact (struct sepm_system_policy *sys, sepm_error_t *err)
{
  if (load_sources (sys, err) < 0)
    return -1;
  return load_base (sys, err) < 0 ? -1 : 0;
}

static const char *const aux_suffix[SEPM_AUX_COUNT] = {
  [SEPM_AUX_FILECONS] = "file_contexts",
  [SEPM_AUX_SEUSERS] = "seusers",
  [SEPM_AUX_USERS_EXTRA] = "users_extra",
  [SEPM_AUX_UNWRITTEN] = "unwritten",
};

static bool
cache_get_compiled (const char *dir, const char *name, policydb_t **pdb, char **aux, size_t *aux_len)
{
  cleanup_free char *data = NULL;
  cleanup_free char *file = xasprintf ("%s.pol", name);
  sepm_error_t ignored = NULL;
  size_t len = 0;

  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      cleanup_free char *f = xasprintf ("%s.%s", name, aux_suffix[k]);
      if (!sepm_cache_get (dir, f, &aux[k], &aux_len[k]))
        return false;
    }
  if (!sepm_cache_get (dir, file, &data, &len))
    return false;
  if (sepm_policydb_from_memory (data, len, file, pdb, &ignored) == 0)
    return true;
  sepm_error_release (&ignored);
  return false;
}

/* The system alone, compiled from SOURCES and put in the cache. */
static int
compile_system (const char *dir, const char *name, const struct sepm_cil_source *sources, size_t n,
                  bool check_neverallow, policydb_t **pdb, char **aux, size_t *aux_len, sepm_error_t *err)
{
  struct sepm_cil_options opts = { .check_neverallow = check_neverallow, .want_aux = true };
  cleanup_free char *file = xasprintf ("%s.pol", name);
  struct sepm_cil_result res;
  void *out = NULL;
  size_t out_len = 0;

  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      free (aux[k]);
      aux[k] = NULL;
    }
  int rc = sepm_cil_compile (sources, n, &opts, &res, err);
  if (rc != 0)
    {
      if (rc > 0)
        sepm_error_make (err, 0, "the system policy does not compile on its own, or breaks its own "
                         "neverallow rules: %s", res.n_messages ? res.messages[0] : "no message");
      sepm_cil_result_release (&res);
      return -1;
    }
  /* Always used as read back from its binary form, so that a cold run and
   * a warm one compare exactly the same policy, and the module's combined
   * policy (which comes back from the compiler's process in that form) is
   * compared with the same reader's view of the base. */
  rc = sepm_policydb_to_memory (res.pdb, &out, &out_len, err);
  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      cleanup_free char *f = xasprintf ("%s.%s", name, aux_suffix[k]);
      aux[k] = res.aux[k];
      aux_len[k] = res.aux_len[k];
      res.aux[k] = NULL;
      sepm_cache_put (dir, f, aux[k], aux_len[k]);
    }
  sepm_cil_result_release (&res);
  if (rc < 0 || sepm_policydb_from_memory (out, out_len, file, pdb, err) < 0)
    {
      free (out);
      return sepm_error_wrap (err, "store the compiled system policy");
    }
  sepm_cache_put (dir, file, out, out_len);
  free (out);
  return 0;
}

/* The whole system compiled alone: from the cache, or compiled (which
 * also proves it meets its own neverallow rules, as the slice argument
 * of docs/verification.md assumes) and cached.  Returns 1 on a hit. */
static int
load_base (struct sepm_system_policy *sys, sepm_error_t *err)
{
  if (sys->base)
    return 1;
  if (cache_get_compiled (sys->cache_path, "base", &sys->base, sys->base_aux, sys->base_aux_len))
    return 1;
  sepm_progress ("compiling the whole system policy alone (once per policy; as long as secilc takes)");
  if (load_sources (sys, err) < 0
      || compile_system (sys->cache_path, "base", sys->exact_sources, sys->n_exact_sources, true,
                         &sys->base, sys->base_aux, sys->base_aux_len, err) < 0)
    return -1;
  return 0;
}

static bool
is_cached (const char *dir, const char *name)
{
  cleanup_free char *file = xasprintf ("%s.pol", name);
  return sepm_cache_has (dir, file);
}
/* The bases the mode needs, from the cache or compiled; returns 1 when
 * they were cached.  Fast mode compares with the slice's base alone and
 * reads the whole system's only if a module sends it to exact mode; it is
 * still built on a cold cache, for the neverallow proof. */
static int
prepare_base (struct sepm_system_policy *sys, sepm_error_t *err)
{
  int hit = 1;

  if (sys->mode == SEPM_MODE_EXACT || !is_cached (sys->cache_path, "base"))
    hit = load_base (sys, err);
  if (hit < 0)
    return -1;
  if (!cache_get_compiled (sys->cache_path, "slice-base", &sys->slice_base, sys->slice_base_aux,
                           sys->slice_base_aux_len))
    {
      hit = 0;
      sepm_progress ("compiling the fast-mode slice alone (once per policy)");
      if (compile_system (sys->cache_path, "slice-base", sys->fast_sources, sys->n_fast_sources, false,
                          &sys->slice_base, sys->slice_base_aux, sys->slice_base_aux_len, err) < 0)
        return sepm_error_wrap (err, "compile the slice of the system policy");
    }
  return hit;
}

/* The templates bound everything by refpolicy's container types: a store
 * without the `container` module (Debian's default store has none) fails
 * to compile with them, and the compiler's message does not say why. */
static void
explain_missing_container (const struct sepm_store *store, sepm_error_t *err)
{
  if (store == NULL || err == NULL || *err == NULL || store->modules_dir == NULL)
    return;
  for (size_t i = 0; i < store->n_modules; i++)
    if (strcmp (store->modules[i].name, "container") == 0)
      return;
  char *msg = xasprintf ("%s. The store `%s` has no `container` module, which declares container_t and "
                         "container_file_t, the types every sepm module is bounded by: build refpolicy's "
                         "container module and install it (docs/install.md, \"The container module\")",
                         (*err)->msg, store->ref.name);
  free ((*err)->msg);
  (*err)->msg = msg;
}

/* A profile's parents are types of the system: a name that is not (a
 * typo such as container_tt) would leave a module nothing to be bounded
 * by, and every finding's hint would name a parent that is not used. */
static int
check_profile_types (const policydb_t *p, const struct sepm_profile *profile, sepm_error_t *err)
{
  size_t n;
  const char **all;
  int rc = 0;

  if (profile == NULL || profile->path == NULL)
    return 0;
  all = sepm_profile_all_parents (profile, &n);
  for (size_t i = 0; i < n && rc == 0; i++)
    {
      uint32_t v = sepm_policydb_type_value (p, all[i]);
      if (v == 0 || p->type_val_to_struct[v - 1]->flavor == TYPE_ATTRIB)
        rc = sepm_error_make (err, 0, "%s: the profile names `%s`, which is not a type of the system policy "
                              "(`seinfo -t` lists them); a parent must be a type such as container_t",
                              profile->path, all[i]);
    }
  free (all);
  return rc;
}

int
sepm_system_policy_open (const struct sepm_system_options *opts,
                         struct sepm_system_policy **out, sepm_error_t *err)
{
  struct sepm_system_policy *sys = xcalloc (1, sizeof (*sys));
  cleanup_free char *cache_root = opts->cache_dir ? xstrdup (opts->cache_dir) : sepm_cache_default_dir ();
  cleanup_free char *dir = NULL;
  double t0 = sepm_now_seconds ();
  int hit_slice, hit_base;

  sys->mode = opts->mode;
  sys->slice_only = opts->slice_only;
  if (opts->policy_file)
    {
      if (open_binary_policy (opts->policy_file, &sys->store, err) < 0)
        goto fail;
      sys->description = xasprintf ("binary policy `%s`", opts->policy_file);
    }
  else if (opts->store == NULL)
    {
      sepm_error_make (err, 0, "no system policy to verify against: name a store or a policy file");
      goto fail;
    }
  else
    {
      if (sepm_store_read (opts->store, opts->exclude_modules, opts->n_exclude_modules, &sys->store, err) < 0)
        goto fail;
      sys->description = xasprintf ("store `%s` under `%s`", opts->store->name,
                                    sepm_store_ref_root_shown (opts->store));
    }
  if (opts->templates_path && opts->templates_text)
    {
      sys->templates_text = xmalloc (opts->templates_len + 1);
      memcpy (sys->templates_text, opts->templates_text, opts->templates_len);
      sys->templates_text[opts->templates_len] = '\0';
      sys->templates_len = opts->templates_len;
    }
  else if (opts->templates_path
           && sepm_read_file (opts->templates_path, SEPM_TEMPLATES_MAX, &sys->templates_text, &sys->templates_len,
                              err) < 0)
    {
      sepm_error_wrap (err, "read the policy templates");
      goto fail;
    }

  sys->cache_key = compute_cache_key (sys, opts->profile);
  /* No private place for a cache: every run builds what it needs. */
  dir = cache_root ? xasprintf ("%s/%s", cache_root, sys->cache_key) : NULL;
  sys->cache_path = dir ? xstrdup (dir) : NULL;
  hit_slice = prepare_slice (sys, opts->profile, dir, err);
  if (hit_slice < 0)
    {
      explain_missing_container (sys->store, err);
      goto fail;
    }

  if (sepm_neverallows_parse (sys->slice.neverallows, sys->slice.neverallows_len, &sys->neverallows, err) < 0)
    goto fail;
  sys->templates_name = opts->templates_path;
  add_source (&sys->fast_sources, &sys->n_fast_sources, "system-slice", sys->slice.text, sys->slice.len);
  add_common_sources (sys, &sys->fast_sources, &sys->n_fast_sources);

  hit_base = prepare_base (sys, err);
  if (hit_base < 0)
    explain_missing_container (sys->store, err);
  if (hit_base < 0 || check_profile_types (sys->slice_base, opts->profile, err) < 0)
    goto fail;
  if (sys->mode == SEPM_MODE_EXACT && load_sources (sys, err) < 0)
    goto fail;
  sys->sources = sys->mode == SEPM_MODE_FAST ? sys->fast_sources : sys->exact_sources;
  sys->n_sources = sys->mode == SEPM_MODE_FAST ? sys->n_fast_sources : sys->n_exact_sources;
  sys->cache_hit = hit_slice > 0 && hit_base > 0;
  sys->load_seconds = sepm_now_seconds () - t0;
  *out = sys;
  return 0;

fail:
  sepm_system_policy_free (sys);
  return -1;
}

void
sepm_system_policy_free (struct sepm_system_policy *sys)
{
  if (sys == NULL)
    return;
  sepm_store_free (sys->store);
  sepm_policydb_free (sys->base);
  sepm_policydb_free (sys->slice_base);
  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      free (sys->base_aux[k]);
      free (sys->slice_base_aux[k]);
    }
  free (sys->fast_sources);
  free (sys->exact_sources);
  free (sys->description);
  free (sys->cache_key);
  free (sys->cache_path);
  sepm_slice_release (&sys->slice);
  sepm_neverallows_release (&sys->neverallows);
  sepm_generated_names_release (&sys->generated_names);
  free (sys->templates_text);
  free (sys);
}
