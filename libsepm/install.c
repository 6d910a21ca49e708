#include <config.h>
#include "install.h"

#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <selinux/selinux.h>

#include "bundle.h"
#include "hash.h"
#include "image_policy.h"
#include "install_context.h"
#include "install_names.h"
#include "install_unpack.h"
#include "labels.h"
#include "store_read.h"
#include "relabel.h"
#include "store_tx.h"
#include "util.h"

#define REVISION_MARK "sepm-templates-revision:"

/* The revision a templates text declares; 0 when it declares none. */
static unsigned
templates_revision (const char *text)
{
  const char *p = text ? strstr (text, REVISION_MARK) : NULL;
  unsigned rev = 0;

  if (p)
    sscanf (p + strlen (REVISION_MARK), "%u", &rev);
  return rev;
}

static void
push (char ***list, size_t *n, const char *s)
{
  *list = xrealloc (*list, (*n + 2) * sizeof (char *));
  (*list)[(*n)++] = xstrdup (s);
  (*list)[*n] = NULL;
}

static void
free_list (char **list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (list[i]);
  free (list);
}

static int
begin (const struct sepm_install_request *req, struct sepm_store_tx **tx, sepm_error_t *err)
{
  struct sepm_store_tx_options o = {
    .store = &req->store, .priority = req->priority ? req->priority : 400,
    /* No kernel to load into when SELinux is off, or when asked not to. */
    .reload = !req->no_reload && is_selinux_enabled () > 0,
  };
  return sepm_store_tx_begin (&o, tx, err);
}

/* The image's id: its layers and what it installs. */
static char *
image_id (const struct sepm_image *img, const struct sepm_install_names *names)
{
  struct sepm_sha256 *h = sepm_sha256_new ();
  char hex[65];

  for (size_t i = 0; i < img->n_layers; i++)
    sepm_sha256_update (h, img->layers[i].diff_id, strlen (img->layers[i].diff_id) + 1);
  for (size_t i = 0; i < names->n; i++)
    sepm_sha256_update (h, names->modules[i].installed_name, strlen (names->modules[i].installed_name) + 1);
  sepm_sha256_finish (h, hex);
  return xstrndup (hex, 16);
}

static char *
installed_type (const void *names, const char *type)
{
  return sepm_install_names_type (names, type);
}

/* The entries' labels as installed: renamed types, full contexts. */
static char *
installed_file_contexts (const struct sepm_opened_image *o, const struct sepm_install_names *names,
                         const char *level)
{
  struct sepm_labels all = { 0 };

  for (size_t e = 0; e < o->n_entries; e++)
    sepm_labels_append (&all, &o->entries[e].labels, installed_type, names);
  char *text = sepm_labels_to_file_contexts (&all, level);
  sepm_labels_release (&all);
  return text;
}

/* The group (verify.h) of a module of IMAGE: one number per other image,
 * from 1; IMAGES collects them. */
static int
image_group (const char ***images, size_t *n, const char *image)
{
  for (size_t i = 0; i < *n; i++)
    if (strcmp ((*images)[i], image) == 0)
      return (int) i + 1;
  *images = xrealloc (*images, (*n + 1) * sizeof (**images));
  (*images)[(*n)++] = image;
  return (int) *n;
}

/* Verify the renamed modules in the context of the commit: together with
 * every other image's module that stays enabled (install_context.h),
 * with their labels and entry domain renamed alike.  The caller leaves
 * every sepm_* module out of the system they are checked against, except
 * the templates when the store's are the ones that stay (docs/install.md). */
