#include <config.h>
#include "oci_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "image.h"
#include "image_archive.h"
#include "util.h"

static char *layout;            /* one directory per process, reused */
static char *written[8];        /* the blobs of the last input */
static size_t n_written;

/* Write DATA to REL inside the layout; returns the file's path. */
static char *
write_file (const char *rel, const void *data, size_t len)
{
  char *path = xasprintf ("%s/%s", layout, rel);
  FILE *f = fopen (path, "wb");

  if (f == NULL || fwrite (data, 1, len, f) != len || fclose (f) != 0)
    abort ();
  return path;
}

/* Store DATA as a blob; its digest goes to HEX. */
static void
write_blob (const void *data, size_t len, char hex[65])
{
  char rel[100];
  char *path;

  sepm_sha256_hex (data, len, hex);
  snprintf (rel, sizeof rel, "blobs/sha256/%s", hex);
  path = write_file (rel, data, len);
  if (n_written < sizeof written / sizeof *written)
    written[n_written++] = path;
  else
    free (path);
}

static void
remove_layout (void)
{
  sepm_image_archive_remove_dir (layout);
}

static void
prepare_layout (void)
{
  if (layout)
    {
      /* Blobs of earlier inputs would only slow the directory down. */
      for (size_t i = 0; i < n_written; i++)
        {
          unlink (written[i]);
          free (written[i]);
        }
      n_written = 0;
      return;
    }
  char tmpl[] = "/tmp/sepm-fuzz-oci.XXXXXX";
  cleanup_free char *blobs = NULL;
  if (mkdtemp (tmpl) == NULL)
    abort ();
  layout = xstrdup (tmpl);
  atexit (remove_layout);
  blobs = xasprintf ("%s/blobs/sha256", layout);
  if (sepm_mkdir_p (blobs, 0700, NULL) < 0)
    abort ();
  free (write_file ("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30));
}

/* What the layer scanner promises its callers: absolute, normalised
 * paths that never climb out of the root. */
static int
check_entry (size_t layer, const char *path, enum sepm_entry_kind kind, const char *link_target, void *arg)
{
  (void) layer;
  (void) kind;
  (void) link_target;
  (void) arg;
  if (path[0] != '/' || strstr (path, "/../") || strstr (path, "//")
      || (strlen (path) >= 3 && strcmp (path + strlen (path) - 3, "/..") == 0))
    abort ();
  return 0;
}

/* An empty tar: two zero blocks. */
static const char empty_tar[1024];

void
fuzz_oci_open (enum fuzz_oci_part part, const uint8_t *data, size_t size)
{
  char layer_hex[65], config_hex[65], manifest_hex[65];
  char *config = NULL, *manifest = NULL, *index = NULL, *ref = NULL;
  const void *layer = part == FUZZ_OCI_LAYER ? (const void *) data : (const void *) empty_tar;
  size_t layer_len = part == FUZZ_OCI_LAYER ? size : sizeof empty_tar;
  struct sepm_image *img = NULL;
  sepm_error_t err = NULL;

  prepare_layout ();
  write_blob (layer, layer_len, layer_hex);
  if (part == FUZZ_OCI_CONFIG)
    write_blob (data, size, config_hex);
  else
    {
      config = xasprintf ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{}},"
                          "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]}}", layer_hex);
      write_blob (config, strlen (config), config_hex);
    }
  if (part == FUZZ_OCI_MANIFEST)
    write_blob (data, size, manifest_hex);
  else
    {
      manifest = xasprintf ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                            "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:%s\",\"size\":%zu},"
                            "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:%s\",\"size\":%zu}]}",
                            config_hex, part == FUZZ_OCI_CONFIG ? size : strlen (config), layer_hex, layer_len);
      write_blob (manifest, strlen (manifest), manifest_hex);
    }
  if (part == FUZZ_OCI_INDEX)
    free (write_file ("index.json", data, size));
  else
    {
      index = xasprintf ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                         "\"digest\":\"sha256:%s\",\"size\":%zu,\"annotations\":{\"org.opencontainers.image.ref.name\":\"fuzz\"}}]}",
                         manifest_hex, part == FUZZ_OCI_MANIFEST ? size : strlen (manifest));
      free (write_file ("index.json", index, strlen (index)));
    }
  ref = xasprintf ("oci:%s:fuzz", layout);
  if (sepm_image_open (ref, NULL, check_entry, NULL, &img, &err) == 0)
    sepm_image_free (img);
  sepm_error_release (&err);
  free (ref);
  free (index);
  free (manifest);
  free (config);
}
