#include <config.h>
#include "registry_manifest.h"

#include <string.h>
#include <sys/utsname.h>

#include "util.h"

/* The media type without parameters ("...+json; charset=utf-8"). */
static char *
bare_type (const char *t)
{
  if (t == NULL)
    return NULL;
  size_t n = strcspn (t, "; ");
  return xstrndup (t, n);
}

int
sepm_registry_manifest_parse (const char *bytes, size_t len, const char *content_type, json_t **doc,
                     enum sepm_manifest_kind *kind, sepm_error_t *err)
{
  json_error_t jerr;
  cleanup_free char *header_type = bare_type (content_type);
  const char *body_type;
  json_t *v;

  *doc = json_loadb (bytes, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!json_is_object (*doc))
    {
      json_decref (*doc);
      *doc = NULL;
      return sepm_error_make (err, 0, "the manifest is not a JSON object (%s)", jerr.text);
    }
  v = json_object_get (*doc, "schemaVersion");
  body_type = json_string_value (json_object_get (*doc, "mediaType"));
  if (json_is_integer (v) && json_integer_value (v) == 1)
    goto schema1;
  if (header_type && sepm_str_has_prefix (header_type, "application/vnd.docker.distribution.manifest.v1"))
    goto schema1;
  if (!json_is_integer (v) || json_integer_value (v) != 2)
    goto unknown;
  /* The body's mediaType, when present, must agree with the header's: two
   * readers of the same bytes must not disagree on what they are. */
  if (body_type && header_type && strcmp (body_type, header_type) != 0
      && !(strcmp (header_type, "application/json") == 0 || strcmp (header_type, "text/plain") == 0
           || strcmp (header_type, "application/octet-stream") == 0))
    {
      cleanup_free char *a = sepm_printable (body_type, 100);
      cleanup_free char *b = sepm_printable (header_type, 100);
      return sepm_error_make (err, 0, "the manifest says it is `%s`, the registry says `%s`", a, b);
    }
  const char *t = body_type ? body_type : header_type;
  bool has_manifests = json_object_get (*doc, "manifests") != NULL;
  bool has_layers = json_object_get (*doc, "layers") != NULL || json_object_get (*doc, "config") != NULL;
  if (has_manifests && has_layers)
    return sepm_error_make (err, 0, "the manifest is both an index (`manifests`) and an image manifest (`layers`)");
  if (t && (strcmp (t, SEPM_MT_OCI_INDEX) == 0 || strcmp (t, SEPM_MT_DOCKER_LIST) == 0))
    *kind = SEPM_MANIFEST_INDEX;
  else if (t && (strcmp (t, SEPM_MT_OCI_MANIFEST) == 0 || strcmp (t, SEPM_MT_DOCKER_MANIFEST) == 0))
    *kind = SEPM_MANIFEST_IMAGE;
  else if (t == NULL || strcmp (t, "application/json") == 0)
    /* An OCI manifest may omit mediaType: tell by its fields. */
    *kind = has_manifests ? SEPM_MANIFEST_INDEX : SEPM_MANIFEST_IMAGE;
  else
    goto unknown;
  if (*kind == SEPM_MANIFEST_INDEX ? !json_is_array (json_object_get (*doc, "manifests"))
                                   : !json_is_object (json_object_get (*doc, "config")))
    return sepm_error_make (err, 0, "the %s has no %s", *kind == SEPM_MANIFEST_INDEX ? "index" : "manifest",
                            *kind == SEPM_MANIFEST_INDEX ? "`manifests` list" : "`config` descriptor");
  return 0;

schema1:
  sepm_error_make (err, 0, "the image has a Docker schema 1 manifest, which carries no config digest "
                   "and cannot be verified");
  return sepm_error_set_hint (err, "Push the image again with a current tool (skopeo copy "
                              "--format v2s2 or --format oci).");
unknown:
  {
    cleanup_free char *shown = sepm_printable (body_type ? body_type : header_type, 100);
    return sepm_error_make (err, 0, "the manifest's type `%s` is none sepm reads (OCI manifest or index, "
                            "Docker schema 2 manifest or list)", shown);
  }
}

