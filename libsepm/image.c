#include <config.h>
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>

#include "hash.h"
#include "image_archive.h"
#include "image_storage.h"
#include "layer_unpack.h"
#include "registry.h"
#include "strset.h"
#include "util.h"

#define OCI_REF_NAME "org.opencontainers.image.ref.name"

/* "sha256:<64 lowercase hex>", the only algorithm sepm accepts. */
static int
check_digest (const char *what, const char *digest, sepm_error_t *err)
{
  if (digest == NULL || strncmp (digest, "sha256:", 7) != 0)
    return sepm_error_make (err, 0, "%s: digest `%s` is not sha256 (the only algorithm sepm accepts)",
                            what, digest ? digest : "(none)");
  if (strlen (digest) != 71 || strspn (digest + 7, "0123456789abcdef") != 64)
    return sepm_error_make (err, 0, "%s: `%s` is not a well-formed sha256 digest", what, digest);
  return 0;
}

static char *
blob_path (const char *layout, const char *digest)
{
  return xasprintf ("%s/blobs/sha256/%s", layout, digest + 7);
}

static int
read_verified_json (const char *layout, const char *what, const char *digest, json_int_t size,
                    json_t **out, sepm_error_t *err)
{
  cleanup_free char *path = NULL;
  cleanup_free char *data = NULL;
  size_t len = 0;
  char hex[65];
  json_error_t jerr;

  if (check_digest (what, digest, err) < 0)
    return -1;
  path = blob_path (layout, digest);
  if (sepm_read_file (path, SEPM_IMAGE_MAX_JSON, &data, &len, err) < 0)
    return sepm_error_wrap (err, "%s %s", what, digest);
  sepm_sha256_hex (data, len, hex);
  if (strcmp (hex, digest + 7) != 0)
    return sepm_error_make (err, 0, "%s %s: the blob's content does not match its digest (sha256:%s); "
                            "the image is corrupt or was tampered with", what, digest, hex);
  if (size >= 0 && (json_int_t) len != size)
    return sepm_error_make (err, 0, "%s %s: the blob has %zu bytes, its descriptor says %lld",
                            what, digest, len, (long long) size);
  *out = json_loadb (data, len, JSON_REJECT_DUPLICATES, &jerr);
  if (*out == NULL)
    return sepm_error_make (err, 0, "%s %s: not valid JSON: %s", what, digest, jerr.text);
  return 0;
}

/* ---- layers: one pass gives the blob digest, the diff_id and the entries */

/* A layer blob's bytes: a file of the layout, or a registry's response
 * (streamed: never stored whole). */
struct raw_stream
{
  int fd;
  struct sepm_http_stream *http;
  int64_t size;                 /* the descriptor's, or -1 */
  sepm_error_t why;             /* why the stream failed */
  struct sepm_sha256 *hash;
  int64_t bytes;
  char buf[65536];
};

/* The next bytes into s->buf, hashed; -1 with s->why. */
static ssize_t
raw_next (struct raw_stream *s)
{
  ssize_t n;

  if (s->http)
    {
      n = sepm_http_stream_read (s->http, s->buf, sizeof (s->buf), &s->why);
      /* A registry that sends more than the descriptor says is not
       * read to its end. */
      if (n > 0 && s->size >= 0 && s->bytes + n > s->size)
        {
          sepm_error_make (&s->why, 0, "the registry sent more than the descriptor's %lld bytes",
                           (long long) s->size);
          return -1;
        }
    }
  else
    {
      do
        n = read (s->fd, s->buf, sizeof (s->buf));
      while (n < 0 && errno == EINTR);
      if (n < 0)
        sepm_error_make (&s->why, errno, "read");
    }
  if (n > 0)
    {
      sepm_sha256_update (s->hash, s->buf, n);
      s->bytes += n;
    }
  return n;
}

static la_ssize_t
read_raw (struct archive *a, void *arg, const void **buf)
{
  struct raw_stream *s = arg;
  ssize_t n = raw_next (s);

  if (n < 0)
    {
      archive_set_error (a, EIO, "%s", s->why ? s->why->msg : "read");
      return -1;
    }
  *buf = s->buf;
  return n;
}

