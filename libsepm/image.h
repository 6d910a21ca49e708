/* An OCI image, opened and verified: every blob it uses is checked
 * against its digest (and each layer against its diff_id) before anything
 * is read from it.  Nothing an image says about itself is trusted. */
#ifndef SEPM_IMAGE_H
#define SEPM_IMAGE_H

#include <stdint.h>
#include <jansson.h>

#include "error.h"
#include "image_ref.h"

/* Limits for hostile images (docs/security.md). */
#define SEPM_IMAGE_MAX_JSON (4u << 20)  /* config, manifest, index: as registries */
#define SEPM_IMAGE_MAX_LAYERS 256
#define SEPM_IMAGE_MAX_ENTRY_PATH 2048 /* bytes of one layer entry's path */

/* The work reading one image may cost (docs/security.md).  Each limit can
 * be changed through the environment variable named beside it. */
struct sepm_image_limits
{
  uint64_t layer_entries;       /* SEPM_LAYER_MAX_ENTRIES: 1,000,000 */
  uint64_t layer_bytes;         /* SEPM_LAYER_MAX_MIB: 64 GiB uncompressed */
  uint64_t ratio;               /* SEPM_LAYER_MAX_RATIO: 10,000 to 1, past the first 64 MiB */
  uint64_t image_entries;       /* SEPM_IMAGE_MAX_ENTRIES: 4,000,000 */
  uint64_t image_bytes;         /* SEPM_IMAGE_MAX_MIB: 256 GiB uncompressed */
  /* The directories an entry implies count as entries, and the distinct
   * paths of each layer (entries and the directories they imply) count
   * their bytes here: one 2 KB path 200 levels deep makes 200
   * directories, which an entry limit alone never saw. */
  uint64_t path_bytes;          /* SEPM_IMAGE_MAX_PATH_MIB: 128 MiB */
};
struct sepm_image_limits sepm_image_limits_default (void);

struct sepm_layer
{
  char *path;                   /* the blob's file; NULL for docker:// (streamed) */
  char *digest;                 /* of the blob as stored */
  char *media_type;
  int64_t size;
  char *diff_id;                /* of the uncompressed tar, from the config */
};

struct sepm_image
{
  struct sepm_image_ref ref;
  char *layout;                 /* the OCI layout, or the extracted docker-archive; NULL for docker:// */
  char *extracted;              /* the private copy of an archive, removed on free */
  json_t *index;                /* oci: index.json; docker-archive: manifest.json */
  size_t manifest_slot;         /* which entry of it */
  json_t *manifest;             /* NULL for docker-archive */
  char *manifest_digest;
  char *config_path;            /* docker-archive: the config file */
  json_t *config;
  char *config_digest;
  struct sepm_layer *layers;
  size_t n_layers;
  struct sepm_registry *registry;       /* docker://: where the layers stream from */
};

/* What each layer holds, entry by entry, for checks of labelled paths. */
enum sepm_entry_kind
{
  SEPM_ENTRY_FILE, SEPM_ENTRY_DIR, SEPM_ENTRY_SYMLINK, SEPM_ENTRY_HARDLINK,
  SEPM_ENTRY_CHAR, SEPM_ENTRY_BLOCK, SEPM_ENTRY_FIFO, SEPM_ENTRY_SOCKET,
  SEPM_ENTRY_WHITEOUT, SEPM_ENTRY_OPAQUE,
};
typedef int (*sepm_layer_entry_fn) (size_t layer, const char *path, enum sepm_entry_kind kind,
                                    const char *link_target, void *arg);

/* Open REF and verify every blob; with FN, also walk each layer's entries
 * (paths normalised to start with `/`, whiteouts reported as such). */
struct sepm_registry_options;
/* REGISTRY: the options of a docker:// reference (NULL: the defaults). */
int sepm_image_open (const char *ref, const struct sepm_registry_options *registry, sepm_layer_entry_fn fn,
                     void *arg, struct sepm_image **out, sepm_error_t *err);
/* The same, and each layer unpacked into UNPACK as it is verified
 * (layer_unpack.h): on an error, what is there is the caller's to remove. */
struct sepm_unpack;
int sepm_image_open_unpack (const char *ref, const struct sepm_registry_options *registry, sepm_layer_entry_fn fn,
                            void *arg, struct sepm_unpack *unpack, struct sepm_image **out, sepm_error_t *err);
void sepm_image_free (struct sepm_image *img);

/* The config's Labels object (may be NULL). */
json_t *sepm_image_labels (const struct sepm_image *img);

/* Write IMG with LABELS added to its config's Labels, to DEST (NULL means
 * in place; otherwise of the same transport as IMG).  New blobs are written first and the
 * index is replaced last, atomically, so a crash leaves the old image.
 * The same inputs give the same bytes.  *manifest_digest is the new
 * manifest's digest (for docker-archive, which has no manifest, the new
 * config's); *written the reference written, with the tag it got. */
int sepm_image_write_labels (struct sepm_image *img, json_t *labels, const char *dest,
                             char **manifest_digest, char **written, sepm_error_t *err);

#endif
