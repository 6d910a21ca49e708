#include <config.h>
#include "install_unpack.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "tree_walk.h"
#include "util.h"

#define WRAPPER_PREFIX ".sepm-unpack."

/* Whether some directory from DIR up to / is closed to other users (no
 * search permission for group or others, owned by this user or root): a
 * setuid file of the image below it is out of their reach. */
static bool
closed_to_others (const char *dir)
{
  cleanup_free char *p = realpath (dir, NULL);
  struct stat st;

  if (p == NULL)
    return false;
  for (;;)
    {
      if (stat (p, &st) == 0 && S_ISDIR (st.st_mode) && (st.st_mode & 0011) == 0
          && (st.st_uid == 0 || st.st_uid == geteuid ()))
        return true;
      char *slash = strrchr (p, '/');
      if (slash == NULL || (slash == p && p[1] == '\0'))
        return false;
      if (slash == p)
        slash[1] = '\0';
      else
        *slash = '\0';
    }
}

static void
init (struct sepm_install_unpack *x)
{
  memset (x, 0, sizeof (*x));
  x->parent_fd = x->wrapper_fd = -1;
}

int
sepm_install_unpack_begin (const char *rootfs, struct sepm_install_unpack *x, sepm_error_t *err)
{
  struct stat st;

  init (x);
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
      int e = errno;
      sepm_error_make (err, e, "--rootfs `%s`: open its parent directory `%s`", rootfs, parent);
      sepm_install_unpack_release (x);
      return sepm_error_set_hint (err, e == ENOENT ? "Create the parent directory first; sepm-install makes only "
                                  "the last one." : "The parent must be a real directory, not a symbolic link.");
    }
  if (!closed_to_others (parent))
    {
      sepm_error_make (err, 0, "--rootfs `%s`: other users can reach `%s`, and an image's setuid files would "
                       "be theirs to run", rootfs, parent);
      sepm_install_unpack_release (x);
      return sepm_error_set_hint (err, "Unpack inside a directory only root can enter, as podman keeps its "
                                  "storage: mkdir -m 0700 /srv/containers, then --rootfs /srv/containers/NAME.");
    }
  /* Two runs unpacking beside each other would remove each other's tree. */
  if (flock (x->parent_fd, LOCK_EX | LOCK_NB) < 0)
    {
      sepm_error_make (err, errno, "--rootfs `%s`: another sepm-install is working in `%s`", rootfs, parent);
      sepm_install_unpack_release (x);
      return -1;
    }
  x->target = xstrdup (rootfs);
  x->wrapper_name = xasprintf (WRAPPER_PREFIX "%s", name);
  /* A killed run's wrapper, never moved into place. */
  if (sepm_tree_walk_remove (x->parent_fd, x->wrapper_name, err) < 0)
    {
      sepm_install_unpack_release (x);
      return -1;
    }
  if (mkdirat (x->parent_fd, x->wrapper_name, 0700) < 0
      || (x->wrapper_fd = openat (x->parent_fd, x->wrapper_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0
      || fstat (x->wrapper_fd, &st) < 0 || st.st_uid != geteuid () || (st.st_mode & 0077)
      || mkdirat (x->wrapper_fd, "rootfs", 0700) < 0)
    {
      sepm_error_make (err, errno, "create `%s/%s`", parent, x->wrapper_name);
      sepm_install_unpack_release (x);
      return -1;
    }
  cleanup_free char *real_parent = realpath (parent, NULL);
  x->staging = xasprintf ("%s/%s/rootfs", real_parent ? real_parent : parent, x->wrapper_name);
  /* Entries are at most SEPM_IMAGE_MAX_ENTRY_PATH long: every full path
   * stays under PATH_MAX for the relabel. */
  if (strlen (x->staging) + SEPM_IMAGE_MAX_ENTRY_PATH + 16 > PATH_MAX)
    {
      sepm_error_make (err, 0, "--rootfs `%s`: the path is too long to unpack an image under", rootfs);
      sepm_install_unpack_release (x);
      return -1;
    }
  if (sepm_unpack_new (x->staging, &x->unpack, err) < 0)
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
sepm_install_unpack_complete (struct sepm_install_unpack *x, sepm_error_t *err)
{
  return sepm_unpack_finish (x->unpack, err);
}

int
sepm_install_unpack_finish (struct sepm_install_unpack *x, sepm_error_t *err)
{
  cleanup_free char *copy = xstrdup (x->target);
  const char *name = basename (copy);

  /* The tree is on disk before its name is. */
  if (syncfs (x->parent_fd) < 0)
    return sepm_error_make (err, errno, "sync `%s`", x->staging);
  /* Never over something made while the image was being unpacked. */
  if (renameat2 (x->wrapper_fd, "rootfs", x->parent_fd, name, RENAME_NOREPLACE) < 0)
    return sepm_error_make (err, errno, "move `%s` to `%s`", x->staging, x->target);
  fsync (x->parent_fd);
  unlinkat (x->parent_fd, x->wrapper_name, AT_REMOVEDIR);
  free (x->staging);
  x->staging = NULL;
  return 0;
}

void
sepm_install_unpack_release (struct sepm_install_unpack *x)
{
  sepm_unpack_free (x->unpack);
  if (x->wrapper_fd >= 0)
    close (x->wrapper_fd);
  if (x->wrapper_name && x->parent_fd >= 0)
    {
      sepm_error_t ignored = NULL;
      sepm_tree_walk_remove (x->parent_fd, x->wrapper_name, &ignored);
      sepm_error_release (&ignored);
    }
  if (x->parent_fd >= 0)
    close (x->parent_fd);
  free (x->target);
  free (x->staging);
  free (x->wrapper_name);
  init (x);
}