/* The uncompressed bytes and entries read so far, against the limits. */
struct work
{
  struct sepm_image_limits limits;
  uint64_t image_entries, image_bytes;  /* all layers before this one */
  uint64_t layer_entries, layer_bytes;
  uint64_t path_bytes;          /* of every layer's distinct paths so far */
  struct sepm_strset *layer_paths;      /* this layer's, with the directories they imply */
  char exceeded[200];           /* why reading stopped, when a limit did it */
  struct sepm_unpack *unpack;   /* where the entries go as they are read, or NULL */
};

#define RATIO_GRACE (64ull << 20)

struct sepm_image_limits
sepm_image_limits_default (void)
{
  return (struct sepm_image_limits) {
    .layer_entries = sepm_env_ulong ("SEPM_LAYER_MAX_ENTRIES", 1000000),
    .layer_bytes = (uint64_t) sepm_env_ulong ("SEPM_LAYER_MAX_MIB", 64 << 10) << 20,
    .ratio = sepm_env_ulong ("SEPM_LAYER_MAX_RATIO", 10000),
    .image_entries = sepm_env_ulong ("SEPM_IMAGE_MAX_ENTRIES", 4000000),
    .image_bytes = (uint64_t) sepm_env_ulong ("SEPM_IMAGE_MAX_MIB", 256 << 10) << 20,
    .path_bytes = (uint64_t) sepm_env_ulong ("SEPM_IMAGE_MAX_PATH_MIB", 128) << 20,
  };
}

struct tar_stream
{
  struct archive *outer;
  struct sepm_sha256 *hash;
  const struct raw_stream *raw;
  struct work *work;
  char buf[65536];
};

/* Whether one more chunk of uncompressed bytes stays inside the limits;
 * if not, says which limit in W->exceeded. */
static bool
within_byte_limits (struct work *w, uint64_t raw_bytes)
{
  const struct sepm_image_limits *l = &w->limits;

  if (w->layer_bytes > l->layer_bytes)
    snprintf (w->exceeded, sizeof w->exceeded, "it decompresses to more than %llu MiB (SEPM_LAYER_MAX_MIB)",
              (unsigned long long) (l->layer_bytes >> 20));
  else if (w->image_bytes + w->layer_bytes > l->image_bytes)
    snprintf (w->exceeded, sizeof w->exceeded, "the image's layers decompress to more than %llu MiB "
              "(SEPM_IMAGE_MAX_MIB)", (unsigned long long) (l->image_bytes >> 20));
  else if (w->layer_bytes > RATIO_GRACE && w->layer_bytes / l->ratio > raw_bytes)
    snprintf (w->exceeded, sizeof w->exceeded, "it decompresses to more than %llu times its size, "
              "a decompression bomb (SEPM_LAYER_MAX_RATIO)", (unsigned long long) l->ratio);
  else
    return true;
  return false;
}

static la_ssize_t
read_decompressed (struct archive *a, void *arg, const void **buf)
{
  struct tar_stream *s = arg;
  la_ssize_t n = archive_read_data (s->outer, s->buf, sizeof (s->buf));

  if (n < 0)
    {
      archive_set_error (a, EIO, "%s", archive_error_string (s->outer));
      return -1;
    }
  s->work->layer_bytes += n;
  if (!within_byte_limits (s->work, s->raw->bytes))
    {
      archive_set_error (a, EFBIG, "%s", s->work->exceeded);
      return -1;
    }
  sepm_sha256_update (s->hash, s->buf, n);
  *buf = s->buf;
  return n;
}

static enum sepm_entry_kind
entry_kind (struct archive_entry *e)
{
  if (archive_entry_hardlink (e))
    return SEPM_ENTRY_HARDLINK;
  switch (archive_entry_filetype (e))
    {
    case AE_IFDIR: return SEPM_ENTRY_DIR;
    case AE_IFLNK: return SEPM_ENTRY_SYMLINK;
    case AE_IFCHR: return SEPM_ENTRY_CHAR;
    case AE_IFBLK: return SEPM_ENTRY_BLOCK;
    case AE_IFIFO: return SEPM_ENTRY_FIFO;
    case AE_IFSOCK: return SEPM_ENTRY_SOCKET;
    default: return SEPM_ENTRY_FILE;
    }
}