static int
verify_renamed (struct sepm_policy_source *policy, const struct sepm_opened_image *o,
                const struct sepm_install_names *names, const struct sepm_install_context *others,
                const char *ref, struct sepm_image_report *out, sepm_error_t *err)
{
  size_t n = names->n + others->n_others;
  struct sepm_module_input *inputs = xcalloc (n + 1, sizeof (*inputs));
  struct sepm_module_result *results = xcalloc (n + 1, sizeof (*results));
  char **paths = xcalloc (n + 1, sizeof (char *));
  const char **blocks = NULL, **images = NULL;
  size_t n_images = 0;
  int rc = -1;

  if (sepm_policy_source_open (policy, err) < 0)
    goto done;
  /* The image's modules first: a finding no text explains is charged to
   * the first module, which is this image's. */
  for (size_t i = 0; i < names->n; i++)
    {
      paths[i] = xasprintf ("%s:%s", ref, names->modules[i].installed_name);
      /* A module another image installed already is that image's. */
      const char *shared = others->shared_with ? others->shared_with[i] : NULL;
      inputs[i] = (struct sepm_module_input) { paths[i], names->modules[i].cil, names->modules[i].cil_len, true,
                                               shared ? image_group (&images, &n_images, shared) : 0 };
    }
  for (size_t k = 0; k < others->n_others; k++)
    {
      const struct sepm_other_module *m = &others->others[k];
      paths[names->n + k] = xasprintf ("%s:%s", m->image, m->name);
      inputs[names->n + k] = (struct sepm_module_input) { paths[names->n + k], m->cil, m->cil_len, true,
                                                          image_group (&images, &n_images, m->image) };
    }
  if (names->n && sepm_verify_modules (policy->sys, policy->profile, inputs, n, results, err) < 0)
    goto done;
  out->results = results;
  out->n_results = names->n;
  results = NULL;
  /* What the other images' modules are charged with, the set is: the
   * commit would install it. */
  for (size_t k = 0; k < others->n_others; k++)
    {
      struct sepm_module_result *r = &out->results[names->n + k];
      for (size_t f = 0; f < r->findings.n; f++)
        if (strcmp (r->findings.items[f].severity, "warning") != 0)
          sepm_findings_add (&out->image, "install.other-image", r->findings.items[f].file,
                             r->findings.items[f].line, r->findings.items[f].statement, r->findings.items[f].hint,
                             "installed beside %s, module %s of %s fails: %s [%s]", ref, others->others[k].name,
                             others->others[k].image, r->findings.items[f].message, r->findings.items[f].rule_id);
      sepm_module_result_release (r);
    }
  sepm_install_context_cross_refs (others, names, ref, &out->image);
  blocks = xcalloc (names->n + 1, sizeof (*blocks));
  for (size_t i = 0; i < names->n; i++)
    blocks[i] = names->modules[i].installed_block;
  /* Layers as sepm-verify reports them, each module under its installed
   * name. */
  size_t *entry_of = xcalloc (names->n + 1, sizeof (*entry_of));
  for (size_t m = 0; m < names->n; m++)
    entry_of[m] = names->modules[m].entry;
  sepm_image_report_describe (out, o, entry_of, paths, names->n);
  free (entry_of);
  struct sepm_entry_check how = { .ref = ref, .map = installed_type, .map_arg = names, .blocks = blocks };
  sepm_image_policy_check_entries (o->img, o->files, o->entries, o->n_entries, out->results, out->n_results, &how,
                            &out->image);
  rc = 0;
done:
  free (images);
  for (size_t i = 0; i < n; i++)
    free (paths[i]);
  free (paths);
  free (inputs);
  free (results);
  free (blocks);
  return rc;
}

/* Where and at which level the image is relabelled.  Resolved and checked
 * before the store changes, so that a bad path or level leaves the store,
 * the state and the root filesystem as they were. */
struct relabel_target
{
  struct sepm_install_unpack unpack;    /* a --rootfs to make (install_unpack.h) */
  char *rootfs, *level, *policy_path;
  char *file_contexts;          /* the image's labels, renamed, at LEVEL */
  struct sepm_relabel *planned; /* holds the lock beside the root filesystem */
};

static void
relabel_target_release (struct relabel_target *t)
{
  sepm_install_unpack_release (&t->unpack);
  free (t->rootfs);
  free (t->level);
  free (t->policy_path);
  free (t->file_contexts);
  sepm_relabel_release (t->planned);
  memset (t, 0, sizeof (*t));
}

/* Resolve and check the target, then plan the relabel: what would stop
 * it after the commit must stop the install while nothing of it has
 * changed, and the plan made here is the one the relabel applies (one
 * walk of the tree, not two).  Planning first finishes what a killed
 * relabel left beside the tree. */
