#include <config.h>
#include "image_verify.h"

#include <string.h>

#include "image_policy.h"
#include "util.h"

void
sepm_image_report_describe (struct sepm_image_report *out, const struct sepm_opened_image *o,
                            const size_t *entry_of, char *const *names, size_t n)
{
  out->n_layers = o->img->n_layers;
  out->layers = xcalloc (out->n_layers + 1, sizeof (*out->layers));
  for (size_t i = 0; i < out->n_layers; i++)
    {
      size_t k = 0;
      out->layers[i].diff_id = xstrdup (o->img->layers[i].diff_id);
      out->layers[i].modules = xcalloc (n + 1, sizeof (char *));
      for (size_t m = 0; m < n; m++)
        if (o->entries[entry_of[m]].n_diff_ids == i + 1)
          out->layers[i].modules[k++] = xstrdup (names[m]);
    }
  if (out->manifest_digest == NULL && o->img->manifest_digest && *o->img->manifest_digest)
    out->manifest_digest = xstrdup (o->img->manifest_digest);
}

int
sepm_image_verify (struct sepm_system_policy *sys, const struct sepm_profile *profile, const char *ref,
                   const struct sepm_registry_options *registry, struct sepm_image_report *out, sepm_error_t *err)
{
  struct sepm_opened_image o;
  struct sepm_image_modules mods = { 0 };
  int rc = -1;

  memset (out, 0, sizeof (*out));
  if (sepm_opened_image_open (ref, registry, &o, err) < 0)
    goto done;
  sepm_image_modules_collect (ref, o.entries, o.n_entries, &mods);
  out->results = xcalloc (mods.n + 1, sizeof (*out->results));
  if (mods.n && sepm_verify_modules (sys, profile, mods.inputs, mods.n, out->results, err) < 0)
    goto done;
  out->n_results = mods.n;
  sepm_image_report_describe (out, &o, mods.entry_of, mods.names, mods.n);
  struct sepm_entry_check how = { .ref = ref };
  sepm_image_policy_check_entries (o.img, o.files, o.entries, o.n_entries, out->results, out->n_results, &how,
                            &out->image);
  for (size_t i = 0; i < o.n_entries; i++)
    if (o.entries[i].entrypoint)
      {
        free (out->entrypoint);
        out->entrypoint = xstrdup (o.entries[i].entrypoint);
      }
  rc = 0;
done:
  sepm_image_modules_release (&mods);
  sepm_opened_image_close (&o);
  return rc;
}

bool
sepm_image_report_admitted (const struct sepm_image_report *r)
{
  if (sepm_findings_errors (&r->image))
    return false;
  for (size_t i = 0; i < r->n_results; i++)
    if (sepm_findings_errors (&r->results[i].findings))
      return false;
  return true;
}

void
sepm_image_report_promote_warnings (struct sepm_image_report *r)
{
  sepm_findings_promote_warnings (&r->image);
  for (size_t i = 0; i < r->n_results; i++)
    sepm_findings_promote_warnings (&r->results[i].findings);
}

void
sepm_image_report_release (struct sepm_image_report *r)
{
  for (size_t i = 0; i < r->n_results; i++)
    sepm_module_result_release (&r->results[i]);
  free (r->results);
  sepm_findings_release (&r->image);
  for (size_t i = 0; i < r->n_layers; i++)
    {
      for (char **m = r->layers[i].modules; m && *m; m++)
        free (*m);
      free (r->layers[i].modules);
      free (r->layers[i].diff_id);
    }
  free (r->layers);
  free (r->entrypoint);
  free (r->label_key);
  free (r->label_value);
  free (r->manifest_digest);
  free (r->written);
  memset (r, 0, sizeof (*r));
}
