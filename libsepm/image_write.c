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
#include <stdbool.h>
#include <unistd.h>

#include "hash.h"
#include "image_archive.h"
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
    return sepm_error_make (err, errno, "open `%s`", from);
  out = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0)
    return sepm_error_make (err, errno, "create `%s`", tmp);
  while ((n = read (in, buf, sizeof (buf))) > 0)
    if (write (out, buf, n) != n)
      {
        unlink (tmp);
        return sepm_error_make (err, errno, "write `%s`", tmp);
      }
  if (n < 0 || fsync (out) < 0 || rename (tmp, to) < 0)
    {
      unlink (tmp);
      return sepm_error_make (err, errno, "copy `%s` to `%s`", from, to);
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

/* The config with LABELS added, serialised canonically. */
static int
labelled_config (const struct sepm_image *img, json_t *labels, char **text, sepm_error_t *err)
{
  json_t *config = json_deep_copy (img->config), *cfg, *lbl, *value;
  const char *key;

  cfg = json_object_get (config, "config");
  if (!json_is_object (cfg))
    json_object_set_new (config, "config", cfg = json_object ());
  lbl = json_object_get (cfg, "Labels");
  if (!json_is_object (lbl))
    json_object_set_new (cfg, "Labels", lbl = json_object ());
  json_object_foreach (labels, key, value)
    json_object_set (lbl, key, value);
  *text = canonical_json (config);
  json_decref (config);
  if (strlen (*text) > SEPM_IMAGE_MAX_JSON)
    {
      size_t n = strlen (*text);
      free (*text);
      *text = NULL;
      return sepm_error_make (err, 0, "the new config would have %zu bytes, over the %u that registries accept",
                              n, SEPM_IMAGE_MAX_JSON);
    }
  return 0;
}

/* A destination layout's index with DESC added under TAG: the manifests
 * it already has stay, except one that held the same tag. */
static json_t *
destination_index (const char *index_path, json_t *desc, const char *tag, sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0, i;
  json_t *index, *kept = json_array (), *m;

  if (access (index_path, F_OK) != 0)
    index = json_pack ("{s:i}", "schemaVersion", 2);
  else if (sepm_read_file (index_path, SEPM_IMAGE_MAX_JSON, &text, &len, err) < 0
           || (index = json_loadb (text, len, 0, NULL)) == NULL || !json_is_object (index))
    {
      json_decref (kept);
      if (text)
        sepm_error_make (err, 0, "%s: the destination's index is not JSON; give a new directory", index_path);
      return NULL;
    }
  json_array_foreach (json_object_get (index, "manifests"), i, m)
    {
      const char *name = json_string_value (json_object_get (json_object_get (m, "annotations"), OCI_REF_NAME));
      if (!(tag && name && strcmp (name, tag) == 0))
        json_array_append (kept, m);
    }
  json_array_append (kept, desc);
  json_object_set_new (index, "manifests", kept);
  return index;
}

/* The OCI layout at LAYOUT gets the new config and manifest and, last, its
 * index.  NEW_INDEX adds the manifest to LAYOUT's own index (a destination)
 * instead of replacing IMG's manifest in place. */
static int
write_oci (struct sepm_image *img, const char *layout, const char *config_text, const char *tag,
           bool new_index, char **manifest_digest, sepm_error_t *err)
{
  json_t *manifest = json_deep_copy (img->manifest), *index, *desc;
  cleanup_free char *config_digest = NULL;
  cleanup_free char *manifest_text = NULL;
  cleanup_free char *index_text = NULL;
  cleanup_free char *index_path = xasprintf ("%s/index.json", layout);
  int rc = -1;

  if (write_blob (layout, config_text, strlen (config_text), &config_digest, err) < 0)
    goto out_manifest;
  desc = json_object_get (manifest, "config");
  json_object_set_new (desc, "digest", json_string (config_digest));
  json_object_set_new (desc, "size", json_integer (strlen (config_text)));
  manifest_text = canonical_json (manifest);
  if (write_blob (layout, manifest_text, strlen (manifest_text), manifest_digest, err) < 0)
    goto out_manifest;
  if (new_index)
    desc = json_pack ("{s:s}", "mediaType", json_string_value (json_object_get (img->manifest, "mediaType"))
                      ?: "application/vnd.oci.image.manifest.v1+json");
  else
    {
      index = json_deep_copy (img->index);
      desc = json_incref (json_array_get (json_object_get (index, "manifests"), img->manifest_slot));
    }
  json_object_set_new (desc, "digest", json_string (*manifest_digest));
  json_object_set_new (desc, "size", json_integer (strlen (manifest_text)));
  if (tag)
    {
      json_t *ann = json_object_get (desc, "annotations");
      if (!json_is_object (ann))
        json_object_set_new (desc, "annotations", ann = json_object ());
      json_object_set_new (ann, OCI_REF_NAME, json_string (tag));
    }
  if (new_index && (index = destination_index (index_path, desc, tag, err)) == NULL)
    {
      json_decref (desc);
      rc = -1;
      goto out_manifest;
    }
  json_decref (desc);
  index_text = canonical_json (index);
  json_decref (index);
  /* The switch: until this rename the old image is the image. */
  rc = sepm_write_file_atomic (index_path, index_text, strlen (index_text), err);
out_manifest:
  json_decref (manifest);
  return rc;
}

/* docker-archive: the config is a file named by its digest, and
 * manifest.json points at it. */
static int
write_docker (struct sepm_image *img, const char *config_text, const char *tag, char **config_digest,
              sepm_error_t *err)
{
  char hex[65];
  cleanup_free char *name = NULL;
  cleanup_free char *path = NULL;
  cleanup_free char *mpath = xasprintf ("%s/manifest.json", img->layout);
  cleanup_free char *mtext = NULL;
  json_t *manifest = json_deep_copy (img->index), *entry;
  int rc;

  sepm_sha256_hex (config_text, strlen (config_text), hex);
  name = xasprintf ("%s.json", hex);
  path = xasprintf ("%s/%s", img->layout, name);
  if (sepm_write_file_atomic (path, config_text, strlen (config_text), err) < 0)
    {
      json_decref (manifest);
      return -1;
    }
  entry = json_array_get (manifest, img->manifest_slot);
  json_object_set_new (entry, "Config", json_string (name));
  if (tag)
    json_object_set_new (entry, "RepoTags", json_pack ("[s]", tag));
  mtext = canonical_json (manifest);
  json_decref (manifest);
  rc = sepm_write_file_atomic (mpath, mtext, strlen (mtext), err);
  if (rc == 0)
    *config_digest = xasprintf ("sha256:%s", hex);
  return rc;
}

static bool
same_directory (const char *a, const char *b)
{
  cleanup_free char *ra = realpath (a, NULL);
  cleanup_free char *rb = realpath (b, NULL);
  return ra && rb && strcmp (ra, rb) == 0;
}

int
sepm_image_write_labels (struct sepm_image *img, json_t *labels, const char *dest,
                         char **manifest_digest, char **written, sepm_error_t *err)
{
  struct sepm_image_ref dref = { 0 };
  cleanup_free char *config_text = NULL;
  const char *tag = NULL, *target;
  enum sepm_transport as = img->ref.transport;
  int rc = -1;

  *manifest_digest = NULL;
  *written = NULL;
  if (dest)
    {
      if (sepm_image_ref_parse (dest, &dref, err) < 0)
        goto out;
      /* A store's image was exported to a private layout: written on
       * as a layout, to another. */
      if (img->ref.transport == SEPM_TRANSPORT_STORAGE && dref.transport == SEPM_TRANSPORT_OCI)
        as = SEPM_TRANSPORT_OCI;
      if (dref.transport != as)
        {
          sepm_error_make (err, 0, "`%s`: write to the source's transport, then convert with skopeo copy", dest);
          goto out;
        }
      tag = dref.tag;
    }
  if (labelled_config (img, labels, &config_text, err) < 0)
    goto out;

  switch (as)
    {
    case SEPM_TRANSPORT_OCI:
      /* A DEST without a tag takes the source's; in the source's own
       * layout that would move the tag off the source image. */
      if (dest && !tag && same_directory (dref.path, img->layout))
        {
          sepm_error_make (err, 0, "`%s` names no tag: in the source's own layout the new image would take "
                           "the tag `%s` off the source; give it a tag of its own (oci:%s:NEWTAG)", dest,
                           img->ref.tag ? img->ref.tag : "(none)", dref.path);
          goto out;
        }
      if (dest && prepare_destination (img, dref.path, err) < 0)
        goto out;
      rc = write_oci (img, dest ? dref.path : img->layout, config_text, dest ? (tag ? tag : img->ref.tag) : NULL,
                      dest != NULL, manifest_digest, err);
      break;
    case SEPM_TRANSPORT_OCI_ARCHIVE:
    case SEPM_TRANSPORT_DOCKER_ARCHIVE:
      /* The private copy is edited, then tarred over the target at once. */
      rc = img->ref.transport == SEPM_TRANSPORT_OCI_ARCHIVE
        ? write_oci (img, img->layout, config_text, tag, false, manifest_digest, err)
        : write_docker (img, config_text, tag, manifest_digest, err);
      target = dest ? dref.path : img->ref.path;
      if (rc == 0)
        rc = sepm_image_archive_create (img->layout, target, err);
      break;
    case SEPM_TRANSPORT_DOCKER:
      sepm_error_make (err, 0, "`docker://%s`: sepm reads registries but never writes to them", img->ref.path);
      sepm_error_set_hint (err, "Copy the image with `skopeo copy docker://%s oci:DIR:TAG`, build there, "
                           "then push it with skopeo copy.", img->ref.path);
      break;
    case SEPM_TRANSPORT_STORAGE:
      sepm_error_make (err, 0, "`containers-storage:%s`: sepm reads a container store but never writes to it",
                       img->ref.path);
      sepm_error_set_hint (err, "Write to a layout and copy it in: sepm-build ... containers-storage:%s oci:DIR:TAG, "
                           "then `skopeo copy oci:DIR:TAG containers-storage:NAME`.", img->ref.path);
      break;
    }
  if (rc == 0)
    {
      /* What a user passes to the next tool: the tag included. */
      const char *t = dest ? (tag ? tag : img->ref.tag) : img->ref.tag;
      const char *where = dest ? dref.path : img->ref.path;
      const char *prefix = as == SEPM_TRANSPORT_OCI ? "oci"
        : img->ref.transport == SEPM_TRANSPORT_OCI_ARCHIVE ? "oci-archive" : "docker-archive";
      *written = t ? xasprintf ("%s:%s:%s", prefix, where, t) : xasprintf ("%s:%s", prefix, where);
    }
out:
  if (rc < 0)
    {
      free (*manifest_digest);
      *manifest_digest = NULL;
    }
  sepm_image_ref_release (&dref);
  return rc;
}