/* "./usr/bin/x", "usr/bin/x/" -> "/usr/bin/x"; NULL for a path with `..`. */
static char *
normalise_entry_path (const char *name)
{
  struct sepm_buf b = { 0 };
  cleanup_free char *copy = xstrdup (name);
  char *save = NULL;

  for (char *c = strtok_r (copy, "/", &save); c; c = strtok_r (NULL, "/", &save))
    {
      if (strcmp (c, ".") == 0)
        continue;
      if (strcmp (c, "..") == 0)
        {
          free (b.data);
          return NULL;
        }
      sepm_buf_puts (&b, "/");
      sepm_buf_puts (&b, c);
    }
  if (b.data == NULL)
    sepm_buf_puts (&b, "/");
  return b.data;
}

/* The entries read so far against the limits; the directories an entry
 * implies are entries too (count_paths).  A limit stopped the read: the
 * image is not corrupt, just larger than sepm reads by default. */
static int
within_entry_limits (const struct work *w, const char *digest, sepm_error_t *err)
{
  if (w->layer_entries > w->limits.layer_entries)
    sepm_error_make (err, 0, "layer %s: more than %llu entries (SEPM_LAYER_MAX_ENTRIES), with the directories "
                     "they imply", digest, (unsigned long long) w->limits.layer_entries);
  else if (w->image_entries + w->layer_entries > w->limits.image_entries)
    sepm_error_make (err, 0, "layer %s: the image has more than %llu entries (SEPM_IMAGE_MAX_ENTRIES)", digest,
                     (unsigned long long) w->limits.image_entries);
  else if (w->path_bytes > w->limits.path_bytes)
    sepm_error_make (err, 0, "layer %s: the image's distinct paths, with the directories they imply, pass %llu "
                     "MiB (SEPM_IMAGE_MAX_PATH_MIB)", digest, (unsigned long long) (w->limits.path_bytes >> 20));
  else
    return 0;
  return sepm_error_set_hint (err, "A limit on the work one image may cost (docs/security.md); if the image is "
                              "legitimate, raise the variable the message names.");
}

/* Count the directories PATH implies that this layer has not named yet:
 * each is an entry (the unpacker makes it, the relabel walks it, the
 * model remembers it), and the bytes of every distinct path are kept. */
static int
count_paths (struct work *w, const char *path, const char *digest, sepm_error_t *err)
{
  size_t added = sepm_strset_add_path (w->layer_paths, path, &w->path_bytes);
  /* The entry itself was counted as it was read. */
  w->layer_entries += added ? added - 1 : 0;
  return within_entry_limits (w, digest, err);
}