/* GOARCH names for uname's machine names. */
struct sepm_platform
sepm_platform_host (const char *os, const char *arch, const char *variant)
{
  static struct utsname u;
  static const struct
  {
    const char *machine, *arch, *variant;
  } names[] = {
    { "x86_64", "amd64", NULL }, { "aarch64", "arm64", NULL }, { "armv7l", "arm", "v7" },
    { "armv6l", "arm", "v6" }, { "i686", "386", NULL }, { "i386", "386", NULL },
    { "ppc64le", "ppc64le", NULL }, { "s390x", "s390x", NULL }, { "riscv64", "riscv64", NULL },
  };
  struct sepm_platform p = { os ? os : "linux", arch, variant };

  if (arch == NULL)
    {
      uname (&u);
      p.architecture = u.machine;
      for (size_t i = 0; i < sizeof (names) / sizeof (*names); i++)
        if (strcmp (u.machine, names[i].machine) == 0)
          {
            p.architecture = names[i].arch;
            if (variant == NULL)
              p.variant = names[i].variant;
          }
    }
  return p;
}

int
sepm_registry_manifest_pick (json_t *index, const struct sepm_platform *platform, const char **digest, json_int_t *size,
                 sepm_error_t *err)
{
  json_t *manifests = json_object_get (index, "manifests"), *m;
  size_t i, n = 0;
  struct sepm_buf seen = { 0 };

  *digest = NULL;
  json_array_foreach (manifests, i, m)
    {
      json_t *p = json_object_get (m, "platform");
      const char *os = json_string_value (json_object_get (p, "os"));
      const char *arch = json_string_value (json_object_get (p, "architecture"));
      const char *variant = json_string_value (json_object_get (p, "variant"));
      const char *mt = json_string_value (json_object_get (m, "mediaType"));
      if (os && arch && seen.len < 1000)
        {
          cleanup_free char *name = xasprintf ("%s%s/%s%s%s", seen.len ? ", " : "", os, arch,
                                               variant ? "/" : "", variant ? variant : "");
          cleanup_free char *shown = sepm_printable (name, 200);
          sepm_buf_puts (&seen, shown);
        }
      /* Attestations and nested indexes are not images of a platform. */
      if (mt && strcmp (mt, SEPM_MT_OCI_MANIFEST) != 0 && strcmp (mt, SEPM_MT_DOCKER_MANIFEST) != 0)
        continue;
      if (!os || !arch || strcmp (os, platform->os) != 0 || strcmp (arch, platform->architecture) != 0)
        continue;
      if (platform->variant && variant && strcmp (variant, platform->variant) != 0)
        continue;
      if (n++ == 0)
        {
          *digest = json_string_value (json_object_get (m, "digest"));
          *size = json_is_integer (json_object_get (m, "size")) ? json_integer_value (json_object_get (m, "size")) : -1;
        }
    }
  if (n == 0)
    {
      sepm_error_make (err, 0, "the index has no image for %s/%s%s%s (it has: %s)", platform->os,
                       platform->architecture, platform->variant ? "/" : "", platform->variant ? platform->variant : "",
                       seen.len ? seen.data : "none with a platform");
      free (seen.data);
      return sepm_error_set_hint (err, "Choose one with --override-os, --override-arch and --override-variant.");
    }
  free (seen.data);
  if (n > 1)
    return sepm_error_make (err, 0, "the index has %zu images for %s/%s; sepm will not guess which one a host runs",
                            n, platform->os, platform->architecture);
  /* The digest goes into a URL: only sha256:HEX, never a path. */
  if (*digest == NULL || strlen (*digest) != 71 || !sepm_str_has_prefix (*digest, "sha256:")
      || strspn (*digest + 7, "0123456789abcdef") != 64 || *size < 0)
    return sepm_error_make (err, 0, "the index's entry for %s/%s has no sha256 digest or no size", platform->os,
                            platform->architecture);
  return 0;
}