static int
relabel_target_resolve (const struct sepm_install_request *req, const struct sepm_opened_image *o,
                        const struct sepm_install_names *names, struct relabel_target *t, sepm_error_t *err)
{
  if (!req->rootfs && !req->bundle)
    return 0;
  t->policy_path = sepm_store_ref_binary_policy (&req->store);
  if (t->policy_path == NULL)
    return sepm_error_make (err, 0, "store `%s` has no installed binary policy (etc/selinux/%s/policy/policy.N) "
                            "to check the labels against", req->store.name, req->store.name);
  if (req->bundle)
    {
      if (sepm_bundle_inspect (req->bundle, req->level ? req->level : "s0", &t->rootfs, &t->level, err) < 0)
        return -1;
      if (req->level)
        {
          free (t->level);
          t->level = xstrdup (req->level);
        }
    }
  else
    {
      /* An unpacked tree is labelled there, before it gets its name. */
      t->rootfs = xstrdup (t->unpack.staging ? t->unpack.staging : req->rootfs);
      t->level = xstrdup (req->level ? req->level : "s0");
    }
  if (sepm_relabel_check_rootfs (t->rootfs, err) < 0
      || (t->unpack.staging == NULL && sepm_relabel_check_not_bundle (t->rootfs, err) < 0)
      || sepm_relabel_check_level (t->policy_path, t->level, err) < 0)
    return -1;
  t->file_contexts = installed_file_contexts (o, names, t->level);
  if (t->unpack.staging)
    {
      char *all = sepm_install_unpack_file_contexts (t->file_contexts, t->level);
      free (t->file_contexts);
      t->file_contexts = all;
    }
  return sepm_relabel_prepare (t->rootfs, t->file_contexts, req->relabel_in_place, &t->planned, err);
}

static int
relabel (const struct sepm_install_request *req, struct relabel_target *t, struct sepm_install_report *out,
         sepm_error_t *err)
{
  /* Every label must be valid in the policy just installed.  A tree
   * unpacked here is labelled where it was built, then moved. */
  if (sepm_relabel_run (t->planned, t->policy_path, &out->relabelled, err) < 0)
    return -1;
  if (t->unpack.staging)
    {
      if (sepm_install_unpack_finish (&t->unpack, err) < 0)
        return -1;
      out->unpacked = true;
      out->rootfs = xstrdup (t->unpack.target);
      out->level = xstrdup (t->level);
      return 0;
    }
  /* The container starts in container_t and moves into the module's
   * domains on exec, at the bundle's level. */
  if (req->bundle && sepm_bundle_set_labels (req->bundle, "container_t", "container_file_t", t->level, err) < 0)
    return -1;
  out->rootfs = xstrdup (t->rootfs);
  out->level = xstrdup (t->level);
  return 0;
}

/* Which templates the modules are verified and installed with: ours,
 * unless the store's are as new.  Sets INSTALL when ours must go in. */
static int
choose_templates (struct sepm_policy_source *policy, struct sepm_store_tx *tx, bool *install, char **ours,
                  size_t *ours_len, sepm_error_t *err)
{
  size_t store_len = 0;
  cleanup_free char *in_store = sepm_store_tx_module_cil (tx, SEPM_TEMPLATES_MODULE, &store_len);
  const char *path = policy->system.templates_path;

  *install = false;
  /* Read once: the verification compiles this text, and this text is
   * what is installed. */
  if (path && sepm_read_file (path, SEPM_TEMPLATES_MAX, ours, ours_len, err) < 0)
    {
      /* Templates asked for by name must be there; sepm's own may be
       * missing, and then the store's (if any) are used. */
      if (policy->explicit_templates)
        return sepm_error_wrap (err, "read the policy templates");
      sepm_error_release (err);
      path = NULL;
    }
  if (path == NULL)
    {
      policy->system.templates_path = NULL;
      return 0;
    }
  policy->system.templates_text = *ours;
  policy->system.templates_len = *ours_len;
  /* Verification always uses the file (the store's copy is left out
   * with the other sepm modules); only an older copy is replaced. */
  if (in_store && templates_revision (in_store) >= templates_revision (*ours))
    return 0;
  *install = true;
  return 0;
}

int
sepm_install (struct sepm_policy_source *policy, const struct sepm_install_request *req,
              struct sepm_install_report *out, sepm_error_t *err)
{
  struct sepm_store_state st = { .lock_fd = -1 };
  struct sepm_opened_image o = { 0 };
  struct sepm_install_names names = { 0 };
  struct sepm_install_context others = { 0 };
  struct relabel_target target = { .unpack.parent_fd = -1, .unpack.wrapper_fd = -1 };
  struct sepm_store_tx *tx = NULL;
  cleanup_free char *templates = NULL;
  char **exclude = NULL;
  size_t n_exclude = 0, templates_len = 0;
  bool install_templates = false;
  int rc = -1;