static int
walk_entries (struct archive *tar, size_t layer, const char *digest, struct work *w, sepm_layer_entry_fn fn,
              void *arg, sepm_error_t *err)
{
  struct archive_entry *e;
  int r;

  while ((r = archive_read_next_header (tar, &e)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (e);
      if (name == NULL)
        return sepm_error_make (err, 0, "layer %s: an entry has no path", digest);
      w->layer_entries++;
      if (within_entry_limits (w, digest, err) < 0)
        return -1;

      /* Far below PATH_MAX, so that the tree unpacked under any sane
       * directory is one every walk and relabel can reach. */
      if (strlen (name) > SEPM_IMAGE_MAX_ENTRY_PATH)
        return sepm_error_make (err, 0, "layer %s: an entry's path is longer than %d bytes", digest,
                                SEPM_IMAGE_MAX_ENTRY_PATH);
      cleanup_free char *path = normalise_entry_path (name);
      enum sepm_entry_kind kind = entry_kind (e);
      char *base;

      if (path == NULL)
        return sepm_error_make (err, 0, "layer %s: entry `%s` climbs out of the root filesystem with `..`",
                                digest, name);
      if (count_paths (w, path, digest, err) < 0)
        return -1;
      /* A hard link names a member of the same layer; symbolic links are
       * resolved inside the container's root at run time. */
      const char *hard = archive_entry_hardlink (e);
      cleanup_free char *hard_path = hard ? normalise_entry_path (hard) : NULL;
      if (hard && hard_path == NULL)
        return sepm_error_make (err, 0, "layer %s: entry `%s` is a hard link to `%s`, out of the root filesystem",
                                digest, name, hard);
      base = strrchr (path, '/') + 1;
      if (strcmp (base, ".wh..wh..opq") == 0)
        {
          base[-1] = '\0';
          kind = SEPM_ENTRY_OPAQUE;
        }
      else if (strncmp (base, ".wh.", 4) == 0)
        {
          memmove (base, base + 4, strlen (base + 4) + 1);
          kind = SEPM_ENTRY_WHITEOUT;
          /* `.wh...` would hide `..`: the directory holding this one. */
          if (*base == '\0' || strcmp (base, ".") == 0 || strcmp (base, "..") == 0)
            {
              cleanup_free char *shown = sepm_printable (name, 200);
              return sepm_error_make (err, 0, "layer %s: entry `%s` is a whiteout of `.`, `..` or nothing",
                                      digest, shown);
            }
        }
      if (fn && fn (layer, *path ? path : "/", kind,
                    kind == SEPM_ENTRY_SYMLINK ? archive_entry_symlink (e) : hard_path,
                    arg) < 0)
        {
          cleanup_free char *shown = sepm_printable (path, 200);
          return sepm_error_make (err, 0, "layer %s: `%s` refused: a whiteout of a path its own layer writes "
                                  "(runtimes disagree on which wins), or more entries than sepm keeps",
                                  digest, shown);
        }
      if (w->unpack == NULL)
        archive_read_data_skip (tar);
      else if (sepm_unpack_entry (w->unpack, tar, e, *path ? path : "/", kind, hard_path, err) < 0)
        {
          /* A write the disk refused is the destination's fault, not the
           * image's: the generic hint below would send the user to fetch
           * the image again. */
          if ((*err)->status != 0)
            sepm_error_set_hint (err, "Writing the unpacked tree failed; nothing was installed and the partial "
                                 "tree was removed.  Unpack on a filesystem with room and with extended "
                                 "attributes (ENOSPC on a setxattr is a value larger than it stores).");
          return sepm_error_wrap (err, "layer %s", digest);
        }
    }
  if (r != ARCHIVE_EOF)
    return sepm_error_make (err, 0, "layer %s: the tar is corrupt or truncated: %s", digest,
                            archive_error_string (tar));
  return 0;
}

/* A blob is a regular file: a FIFO in its place would block the read
 * for ever. */
static int
open_blob (const char *path)
{
  struct stat st;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || fcntl (fd, F_SETFL, 0) < 0)
    {
      close (fd);
      errno = EINVAL;
      return -1;
    }
  return fd;
}

