/* Image archives (oci-archive, docker-archive) are read by extracting
 * them into a private directory, and written by taring that directory
 * again into a temporary file renamed over the target. */
#ifndef SEPM_IMAGE_ARCHIVE_H
#define SEPM_IMAGE_ARCHIVE_H

#include "error.h"

/* Limits on an archive sepm will unpack (docs/security.md). */
#define SEPM_ARCHIVE_MAX_ENTRIES 100000
#define SEPM_ARCHIVE_MAX_BYTES (64ull << 30)

/* Extract the tar at PATH into a new private directory; *dir is its path.
 * Only regular files and directories are accepted, with no absolute path
 * and no `..`. */
int sepm_image_archive_extract (const char *path, char **dir, sepm_error_t *err);

/* Write the contents of DIR as a tar at PATH, atomically.  Entries are
 * sorted and carry no owner or time, so the same directory gives the same
 * bytes. */
int sepm_image_archive_create (const char *dir, const char *path, sepm_error_t *err);

/* rm -rf DIR (the directories sepm_image_archive_extract made). */
void sepm_image_archive_remove_dir (const char *dir);

#endif
