#include <config.h>
#include "build.h"

#include <string.h>

#include "image.h"
#include "image_policy.h"
#include "labels.h"
#include "cil_canonical.h"
#include "module_filecons.h"
#include "image_label.h"
#include "util.h"

/* A module is a few KiB of CIL; a labels file a few hundred lines. */
#define MAX_MODULE_BYTES (1u << 20)
#define MAX_LABELS_BYTES (1u << 20)

/* Read the new modules, taking their filecon statements out into
 * MOVED[i], one set per module so that findings name the module's file. */
static int
read_new_modules (const struct sepm_build_request *req, char ***texts, struct sepm_module_input *inputs,
                  struct sepm_labels **moved, sepm_error_t *err)
{
  *texts = xcalloc (req->n_modules + 1, sizeof (char *));
  *moved = xcalloc (req->n_modules + 1, sizeof (**moved));
  for (size_t i = 0; i < req->n_modules; i++)
    {
      const char *path = req->module_paths[i];
      size_t len = 0;
      if (sepm_read_file (path, MAX_MODULE_BYTES, &(*texts)[i], &len, err) < 0
          || sepm_module_filecons_take (path, (*texts)[i], len, &(*moved)[i], err) < 0
          || sepm_labels_check_regex (path, &(*moved)[i], err) < 0)
        return -1;
      /* What is embedded is the canonical form (cil_canonical.h), the one
       * every later reader verifies; a text that has none is left as it
       * is, for the verifier to refuse with its line. */
      char *canon = NULL;
      size_t canon_len = 0;
      unsigned line = 0;
      sepm_error_t ignored = NULL;
      if (sepm_cil_canonical (path, (*texts)[i], len, &canon, &canon_len, &line, &ignored) == 0)
        {
          free ((*texts)[i]);
          (*texts)[i] = canon;
          len = canon_len;
        }
      sepm_error_release (&ignored);
      inputs[i] = (struct sepm_module_input) { path, (*texts)[i], len, false };
    }
  return 0;
}

/* The entry's labels: the labels file's, then each module's filecons. */
static int
merge_labels (const struct sepm_labels *file, const struct sepm_labels *moved, size_t n_modules,
              struct sepm_labels *out, sepm_error_t *err)
{
  memset (out, 0, sizeof (*out));
  for (size_t m = 0; m <= n_modules; m++)
    if (sepm_labels_append (out, m == 0 ? file : &moved[m - 1], NULL, NULL) < 0)
      {
        sepm_labels_release (out);
        return sepm_error_make (err, 0, "the labels file and the modules' filecons give more than %d labels",
                                SEPM_LABELS_MAX_COUNT);
      }
  return 0;
}

static int
read_labels (const char *path, struct sepm_labels *labels, sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0;

  memset (labels, 0, sizeof (*labels));
  if (path == NULL)
    return 0;
  if (sepm_read_file (path, MAX_LABELS_BYTES, &text, &len, err) < 0
      || sepm_labels_parse (path, text, len, labels, err) < 0
      || sepm_labels_check_regex (path, labels, err) < 0)
    return -1;
  return 0;
}

static int
encode_entry (const struct sepm_opened_image *o, const struct sepm_build_request *req, struct sepm_module_result *fresh,
              char **texts, const struct sepm_labels *labels, struct sepm_image_report *out, sepm_error_t *err)
{
  struct sepm_policy_entry e = { .entrypoint = (char *) req->entrypoint };
  unsigned next = 0;
  int rc;

  for (size_t i = 0; i < o->n_entries; i++)
    next = o->entries[i].index >= next ? o->entries[i].index + 1 : next;
  e.index = next;
  e.n_diff_ids = o->img->n_layers;
  e.diff_ids = xcalloc (e.n_diff_ids + 1, sizeof (char *));
  for (size_t i = 0; i < e.n_diff_ids; i++)
    e.diff_ids[i] = o->img->layers[i].diff_id;
  e.n_modules = req->n_modules;
  e.modules = xcalloc (e.n_modules + 1, sizeof (*e.modules));
  for (size_t i = 0; i < e.n_modules; i++)
    e.modules[i] = (struct sepm_policy_module) { fresh[i].name, texts[i], strlen (texts[i]) };
  e.labels = *labels;
  rc = sepm_image_label_encode (&e, &out->label_value, err);
  out->label_key = xasprintf (SEPM_POLICY_LABEL_PREFIX "%u", next);
  /* Everything in e is borrowed. */
  free (e.diff_ids);
  free (e.modules);
  return rc;
}