static int
verify_layer (struct sepm_image *img, size_t index, const struct sepm_layer *l, struct work *w,
              sepm_layer_entry_fn fn, void *arg, sepm_error_t *err)
{
  const char *path = l->path;
  cleanup_free struct raw_stream *raw = xcalloc (1, sizeof (*raw));
  cleanup_free struct tar_stream *tar_in = xcalloc (1, sizeof (*tar_in));
  struct archive *outer = archive_read_new (), *tar = archive_read_new ();
  struct archive_entry *e;
  char blob_hex[65], diff_hex[65];
  int rc = -1;

  raw->hash = sepm_sha256_new ();
  tar_in->hash = sepm_sha256_new ();
  tar_in->outer = outer;
  tar_in->raw = raw;
  tar_in->work = w;
  w->layer_entries = w->layer_bytes = 0;
  sepm_strset_free (w->layer_paths);
  w->layer_paths = sepm_strset_new (1024);
  w->exceeded[0] = '\0';
  if (w->unpack)
    sepm_unpack_layer_begin (w->unpack);
  raw->fd = -1;
  raw->size = l->size;
  if (img->registry)
    {
      if (sepm_registry_blob_stream (img->registry, l->digest, &raw->http, err) < 0)
        goto out;
    }
  else if ((raw->fd = open_blob (path)) < 0)
    {
      sepm_error_make (err, errno, "layer %s: open the blob (a regular file)", l->digest);
      goto out;
    }
  archive_read_support_filter_all (outer);
  archive_read_support_format_raw (outer);
  archive_read_support_format_tar (tar);
  if (archive_read_open (outer, raw, NULL, read_raw, NULL) != ARCHIVE_OK
      || archive_read_next_header (outer, &e) != ARCHIVE_OK)
    {
      sepm_error_make (err, 0, "layer %s: cannot read the blob: %s", l->digest, archive_error_string (outer));
      goto out;
    }
  if (archive_read_open (tar, tar_in, NULL, read_decompressed, NULL) != ARCHIVE_OK
      || walk_entries (tar, index, l->digest, w, fn, arg, err) < 0)
    {
      if (err && *err == NULL)
        sepm_error_make (err, 0, "layer %s: not a tar: %s", l->digest, archive_error_string (tar));
      goto out;
    }
  /* What follows the tar's end (padding) belongs to both digests. */
  for (const void *buf; read_decompressed (tar, tar_in, &buf) > 0;)
    ;
  for (const void *buf; read_raw (outer, raw, &buf) > 0;)
    ;
  rc = 0;
out:
  if (w->exceeded[0])
    {
      /* A limit, not corruption, stopped the reader: say which, and read
       * no further. */
      rc = -1;
      sepm_error_release (err);
      sepm_error_make (err, 0, "layer %s: refused: %s", l->digest, w->exceeded);
    }
  else if (raw->why)
    {
      /* The transfer, not the content, failed: say so (a registry that
       * stopped mid-pull). */
      rc = -1;
      sepm_error_release (err);
      sepm_error_make (err, 0, "layer %s: %s", l->digest, raw->why->msg);
      if (raw->why->hint)
        sepm_error_set_hint (err, "%s", raw->why->hint);
    }
  /* Hash whatever libarchive did not read: when a blob does not
   * decompress, its digest is the better explanation. */
  else if (raw->fd >= 0 || raw->http)
    while (raw_next (raw) > 0)
      ;
  sepm_sha256_finish (raw->hash, blob_hex);
  if (rc < 0 && !w->exceeded[0] && !raw->why && strcmp (blob_hex, l->digest + 7) != 0)
    {
      sepm_error_release (err);
      sepm_error_make (err, 0, "layer %s: the blob's content does not match its digest (sha256:%s); "
                       "the image is corrupt or was tampered with", l->digest, blob_hex);
    }
  sepm_sha256_finish (tar_in->hash, diff_hex);
  if (rc == 0 && (strcmp (blob_hex, l->digest + 7) != 0 || (l->size >= 0 && raw->bytes != l->size)))
    rc = sepm_error_make (err, 0, "layer %s: the blob's content does not match its digest or size "
                          "(sha256:%s, %lld bytes); the image is corrupt or was tampered with",
                          l->digest, blob_hex, (long long) raw->bytes);
  if (rc == 0 && strcmp (diff_hex, l->diff_id + 7) != 0)
    rc = sepm_error_make (err, 0, "layer %s: its uncompressed content is sha256:%s, but the config "
                          "claims diff_id %s", l->digest, diff_hex, l->diff_id);
  if (raw->fd >= 0)
    close (raw->fd);
  sepm_http_stream_close (raw->http);
  sepm_error_release (&raw->why);
  archive_read_free (tar);
  archive_read_free (outer);
  return rc;
}

/* ---- the layout */

static int
pick_manifest (struct sepm_image *img, sepm_error_t *err)
{
  json_t *manifests = json_object_get (img->index, "manifests"), *m;
  size_t i, found = SIZE_MAX, count = json_array_size (manifests);

  if (!json_is_array (manifests) || count == 0)
    return sepm_error_make (err, 0, "%s: index.json lists no manifests", img->layout);
  json_array_foreach (manifests, i, m)
    {
      const char *name = json_string_value (json_object_get (json_object_get (m, "annotations"), OCI_REF_NAME));
      if (img->ref.tag ? (name && strcmp (name, img->ref.tag) == 0) : count == 1)
        found = i;
    }
  if (found == SIZE_MAX)
    return img->ref.tag
      ? sepm_error_make (err, 0, "%s: no manifest is tagged `%s`", img->layout, img->ref.tag)
      : sepm_error_make (err, 0, "%s: the layout has %zu manifests; name one as oci:%s:TAG",
                         img->layout, count, img->layout);
  img->manifest_slot = found;
  return 0;
}

