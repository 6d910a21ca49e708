/* Copying one entry of a tree to another directory as a new inode: its
 * content (a regular file's bytes, a link's target, a device's number),
 * owner, mode, every extended attribute (capabilities and ACLs included)
 * and times.  The relabel builds its new tree from these and hard links. */
#ifndef SEPM_TREE_COPY_H
#define SEPM_TREE_COPY_H

#include <sys/stat.h>

#include "error.h"

/* Create a copy of the non-directory NAME in SRC_DIR (whose lstat is ST)
 * as NAME in DST_DIR, labelled LABEL (or with its own label when NULL).
 * PATH names it in errors. */
int sepm_tree_copy_file (int src_dir, const char *name, const struct stat *st, int dst_dir, const char *label,
                         const char *path, sepm_error_t *err);

/* Give DST_NAME in DST_DIR, made by the caller, SRC's owner, mode,
 * extended attributes (LABEL replacing its label when not NULL) and
 * times.  For a directory, call it after its children are in place (they
 * change its times). */
int sepm_tree_copy_metadata (int src_dir, const char *src_name, const struct stat *st, int dst_dir,
                             const char *dst_name, const char *label, const char *path, sepm_error_t *err);

#endif