  memset (out, 0, sizeof (*out));
  /* The inputs first: a bad image, path or level leaves no trace, not
   * even the lock file. */
  if ((req->rootfs && sepm_install_unpack_begin (req->rootfs, &target.unpack, err) < 0)
      || sepm_opened_image_open_unpack (req->image, req->registry, target.unpack.unpack, &o, err) < 0
      || (target.unpack.unpack && sepm_install_unpack_complete (&target.unpack, err) < 0)
      || sepm_install_names_compute (o.entries, o.n_entries, &names, err) < 0)
    goto done;
  if (names.n == 0)
    {
      sepm_error_make (err, 0, "`%s` carries no sepm policy (no " SEPM_POLICY_LABEL_PREFIX "N label)", req->image);
      goto done;
    }
  out->image_id = image_id (o.img, &names);
  /* The host verifies against the store it installs into, never a
   * binary or shipped base policy. */
  policy->system.policy_file = NULL;
  policy->base = NULL;
  policy->system.store = &req->store;
  if (relabel_target_resolve (req, &o, &names, &target, err) < 0
      || sepm_store_state_open (&req->store, &st, err) < 0 || sepm_policy_source_resolve (policy, err) < 0
      || sepm_install_context_check_settings (&req->store, err) < 0 || begin (req, &tx, err) < 0)
    goto done;

  exclude = sepm_store_tx_modules_with_prefix (tx, SEPM_INSTALL_PREFIX, &n_exclude);
  if (sepm_install_context_load (tx, &st, exclude, n_exclude, &names, out->image_id, &others, err) < 0)
    goto done;
  if (choose_templates (policy, tx, &install_templates, &templates, &templates_len, err) < 0)
    goto done;
  if (!install_templates && sepm_store_tx_has_module (tx, SEPM_TEMPLATES_MODULE))
    {
      /* The store's templates stay: they are what the modules will be
       * compiled with, so they are what they are verified with. */
      policy->system.templates_path = NULL;
      policy->system.templates_text = NULL;
    }
  if (policy->system.templates_path == NULL)
    for (size_t i = 0; i < n_exclude; i++)
      if (strcmp (exclude[i], SEPM_TEMPLATES_MODULE) == 0)
        {
          free (exclude[i]);
          exclude[i] = exclude[--n_exclude];
          exclude[n_exclude] = NULL;
          break;
        }
  policy->system.exclude_modules = (const char *const *) exclude;
  policy->system.n_exclude_modules = n_exclude;
  sepm_progress ("verifying %s against the store it installs into", req->image);
  if (verify_renamed (policy, &o, &names, &others, req->image, &out->checked, err) < 0)
    goto done;
  if (req->werror)
    sepm_image_report_promote_warnings (&out->checked);
  if (!sepm_image_report_admitted (&out->checked))
    {
      rc = 0;
      goto done;
    }

  for (size_t i = 0; i < names.n; i++)
    if (sepm_store_tx_has_module (tx, names.modules[i].installed_name))
      push (&out->shared, &out->n_shared, names.modules[i].installed_name);
    else if (sepm_store_tx_install (tx, names.modules[i].installed_name, names.modules[i].cil,
                                    names.modules[i].cil_len, err) < 0)
      goto done;
    else
      push (&out->installed, &out->n_installed, names.modules[i].installed_name);
  if (install_templates
      && sepm_store_tx_install (tx, SEPM_TEMPLATES_MODULE, templates, templates_len, err) < 0)
    goto done;
  out->templates_installed = install_templates;
  if (out->n_installed || install_templates || sepm_store_tx_must_commit (tx))
    {
      struct sepm_store_tx *t = tx;
      tx = NULL;
      sepm_progress ("committing %zu module%s in one libsemanage transaction (it rebuilds the kernel policy)",
                     out->n_installed + install_templates, out->n_installed + install_templates == 1 ? "" : "s");
      if (sepm_store_tx_commit (t, err) < 0)
        goto done;
    }

  struct sepm_store_state_image *known = sepm_store_state_find (&st, out->image_id);
  out->unchanged = known && !out->n_installed && !install_templates;
  for (size_t e = 0; e < o.n_entries; e++)
    if (o.entries[e].entrypoint)
      {
        free (out->entrypoint);
        out->entrypoint = sepm_install_names_type (&names, o.entries[e].entrypoint);
      }
  free (out->checked.entrypoint);
  out->checked.entrypoint = out->entrypoint ? xstrdup (out->entrypoint) : NULL;
  struct sepm_store_state_image rec = { .id = xstrdup (out->image_id), .reference = xstrdup (req->image),
                                  .entrypoint = out->entrypoint ? xstrdup (out->entrypoint) : NULL };
  rec.modules = xcalloc (names.n + 1, sizeof (char *));
  for (size_t i = 0; i < names.n; i++)
    rec.modules[rec.n_modules++] = xstrdup (names.modules[i].installed_name);
  sepm_store_state_put (&st, &rec);
  if (sepm_store_state_save (&st, err) < 0)
    {
      sepm_error_wrap (err, "the modules are installed but not recorded; run sepm-install again to record them");
      goto done;
    }