/* Whether F has X's rule and message at X's severity or above: dropping
 * such a copy never softens a verdict. */
static bool
reported_already (const struct sepm_findings *f, const struct sepm_finding *x)
{
  bool x_warns = sepm_str_same (x->severity, "warning");
  for (size_t i = 0; i < f->n; i++)
    if (strcmp (f->items[i].rule_id, x->rule_id) == 0 && sepm_str_same (f->items[i].message, x->message)
        && (x_warns || !sepm_str_same (f->items[i].severity, "warning")))
      return true;
  return false;
}

/* The image as it will be written, checked the way sepm-verify and
 * sepm-install check it: every entry, the new one decoded from the label
 * value about to be written (so the bytes checked are the bytes
 * written), with the inherited entries against the image's files as they
 * are now.  A base image's labels that a later layer broke (a labelled
 * file turned into a link) are found here, not at the registry. */
static int
check_written_image (const struct sepm_opened_image *o, const struct sepm_build_request *req,
                     struct sepm_image_report *out, sepm_error_t *err)
{
  struct sepm_policy_entry *all = xcalloc (o->n_entries + 2, sizeof (*all));
  struct sepm_entry_check how = { .ref = req->dest ? req->dest : req->source };
  int rc;

  memcpy (all, o->entries, o->n_entries * sizeof (*all));
  rc = sepm_image_label_decode (out->label_key, out->label_value, &all[o->n_entries], err);
  /* A field that does not decode was refused already (an entry domain of
   * the system, say): the label is never written, and the findings say why. */
  if (rc < 0 && !sepm_image_report_admitted (out))
    {
      sepm_error_release (err);
      free (all);
      return 0;
    }
  if (rc == 0)
    {
      /* The new entry's labels were checked once already, named by the
       * labels file and its lines: report only what the read-back adds. */
      struct sepm_findings back = { 0 };
      sepm_image_policy_check_entries (o->img, o->files, all, o->n_entries + 1, out->results, out->n_results, &how,
                                       &back);
      for (size_t i = 0; i < back.n; i++)
        if (!reported_already (&out->image, &back.items[i]))
          sepm_findings_copy (&out->image, &back.items[i], back.items[i].file);
      out->image.omitted += back.omitted;
      sepm_findings_release (&back);
      sepm_image_label_release (&all[o->n_entries]);
    }
  free (all);
  return rc < 0 ? sepm_error_wrap (err, "read back the policy label about to be written") : 0;
}

static bool
is_read_only (const char *ref)
{
  return sepm_str_has_prefix (ref, "docker://") || sepm_str_has_prefix (ref, "containers-storage:");
}

/* With --dockerfile, SOURCE is the Containerfile's FROM image: a file
 * the Containerfile adds is not in it yet, so say which path works. */
static void
explain_dockerfile_paths (struct sepm_findings *f)
{
  for (size_t i = 0; i < f->n; i++)
    if (strcmp (f->items[i].rule_id, "labels.path") == 0 && strstr (f->items[i].message, "does not exist"))
      {
        free (f->items[i].hint);
        f->items[i].hint = xstrdup ("--dockerfile checks the labels against SOURCE, the FROM image, and the "
                                    "Containerfile's own files are not in it yet. Build first, then run "
                                    "sepm-build on the result (`buildah push IMAGE oci:DIR:TAG`; "
                                    "docs/image-format.md, \"Containerfiles\").");
      }
}