static int
read_layers (struct sepm_image *img, sepm_error_t *err)
{
  json_t *layers = json_object_get (img->manifest, "layers");
  json_t *diff_ids = json_object_get (json_object_get (img->config, "rootfs"), "diff_ids");
  json_t *l;
  size_t i;

  if (!json_is_array (layers) || !json_is_array (diff_ids))
    return sepm_error_make (err, 0, "%s: the manifest has no layers or the config no rootfs.diff_ids",
                            img->manifest_digest);
  if (json_array_size (layers) != json_array_size (diff_ids))
    return sepm_error_make (err, 0, "%s: %zu layers but %zu diff_ids in the config", img->manifest_digest,
                            json_array_size (layers), json_array_size (diff_ids));
  if (json_array_size (layers) > SEPM_IMAGE_MAX_LAYERS)
    return sepm_error_make (err, 0, "%s: more than %d layers", img->manifest_digest, SEPM_IMAGE_MAX_LAYERS);
  img->layers = xcalloc (json_array_size (layers) + 1, sizeof (*img->layers));
  json_array_foreach (layers, i, l)
    {
      struct sepm_layer *x = &img->layers[img->n_layers++];
      json_t *size = json_object_get (l, "size");
      x->digest = xstrdup (json_string_value (json_object_get (l, "digest")) ?: "");
      x->media_type = xstrdup (json_string_value (json_object_get (l, "mediaType")) ?: "");
      x->size = json_is_integer (size) ? json_integer_value (size) : -1;
      /* A registry's layer is streamed: its descriptor's size is the
       * bound on what is read. */
      if (img->registry && (x->size < 0 || (uint64_t) x->size > sepm_image_limits_default ().layer_bytes))
        return sepm_error_make (err, 0, "%s: layer %zu has no size, or one over the layer limit "
                                "(SEPM_LAYER_MAX_MIB)", img->manifest_digest, i);
      x->diff_id = xstrdup (json_string_value (json_array_get (diff_ids, i)) ?: "");
      if (check_digest ("layer", x->digest, err) < 0 || check_digest ("diff_id", x->diff_id, err) < 0)
        return -1;
      x->path = img->layout ? blob_path (img->layout, x->digest) : NULL;
    }
  return 0;
}

