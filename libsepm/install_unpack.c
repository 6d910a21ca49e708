#include <config.h>
#include "install_unpack.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree_walk.h"
#include "util.h"

#define STAGING_PREFIX ".sepm-unpack."

int
sepm_install_unpack_begin (const char *rootfs, struct sepm_install_unpack *x, sepm_error_t *err)
{
  struct stat st;

  memset (x, 0, sizeof (*x));
  x->parent_fd = -1;
  if (lstat (rootfs, &st) == 0)
    return 0;
  if (errno != ENOENT)
    return sepm_error_make (err, errno, "--rootfs `%s`", rootfs);

  cleanup_free char *copy1 = xstrdup (rootfs), *copy2 = xstrdup (rootfs);
  const char *parent = dirname (copy1), *name = basename (copy2);
  if (strcmp (name, "/") == 0 || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return sepm_error_make (err, 0, "--rootfs `%s`: name a new directory to unpack the image into", rootfs);
  x->parent_fd = open (parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (x->parent_fd < 0)
    {
      sepm_error_make (err, errno, "--rootfs `%s`: open its parent directory `%s`", rootfs, parent);
      return sepm_error_set_hint (err, "Create the parent directory first; sepm-install makes only the last one.");
    }
  /* Two runs unpacking beside each other would remove each other's tree. */
  if (flock (x->parent_fd, LOCK_EX | LOCK_NB) < 0)
    {
      sepm_error_make (err, errno, "--rootfs `%s`: another sepm-install is working in `%s`", rootfs, parent);
      sepm_install_unpack_release (x);
      return -1;
    }
  x->target = xstrdup (rootfs);
  x->staging = xasprintf ("%s/" STAGING_PREFIX "%s", parent, name);
  cleanup_free char *staging_name = xasprintf (STAGING_PREFIX "%s", name);
  /* A killed run's tree, never moved into place. */
  if (sepm_tree_walk_remove (x->parent_fd, staging_name, err) < 0
      || (mkdirat (x->parent_fd, staging_name, 0700) < 0
          && sepm_error_make (err, errno, "create `%s`", x->staging) < 0)
      || sepm_unpack_new (x->staging, &x->unpack, err) < 0)
    {
      sepm_install_unpack_release (x);
      return -1;
    }
  return 0;
}

char *
sepm_install_unpack_file_contexts (const char *file_contexts, const char *level)
{
  /* The least specific expression: libselinux prefers every label the
   * image gives over it. */
  return xasprintf ("/.*\tsystem_u:object_r:container_file_t:%s\n%s", level, file_contexts ? file_contexts : "");
}

int
sepm_install_unpack_finish (struct sepm_install_unpack *x, sepm_error_t *err)
{
  cleanup_free char *copy = xstrdup (x->target);
  const char *name = basename (copy);
  cleanup_free char *staging_name = xasprintf (STAGING_PREFIX "%s", name);

  /* The tree is on disk before its name is. */
  if (syncfs (x->parent_fd) < 0)
    return sepm_error_make (err, errno, "sync `%s`", x->staging);
  /* Never over something made while the image was being unpacked. */
  if (renameat2 (x->parent_fd, staging_name, x->parent_fd, name, RENAME_NOREPLACE) < 0)
    return sepm_error_make (err, errno, "move `%s` to `%s`", x->staging, x->target);
  fsync (x->parent_fd);
  free (x->staging);
  x->staging = NULL;
  return 0;
}

void
sepm_install_unpack_release (struct sepm_install_unpack *x)
{
  sepm_unpack_free (x->unpack);
  if (x->staging && x->parent_fd >= 0)
    {
      cleanup_free char *copy = xstrdup (x->target ? x->target : "");
      cleanup_free char *staging_name = xasprintf (STAGING_PREFIX "%s", basename (copy));
      sepm_error_t ignored = NULL;
      sepm_tree_walk_remove (x->parent_fd, staging_name, &ignored);
      sepm_error_release (&ignored);
    }
  if (x->parent_fd >= 0)
    close (x->parent_fd);
  free (x->target);
  free (x->staging);
  memset (x, 0, sizeof (*x));
  x->parent_fd = -1;
}