int
sepm_build (struct sepm_system_policy *sys, const struct sepm_profile *profile,
            const struct sepm_build_request *req, struct sepm_image_report *out, sepm_error_t *err)
{
  struct sepm_opened_image o;
  struct sepm_image_modules inherited = { 0 };
  struct sepm_module_input *inputs = NULL;
  struct sepm_labels labels = { 0 }, file_labels = { 0 }, *moved = NULL;
  char **texts = NULL;
  size_t n_all = 0;
  int rc = -1;

  memset (out, 0, sizeof (*out));
  if (req->n_modules == 0)
    return sepm_error_make (err, 0, "no module given; name one with --module FILE.cil");
  /* A registry is read for --dockerfile, and a container store is read
   * as a SOURCE with a layout DEST; neither is ever written: refuse
   * before any work. */
  if (req->dest && is_read_only (req->dest))
    {
      sepm_error_make (err, 0, "`%s`: sepm-build never writes to a registry or a container store", req->dest);
      return sepm_error_set_hint (err, "Write an oci:DIR:TAG and copy it on with `skopeo copy oci:DIR:TAG %s`.",
                                  req->dest);
    }
  if (!req->dockerfile && sepm_str_has_prefix (req->source, "docker://"))
    {
      sepm_error_make (err, 0, "`%s`: sepm-build reads a registry only with --dockerfile", req->source);
      return sepm_error_set_hint (err, "Copy the image with `skopeo copy %s oci:DIR:TAG`, build there, "
                                  "then push it with skopeo copy.", req->source);
    }
  if (!req->dockerfile && is_read_only (req->source) && req->dest == NULL)
    {
      sepm_error_make (err, 0, "`%s` cannot be changed in place: sepm-build never writes to a container store",
                       req->source);
      return sepm_error_set_hint (err, "Give a layout to write (sepm-build ... %s oci:DIR:TAG), then copy it on "
                                  "with skopeo copy; or print a LABEL line with --dockerfile.", req->source);
    }
  if (sepm_opened_image_open (req->source, req->registry, &o, err) < 0 || read_labels (req->labels_path, &file_labels, err) < 0)
    goto done;

  /* The base layers' modules first, then the new ones: all verified together. */
  sepm_image_modules_collect (req->source, o.entries, o.n_entries, &inherited);
  n_all = inherited.n + req->n_modules;
  inputs = xcalloc (n_all + 1, sizeof (*inputs));
  memcpy (inputs, inherited.inputs, inherited.n * sizeof (*inputs));
  if (read_new_modules (req, &texts, inputs + inherited.n, &moved, err) < 0
      || merge_labels (&file_labels, moved, req->n_modules, &labels, err) < 0)
    goto done;
  out->results = xcalloc (n_all + 1, sizeof (*out->results));
  if (sepm_verify_modules (sys, profile, inputs, n_all, out->results, err) < 0)
    goto done;
  out->n_results = n_all;
  /* New labels may name only the new modules' file types, and the entry
   * domain may be any module's, a base image's included. */
  sepm_image_policy_check_labels (&file_labels, req->labels_path ? req->labels_path : "labels",
                     out->results + inherited.n, req->n_modules, o.files, &out->image);
  for (size_t i = 0; i < req->n_modules; i++)
    sepm_image_policy_check_labels (&moved[i], req->module_paths[i], out->results + inherited.n, req->n_modules,
                       o.files, &out->image);
  sepm_image_policy_check_entrypoint (req->entrypoint, "--entrypoint", out->results, n_all, &out->image);
  out->entrypoint = req->entrypoint ? xstrdup (req->entrypoint) : NULL;

  /* The image-level checks run even when a module was refused, so that
   * every finding is reported at once; nothing is written unless all pass. */
  if (encode_entry (&o, req, out->results + inherited.n, texts, &labels, out, err) < 0
      || check_written_image (&o, req, out, err) < 0)
    goto done;
  if (req->dockerfile)
    explain_dockerfile_paths (&out->image);
  if (req->werror)
    sepm_image_report_promote_warnings (out);
  if (sepm_image_report_admitted (out))
    {
      if (!req->dockerfile)
        {
          json_t *add = json_pack ("{s:s}", out->label_key, out->label_value);
          int w = sepm_image_write_labels (o.img, add, req->dest, &out->manifest_digest, &out->written, err);
          json_decref (add);
          if (w < 0)
            goto done;
        }
    }
  rc = 0;
done:
  for (size_t i = 0; texts && i < req->n_modules; i++)
    free (texts[i]);
  free (texts);
  free (inputs);
  sepm_labels_release (&labels);
  sepm_labels_release (&file_labels);
  for (size_t i = 0; moved && i < req->n_modules; i++)
    sepm_labels_release (&moved[i]);
  free (moved);
  sepm_image_modules_release (&inherited);
  sepm_opened_image_close (&o);
  if (rc < 0)
    sepm_image_report_release (out);
  return rc;
}
