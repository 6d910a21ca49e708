/* Writing an image with new config labels.  The config, then the
 * manifest, are written as new blobs; index.json is replaced last, by an
 * atomic rename, so an interrupted write leaves the old image intact.
 * JSON is written with sorted keys and no spaces: the same inputs give the
 * same digests. */
#include <config.h>
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "util.h"

#define OCI_REF_NAME "org.opencontainers.image.ref.name"

static char *
canonical_json (json_t *doc)
{
  return json_dumps (doc, JSON_COMPACT | JSON_SORT_KEYS);
}

static int
write_blob (const char *layout, const char *data, size_t len, char **digest, sepm_error_t *err)
{
  char hex[65];
  cleanup_free char *dir = xasprintf ("%s/blobs/sha256", layout);
  cleanup_free char *path = NULL;
  struct stat st;

  sepm_sha256_hex (data, len, hex);
  path = xasprintf ("%s/%s", dir, hex);
  *digest = xasprintf ("sha256:%s", hex);
  /* Content-addressed: an existing blob of that name already has these bytes. */
  if (stat (path, &st) == 0 && (size_t) st.st_size == len)
    return 0;
  if (sepm_mkdir_p (dir, 0755, err) < 0 || sepm_write_file_atomic (path, data, len, err) < 0)
    return sepm_error_wrap (err, "write blob %s", *digest);
  return 0;
}

static int
copy_file (const char *from, const char *to, sepm_error_t *err)
{
  cleanup_close int in = open (from, O_RDONLY | O_CLOEXEC);
  cleanup_free char *tmp = xasprintf ("%s.tmp.%d", to, (int) getpid ());
  cleanup_close int out = -1;
  char buf[65536];
  ssize_t n;

  if (link (from, to) == 0 || errno == EEXIST)
    return 0;
  if (in < 0)
    return sepm_make_error (err, errno, "open `%s`", from);
  out = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0)
    return sepm_make_error (err, errno, "create `%s`", tmp);
  while ((n = read (in, buf, sizeof (buf))) > 0)
    if (write (out, buf, n) != n)
      {
        unlink (tmp);
        return sepm_make_error (err, errno, "write `%s`", tmp);
      }
  if (n < 0 || fsync (out) < 0 || rename (tmp, to) < 0)
    {
      unlink (tmp);
      return sepm_make_error (err, errno, "copy `%s` to `%s`", from, to);
    }
  return 0;
}

/* A new layout at DEST holding the blobs IMG's manifest uses. */
static int
prepare_destination (const struct sepm_image *img, const char *dest, sepm_error_t *err)
{
  static const char oci_layout[] = "{\"imageLayoutVersion\":\"1.0.0\"}";
  cleanup_free char *blobs = xasprintf ("%s/blobs/sha256", dest);
  cleanup_free char *marker = xasprintf ("%s/oci-layout", dest);

  if (sepm_mkdir_p (blobs, 0755, err) < 0 || sepm_write_file_atomic (marker, oci_layout, strlen (oci_layout), err) < 0)
    return -1;
  for (size_t i = 0; i < img->n_layers; i++)
    {
      cleanup_free char *from = xasprintf ("%s/blobs/sha256/%s", img->layout, img->layers[i].digest + 7);
      cleanup_free char *to = xasprintf ("%s/%s", blobs, img->layers[i].digest + 7);
      if (copy_file (from, to, err) < 0)
        return -1;
    }
  return 0;
}

int
sepm_image_write_labels (struct sepm_image *img, json_t *labels, const char *dest,
                         char **manifest_digest, sepm_error_t *err)
{
  struct sepm_image_ref dref = { 0 };
  json_t *config = json_deep_copy (img->config), *manifest = json_deep_copy (img->manifest), *index = NULL;
  json_t *cfg, *lbl, *desc;
  cleanup_free char *config_text = NULL;
  cleanup_free char *manifest_text = NULL;
  cleanup_free char *index_text = NULL;
  cleanup_free char *config_digest = NULL;
  cleanup_free char *index_path = NULL;
  const char *layout = img->layout, *tag = img->ref.tag, *key;
  json_t *value;
  int rc = -1;

  if (dest)
    {
      if (sepm_image_ref_parse (dest, &dref, err) < 0)
        goto out;
      if (dref.transport != SEPM_TRANSPORT_OCI)
        {
          sepm_make_error (err, 0, "`%s`: only an oci: destination is supported in this version", dest);
          goto out;
        }
      layout = dref.path;
      tag = dref.tag ? dref.tag : img->ref.tag;
      if (prepare_destination (img, layout, err) < 0)
        goto out;
    }

  cfg = json_object_get (config, "config");
  if (!json_is_object (cfg))
    json_object_set_new (config, "config", cfg = json_object ());
  lbl = json_object_get (cfg, "Labels");
  if (!json_is_object (lbl))
    json_object_set_new (cfg, "Labels", lbl = json_object ());
  json_object_foreach (labels, key, value)
    json_object_set (lbl, key, value);
  config_text = canonical_json (config);
  if (strlen (config_text) > SEPM_IMAGE_MAX_JSON)
    {
      sepm_make_error (err, 0, "the new config would have %zu bytes, over the %u that registries accept",
                       strlen (config_text), SEPM_IMAGE_MAX_JSON);
      goto out;
    }
  if (write_blob (layout, config_text, strlen (config_text), &config_digest, err) < 0)
    goto out;

  desc = json_object_get (manifest, "config");
  json_object_set_new (desc, "digest", json_string (config_digest));
  json_object_set_new (desc, "size", json_integer (strlen (config_text)));
  manifest_text = canonical_json (manifest);
  if (write_blob (layout, manifest_text, strlen (manifest_text), manifest_digest, err) < 0)
    goto out;

  if (dest)
    {
      index = json_pack ("{s:i, s:[{s:s, s:s, s:I}]}", "schemaVersion", 2, "manifests",
                         "mediaType", json_string_value (json_object_get (img->manifest, "mediaType")) ?: "application/vnd.oci.image.manifest.v1+json",
                         "digest", *manifest_digest, "size", (json_int_t) strlen (manifest_text));
      if (tag)
        json_object_set_new (json_array_get (json_object_get (index, "manifests"), 0), "annotations",
                             json_pack ("{s:s}", OCI_REF_NAME, tag));
    }
  else
    {
      index = json_deep_copy (img->index);
      desc = json_array_get (json_object_get (index, "manifests"), img->manifest_slot);
      json_object_set_new (desc, "digest", json_string (*manifest_digest));
      json_object_set_new (desc, "size", json_integer (strlen (manifest_text)));
    }
  index_text = canonical_json (index);
  index_path = xasprintf ("%s/index.json", layout);
  /* The switch: until this rename the old image is the image. */
  if (sepm_write_file_atomic (index_path, index_text, strlen (index_text), err) < 0)
    goto out;
  rc = 0;
out:
  if (rc < 0 && *manifest_digest)
    {
      free (*manifest_digest);
      *manifest_digest = NULL;
    }
  json_decref (config);
  json_decref (manifest);
  json_decref (index);
  sepm_image_ref_release (&dref);
  return rc;
}