  if (target.rootfs)
    {
      sepm_progress ("relabelling %s", target.rootfs);
      if (relabel (req, &target, out, err) < 0)
        {
          sepm_error_wrap (err, "the policy is installed, but relabelling failed; fix the cause and run "
                           "sepm-install again to finish");
          goto done;
        }
    }
  rc = 0;
done:
  /* It pointed at TEMPLATES, freed on return. */
  policy->system.templates_text = NULL;
  sepm_store_tx_abort (tx);
  relabel_target_release (&target);
  for (size_t i = 0; exclude && exclude[i]; i++)
    free (exclude[i]);
  free (exclude);
  sepm_install_context_release (&others);
  sepm_install_names_release (&names);
  sepm_opened_image_close (&o);
  sepm_store_state_close (&st);
  if (rc < 0)
    sepm_install_report_release (out);
  return rc;
}

void
sepm_install_report_release (struct sepm_install_report *r)
{
  sepm_image_report_release (&r->checked);
  free (r->image_id);
  free_list (r->installed, r->n_installed);
  free_list (r->shared, r->n_shared);
  free (r->entrypoint);
  free (r->rootfs);
  free (r->level);
  memset (r, 0, sizeof (*r));
}

int
sepm_install_remove (const struct sepm_install_request *req, char ***removed, size_t *n_removed, sepm_error_t *err)
{
  struct sepm_store_state st = { .lock_fd = -1 };
  struct sepm_store_tx *tx = NULL;
  struct sepm_store_state_image *im;
  int rc = -1;

  *removed = NULL;
  *n_removed = 0;
  if (sepm_store_state_open (&req->store, &st, err) < 0)
    goto done;
  /* An image that can still be read is found by the id it installs as
   * (a reference may have named other images since); otherwise by a
   * listed id or reference. */
  struct sepm_opened_image o = { 0 };
  struct sepm_install_names names = { 0 };
  sepm_error_t ignored = NULL;
  im = NULL;
  if (sepm_opened_image_open (req->image, req->registry, &o, &ignored) == 0
      && sepm_install_names_compute (o.entries, o.n_entries, &names, &ignored) == 0)
    {
      cleanup_free char *id = image_id (o.img, &names);
      im = sepm_store_state_find (&st, id);
    }
  sepm_error_release (&ignored);
  sepm_install_names_release (&names);
  sepm_opened_image_close (&o);
  if (im == NULL)
    im = sepm_store_state_find (&st, req->image);
  if (im == NULL)
    {
      sepm_error_make (err, 0, "`%s` is not installed in store `%s` (sepm-install --list shows what is)",
                       req->image, req->store.name);
      goto done;
    }
  if (begin (req, &tx, err) < 0)
    goto done;
  for (size_t i = 0; i < im->n_modules; i++)
    /* A module another image uses stays; one already gone (a run killed
     * after its commit) needs nothing. */
    if (sepm_store_state_users (&st, im->modules[i]) == 1 && sepm_store_tx_has_module (tx, im->modules[i]))
      {
        if (sepm_store_tx_remove (tx, im->modules[i], err) < 0)
          goto done;
        push (removed, n_removed, im->modules[i]);
      }
  if (st.n_images == 1 && sepm_store_tx_has_module (tx, SEPM_TEMPLATES_MODULE))
    {
      if (sepm_store_tx_remove (tx, SEPM_TEMPLATES_MODULE, err) < 0)
        goto done;
      push (removed, n_removed, SEPM_TEMPLATES_MODULE);
    }
  if (*n_removed || sepm_store_tx_must_commit (tx))
    {
      struct sepm_store_tx *t = tx;
      tx = NULL;
      sepm_progress ("removing %zu module%s in one libsemanage transaction (it rebuilds the kernel policy)",
                     *n_removed, *n_removed == 1 ? "" : "s");
      if (sepm_store_tx_commit (t, err) < 0)
        goto done;
    }
  sepm_store_state_drop (&st, im);
  if (sepm_store_state_save (&st, err) < 0)
    goto done;
  rc = 0;
done:
  sepm_store_tx_abort (tx);
  sepm_store_state_close (&st);
  if (rc < 0)
    {
      free_list (*removed, *n_removed);
      *removed = NULL;
      *n_removed = 0;
    }
  return rc;
}

int
sepm_install_list (const struct sepm_install_request *req, struct sepm_store_state *out, sepm_error_t *err)
{
  if (sepm_store_state_read (&req->store, out, err) < 0)
    {
      sepm_store_state_close (out);
      return -1;
    }
  return 0;
}
