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

/* The parent of NEW, checked once and then trusted by path (the relabel
 * names files by path): every directory from / down to it must be
 * beyond other users' reach to change, so the path keeps naming the
 * directory that was opened, and one of them must be closed to them, so
 * the image's setuid files are not theirs to run. */
struct parent_check
{
  bool closed;
  char *changeable;             /* the first directory others could change; or NULL */
};

static bool
owned_by_us (const struct stat *st)
{
  return st->st_uid == 0 || st->st_uid == geteuid ();
}

/* REAL is a canonical path (no links, no `.`/`..`). */
static int
check_parent_chain (const char *real, struct parent_check *c)
{
  cleanup_free char *p = xstrdup (real);
  size_t len = strlen (p);
  struct stat st;

  memset (c, 0, sizeof (*c));
  /* From the root down: "/", then the path cut at each slash in turn. */
  for (size_t i = 0; i <= len; i++)
    {
      if (i > 0 && i < len && p[i] != '/')
        continue;
      char saved = p[i];
      if (i > 0)
        p[i] = '\0';
      if (lstat (i == 0 ? "/" : p, &st) < 0)
        return -1;
      /* A sticky directory lets others change only their own entries: the
       * next one down is checked to be ours. */
      if (c->changeable == NULL
          && (!S_ISDIR (st.st_mode) || !owned_by_us (&st)
              || ((st.st_mode & 0022) && !(st.st_mode & S_ISVTX))))
        c->changeable = xstrdup (i == 0 ? "/" : p);
      if (S_ISDIR (st.st_mode) && owned_by_us (&st) && (st.st_mode & 0011) == 0)
        c->closed = true;
      p[i] = saved;
    }
  return 0;
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
  cleanup_free char *real_parent = realpath (parent, NULL);
  struct stat opened, named;
  struct parent_check c = { 0 };
  if (real_parent == NULL || fstat (x->parent_fd, &opened) < 0 || stat (real_parent, &named) < 0
      || check_parent_chain (real_parent, &c) < 0)
    {
      sepm_error_make (err, errno, "--rootfs `%s`: resolve its parent directory `%s`", rootfs, parent);
      sepm_install_unpack_release (x);
      return -1;
    }
  cleanup_free char *changeable = c.changeable;
  if (changeable || opened.st_dev != named.st_dev || opened.st_ino != named.st_ino)
    {
      sepm_error_make (err, 0, "--rootfs `%s`: another user can change `%s`, so the path may not keep naming "
                       "the directory sepm checks and labels", rootfs, changeable ? changeable : parent);
      sepm_install_unpack_release (x);
      return sepm_error_set_hint (err, "Unpack under directories only root can change (owned by root, not "
                                  "writable by group or others), as podman keeps its storage: mkdir -m 0700 "
                                  "/srv/containers, then --rootfs /srv/containers/NAME.");
    }
  if (!c.closed)
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
  /* The canonical path, in what is reported and printed too: the path
   * typed may pass through a link another user can change afterwards,
   * the canonical one only through directories the check found closed
   * to them. */
  x->target = xasprintf ("%s/%s", strcmp (real_parent, "/") == 0 ? "" : real_parent, name);
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
  x->staging = xasprintf ("%s/%s/rootfs", real_parent, x->wrapper_name);
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
