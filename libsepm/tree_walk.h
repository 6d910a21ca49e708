/* Walking an untrusted directory tree (an unpacked image's root
 * filesystem) without ever leaving it: every directory is opened relative
 * to its parent with O_NOFOLLOW, a symbolic link is reported as itself,
 * and a mount point inside the tree is an error (what lies under it is
 * not the image's).  Paths are given as the container sees them. */
#ifndef SEPM_TREE_WALK_H
#define SEPM_TREE_WALK_H

#include <stdbool.h>
#include <sys/stat.h>

#include "error.h"

/* Directory depth past which a walk gives up (each level holds a file
 * descriptor open). */
#define SEPM_TREE_MAX_DEPTH 256

struct sepm_tree_entry
{
  int dirfd;                    /* the directory holding it */
  const char *name;             /* its name in DIRFD; "." for the root */
  const char *path;             /* inside the root: "/", "/usr/bin/env" */
  const struct stat *st;        /* lstat of it */
  unsigned depth;               /* 0 for the root */
  int fd;                       /* a directory's own descriptor, else -1 */
};

/* Called on every entry, parents before children; a directory is called
 * again with LEAVING after its children.  A negative return stops the
 * walk with that error. */
typedef int (*sepm_tree_visit_fn) (const struct sepm_tree_entry *e, bool leaving, void *data,
                                   sepm_error_t *err);

/* Walk the tree at ROOT_FD (a directory; ROOT_NAME names it in errors). */
int sepm_tree_walk (int root_fd, const char *root_name, sepm_tree_visit_fn visit, void *data,
                    sepm_error_t *err);

/* Whether NAME in DIRFD is where a filesystem is mounted (bind mounts
 * included). */
bool sepm_tree_walk_is_mount_point (int dirfd, const char *name);

/* A path for the *xattr calls that reaches NAME in DIRFD without resolving
 * anything the tree holds ("/proc/self/fd/N/NAME"); use the l* calls. */
char *sepm_tree_walk_xattr_path (int dirfd, const char *name);

/* Remove the tree NAME in DIRFD, never following a link out of it.  A
 * missing tree is not an error. */
int sepm_tree_walk_remove (int dirfd, const char *name, sepm_error_t *err);

#endif