static int
load_json_file (const char *path, json_t **out, sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0;
  json_error_t jerr;

  if (sepm_read_file (path, SEPM_IMAGE_MAX_JSON, &text, &len, err) < 0)
    return -1;
  *out = json_loadb (text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (*out == NULL)
    return sepm_error_make (err, 0, "%s: not valid JSON: %s (line %d)", path, jerr.text, jerr.line);
  return 0;
}

static int
open_oci_layout (struct sepm_image *img, sepm_error_t *err)
{
  cleanup_free char *index_path = xasprintf ("%s/index.json", img->layout);
  json_t *desc;

  if (load_json_file (index_path, &img->index, err) < 0 || pick_manifest (img, err) < 0)
    return -1;
  desc = json_array_get (json_object_get (img->index, "manifests"), img->manifest_slot);
  img->manifest_digest = xstrdup (json_string_value (json_object_get (desc, "digest")) ?: "");
  if (read_verified_json (img->layout, "manifest", img->manifest_digest,
                          json_integer_value (json_object_get (desc, "size")), &img->manifest, err) < 0)
    return -1;
  desc = json_object_get (img->manifest, "config");
  img->config_digest = xstrdup (json_string_value (json_object_get (desc, "digest")) ?: "");
  if (read_verified_json (img->layout, "config", img->config_digest,
                          json_integer_value (json_object_get (desc, "size")), &img->config, err) < 0)
    return -1;
  return read_layers (img, err);
}

/* A path inside the extracted archive, from its manifest.json. */
static char *
archive_member (const struct sepm_image *img, const char *rel, sepm_error_t *err)
{
  if (rel == NULL || rel[0] == '/' || strstr (rel, "..") != NULL)
    {
      sepm_error_make (err, 0, "docker-archive manifest.json names `%s`, outside the archive", rel ? rel : "(none)");
      return NULL;
    }
  return xasprintf ("%s/%s", img->layout, rel);
}

/* The hex digest a docker-archive member's name claims, if any:
 * "<hex>.json" or "blobs/sha256/<hex>". */
static const char *
claimed_hex (const char *rel)
{
  const char *base = strrchr (rel, '/') ? strrchr (rel, '/') + 1 : rel;
  size_t n = strspn (base, "0123456789abcdef");
  return n == 64 && (base[64] == '\0' || strcmp (base + 64, ".json") == 0) ? base : NULL;
}

/* docker-archive tags may carry the registry: web:v1 is also
 * docker.io/library/web:v1. */
static bool
tag_matches (const char *have, const char *want)
{
  size_t h = strlen (have), w = strlen (want);
  return strcmp (have, want) == 0 || (h > w && have[h - w - 1] == '/' && strcmp (have + h - w, want) == 0);
}

static int
open_docker_archive (struct sepm_image *img, sepm_error_t *err)
{
  cleanup_free char *mpath = xasprintf ("%s/manifest.json", img->layout);
  cleanup_free char *config_text = NULL;
  json_t *entry, *layers, *diff_ids, *tags, *t;
  size_t i, len = 0, count;
  const char *rel, *claimed;
  char hex[65];
  json_error_t jerr;

  if (load_json_file (mpath, &img->index, err) < 0)
    return -1;
  count = json_array_size (img->index);
  img->manifest_slot = SIZE_MAX;
  json_array_foreach (img->index, i, entry)
    {
      tags = json_object_get (entry, "RepoTags");
      if (!img->ref.tag && count == 1)
        img->manifest_slot = i;
      json_array_foreach (tags, len, t)
        if (img->ref.tag && json_is_string (t) && tag_matches (json_string_value (t), img->ref.tag))
          img->manifest_slot = i;
    }
  if (img->manifest_slot == SIZE_MAX)
    return img->ref.tag ? sepm_error_make (err, 0, "%s: no image is tagged `%s`", mpath, img->ref.tag)
                        : sepm_error_make (err, 0, "%s: %zu images; name one as docker-archive:FILE:NAME:TAG", mpath, count);
  entry = json_array_get (img->index, img->manifest_slot);
  rel = json_string_value (json_object_get (entry, "Config"));
  if ((img->config_path = archive_member (img, rel, err)) == NULL
      || sepm_read_file (img->config_path, SEPM_IMAGE_MAX_JSON, &config_text, &len, err) < 0)
    return -1;
  sepm_sha256_hex (config_text, len, hex);
  claimed = claimed_hex (rel);
  if (claimed && strncmp (claimed, hex, 64) != 0)
    return sepm_error_make (err, 0, "docker-archive config `%s` does not match its digest (sha256:%s); "
                            "the image is corrupt or was tampered with", rel, hex);
  img->config_digest = xasprintf ("sha256:%s", hex);
  img->manifest_digest = xstrdup (img->config_digest);
  img->config = json_loadb (config_text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (img->config == NULL)
    return sepm_error_make (err, 0, "%s: not valid JSON: %s", rel, jerr.text);

  layers = json_object_get (entry, "Layers");
  diff_ids = json_object_get (json_object_get (img->config, "rootfs"), "diff_ids");
  if (!json_is_array (layers) || !json_is_array (diff_ids) || json_array_size (layers) != json_array_size (diff_ids)
      || json_array_size (layers) > SEPM_IMAGE_MAX_LAYERS)
    return sepm_error_make (err, 0, "%s: the layers and the config's diff_ids do not correspond", mpath);
  img->layers = xcalloc (json_array_size (layers) + 1, sizeof (*img->layers));
  json_array_foreach (layers, i, t)
    {
      struct sepm_layer *x = &img->layers[img->n_layers++];
      rel = json_string_value (t);
      x->diff_id = xstrdup (json_string_value (json_array_get (diff_ids, i)) ?: "");
      if (check_digest ("diff_id", x->diff_id, err) < 0 || (x->path = archive_member (img, rel, err)) == NULL)
        return -1;
      /* A layer named by its digest must match it; a classic layer.tar is
       * uncompressed, so its digest is its diff_id. */
      claimed = claimed_hex (rel);
      x->digest = claimed ? xasprintf ("sha256:%.64s", claimed) : xstrdup (x->diff_id);
      x->media_type = xstrdup ("");
      x->size = -1;
    }
  return 0;
}

/* docker://: the manifest and config from the registry, checked against
 * their digests; the layers are streamed when they are verified. */
static int
open_registry (struct sepm_image *img, const struct sepm_registry_options *opts, sepm_error_t *err)
{
  static const struct sepm_registry_options defaults = { .tls_verify = 1 };
  cleanup_free char *bytes = NULL, *config_text = NULL;
  size_t len = 0;
  json_t *desc;
  json_error_t jerr;

  if (sepm_registry_open (&img->ref, opts ? opts : &defaults, &img->registry, err) < 0
      || sepm_registry_image_manifest (img->registry, &img->manifest, &img->manifest_digest, &img->index, &bytes,
                                       &len, err) < 0)
    return -1;
  desc = json_object_get (img->manifest, "config");
  img->config_digest = xstrdup (json_string_value (json_object_get (desc, "digest")) ?: "");
  if (check_digest ("config", img->config_digest, err) < 0
      || sepm_registry_blob (img->registry, img->config_digest, json_integer_value (json_object_get (desc, "size")),
                             SEPM_IMAGE_MAX_JSON, &config_text, &len, err) < 0)
    return -1;
  img->config = json_loadb (config_text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (img->config == NULL)
    return sepm_error_make (err, 0, "config %s: not valid JSON: %s", img->config_digest, jerr.text);
  return read_layers (img, err);
}

int
sepm_image_open (const char *ref, const struct sepm_registry_options *registry, sepm_layer_entry_fn fn, void *arg,
                 struct sepm_image **out, sepm_error_t *err)
{
  return sepm_image_open_unpack (ref, registry, fn, arg, NULL, out, err);
}

int
sepm_image_open_unpack (const char *ref, const struct sepm_registry_options *registry, sepm_layer_entry_fn fn,
                        void *arg, struct sepm_unpack *unpack, struct sepm_image **out, sepm_error_t *err)
{
  struct sepm_image *img = xcalloc (1, sizeof (*img));
  int rc;

  if (sepm_image_ref_parse (ref, &img->ref, err) < 0)
    goto fail;
  if (img->ref.transport == SEPM_TRANSPORT_DOCKER)
    {
      if (open_registry (img, registry, err) < 0)
        goto fail;
    }
  else if (img->ref.transport == SEPM_TRANSPORT_OCI)
    img->layout = xstrdup (img->ref.path);
  else if (img->ref.transport == SEPM_TRANSPORT_STORAGE)
    {
      if (sepm_image_storage_export (img->ref.path, &img->extracted, err) < 0)
        goto fail;
      img->layout = xasprintf ("%s/layout", img->extracted);
    }
  else
    {
      if (sepm_image_archive_extract (img->ref.path, &img->extracted, err) < 0)
        goto fail;
      img->layout = xstrdup (img->extracted);
    }
  rc = img->ref.transport == SEPM_TRANSPORT_DOCKER ? 0
    : img->ref.transport == SEPM_TRANSPORT_DOCKER_ARCHIVE ? open_docker_archive (img, err)
    : open_oci_layout (img, err);
  if (rc < 0)
    goto fail;
  struct work *w = xcalloc (1, sizeof (*w));
  w->limits = sepm_image_limits_default ();
  w->unpack = unpack;
  for (size_t i = 0; i < img->n_layers; i++)
    {
      if (verify_layer (img, i, &img->layers[i], w, fn, arg, err) < 0)
        {
          sepm_strset_free (w->layer_paths);
          free (w);
          goto fail;
        }
      w->image_entries += w->layer_entries;
      w->image_bytes += w->layer_bytes;
    }
  sepm_strset_free (w->layer_paths);
  free (w);
  *out = img;
  return 0;

fail:
  sepm_error_wrap (err, "open the image `%s`", ref);
  sepm_error_set_file (err, img->ref.path ? img->ref.path : ref);
  sepm_error_set_hint (err, "Give an image as " SEPM_IMAGE_TRANSPORTS "; an image that fails its digests is "
                       "corrupt or was tampered with: fetch it again.");
  sepm_image_free (img);
  return -1;
}

void
sepm_image_free (struct sepm_image *img)
{
  if (img == NULL)
    return;
  for (size_t i = 0; i < img->n_layers; i++)
    {
      free (img->layers[i].path);
      free (img->layers[i].digest);
      free (img->layers[i].media_type);
      free (img->layers[i].diff_id);
    }
  free (img->layers);
  json_decref (img->index);
  json_decref (img->manifest);
  json_decref (img->config);
  free (img->manifest_digest);
  free (img->config_digest);
  free (img->layout);
  free (img->config_path);
  sepm_registry_free (img->registry);
  if (img->extracted)
    sepm_image_archive_remove_dir (img->extracted);
  free (img->extracted);
  sepm_image_ref_release (&img->ref);
  free (img);
}

json_t *
sepm_image_labels (const struct sepm_image *img)
{
  return json_object_get (json_object_get (img->config, "config"), "Labels");
}
