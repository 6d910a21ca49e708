/* An image's files after all its layers are applied, whiteouts and
 * opaque directories included, as far as labels need them: every layer
 * entry recorded in order, and replayed the way a runtime applies them. */
#ifndef SEPM_IMAGE_FILES_H
#define SEPM_IMAGE_FILES_H

struct sepm_strset;
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "image.h"

struct sepm_image_file_event
{
  size_t layer;
  char *path;
  enum sepm_entry_kind kind;
  char *target;                 /* a hard link's, normalised; else NULL */
};

/* Read-only outside image_files.c. */
struct sepm_image_files
{
  struct sepm_image_file_event *events;
  size_t n, cap;
  /* The paths the layer being recorded has written, with their
   * ancestors: a whiteout of one of them is refused. */
  struct sepm_strset *layer_paths;
  size_t layer;
};

struct sepm_image_files *sepm_image_files_new (void);
void sepm_image_files_free (struct sepm_image_files *f);
/* A sepm_layer_entry_fn that records into a sepm_image_files. */
int sepm_image_files_record (size_t layer, const char *path, enum sepm_entry_kind kind,
                             const char *link_target, void *arg);
/* The kind of PATH in the final filesystem; false when it is absent. */
bool sepm_image_files_lookup (const struct sepm_image_files *f, const char *path,
                              enum sepm_entry_kind *kind);
/* What event I is: a hard link is the kind of the entry it names. */
enum sepm_entry_kind sepm_image_files_kind_at (const struct sepm_image_files *f, size_t i);

/* The file mode bits of a kind (S_IFREG for a file or a hard link). */
mode_t sepm_image_files_mode_of (enum sepm_entry_kind kind);
/* Calls FN once for each path the final filesystem has, with its kind
 * (a hard link's is the kind of the file it names), in layer order. */
typedef void (*sepm_image_file_fn) (void *arg, const char *path, enum sepm_entry_kind kind);
void sepm_image_files_each_final (const struct sepm_image_files *f, sepm_image_file_fn fn, void *arg);

#endif
