#include <config.h>
#include "harbor_report.h"

#include <string.h>

#include "registry_manifest.h"
#include "util.h"

json_t *
sepm_harbor_report_metadata (void)
{
  return json_pack ("{s:{s:s, s:s, s:s}, s:[{s:s, s:[s, s], s:[s, s]}], s:{s:s}}",
                    "scanner", "name", "sepm", "vendor", "sepm", "version", PACKAGE_VERSION,
                    "capabilities", "type", "vulnerability",
                    "consumes_mime_types", SEPM_MT_OCI_MANIFEST, SEPM_MT_DOCKER_MANIFEST,
                    "produces_mime_types", SEPM_MT_HARBOR_REPORT, SEPM_MT_SEPM_REPORT,
                    "properties", "harbor.scanner-adapter/scanner-type", "selinux-policy-admission");
}

json_t *
sepm_harbor_report_error (const char *message)
{
  return json_pack ("{s:{s:s}}", "error", "message", message);
}

/* The layer (diff_id) whose entry brought the module FILE, or NULL. */
static const char *
layer_of (json_t *image, const char *file)
{
  json_t *layer, *m;
  size_t i, j;

  if (file == NULL)
    return NULL;
  json_array_foreach (json_object_get (image, "layers"), i, layer)
    json_array_foreach (json_object_get (layer, "modules"), j, m)
      if (json_is_string (m) && strcmp (json_string_value (m), file) == 0)
        return json_string_value (json_object_get (layer, "diff_id"));
  return NULL;
}

static void
add_items (json_t *vulns, json_t *findings, const char *package, json_t *image, const char *fallback_version,
           bool *critical)
{
  json_t *f;
  size_t i;

  json_array_foreach (findings, i, f)
    {
      const char *rule = json_string_value (json_object_get (f, "rule"));
      const char *severity = json_string_value (json_object_get (f, "severity"));
      const char *message = json_string_value (json_object_get (f, "message"));
      const char *file = json_string_value (json_object_get (f, "file"));
      const char *hint = json_string_value (json_object_get (f, "hint"));
      json_t *line = json_object_get (f, "line");
      const char *version = layer_of (image, file);
      bool warning = severity && strcmp (severity, "warning") == 0;
      struct sepm_buf d = { 0 };

      if (file)
        {
          sepm_buf_puts (&d, file);
          if (json_is_integer (line))
            {
              cleanup_free char *n = xasprintf (":%lld", (long long) json_integer_value (line));
              sepm_buf_puts (&d, n);
            }
          sepm_buf_puts (&d, ": ");
        }
      sepm_buf_puts (&d, message ? message : "");
      if (hint)
        {
          sepm_buf_puts (&d, " Hint: ");
          sepm_buf_puts (&d, hint);
        }
      *critical = *critical || !warning;
      json_array_append_new (vulns, json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:[]}", "id", rule ? rule : "unknown",
                                               "package", package, "version", version ? version : fallback_version,
                                               "fix_version", "", "severity", warning ? "Low" : "Critical",
                                               "description", d.data ? d.data : "", "links"));
      free (d.data);
    }
}

json_t *
sepm_harbor_report_new (const struct sepm_scan_request *req, json_t *sepm_report, const char *generated_at)
{
  json_t *vulns = json_array (), *image = json_object_get (sepm_report, "image"), *m;
  const char *digest = json_string_value (json_object_get (image, "manifest_digest"));
  bool critical = false;
  size_t i;

  json_array_foreach (json_object_get (sepm_report, "modules"), i, m)
    add_items (vulns, json_object_get (m, "findings"), json_string_value (json_object_get (m, "name")) ?: "module",
               image, digest ? digest : req->digest, &critical);
  add_items (vulns, json_object_get (image, "findings"), "image", image, digest ? digest : req->digest, &critical);
  /* A reject verdict with no finding that says why cannot happen; if it
   * did, the report must still not read as clean. */
  const char *verdict = json_string_value (json_object_get (sepm_report, "verdict"));
  if (verdict == NULL || strcmp (verdict, "admit") != 0)
    {
      if (!critical)
        json_array_append_new (vulns, json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:[]}", "id", "sepm.reject",
                                                 "package", "image", "version", req->digest, "fix_version", "",
                                                 "severity", "Critical", "description",
                                                 "sepm-verify rejected the image.", "links"));
      critical = true;
    }
  return json_pack ("{s:s, s:{s:s, s:s, s:s?, s:s?}, s:{s:s, s:s, s:s}, s:s, s:o}", "generated_at", generated_at,
                    "artifact", "repository", req->repository, "digest", req->digest, "tag", req->tag,
                    "mime_type", req->mime_type, "scanner", "name", "sepm", "vendor", "sepm", "version",
                    PACKAGE_VERSION, "severity", critical ? "Critical" : json_array_size (vulns) ? "Low" : "Unknown",
                    "vulnerabilities", vulns);
}
