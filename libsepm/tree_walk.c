#include <config.h>
#include "tree_walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct walker
{
  sepm_tree_visit_fn visit;
  void *data;
  const char *root_name;
  dev_t dev;
};

/* A bind mount of the same filesystem keeps st_dev; statx says whether a
 * directory is the root of a mount either way. */
static bool
is_mount_point (int dirfd, const char *name, const struct stat *st, dev_t tree_dev)
{
  struct statx sx;

  if (st->st_dev != tree_dev)
    return true;
  if (statx (dirfd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &sx) < 0)
    return false;
  return (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

bool
sepm_tree_walk_is_mount_point (int dirfd, const char *name)
{
  struct stat parent, st;

  if (fstat (dirfd, &parent) < 0 || fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return false;
  return is_mount_point (dirfd, name, &st, parent.st_dev);
}

static char *
child_path (const char *parent, const char *name)
{
  return xasprintf ("%s%s%s", parent, strcmp (parent, "/") == 0 ? "" : "/", name);
}

static int walk_dir (struct walker *w, int fd, const char *path, unsigned depth, sepm_error_t *err);

static int
walk_child (struct walker *w, int parent_fd, const char *name, const char *parent_path, unsigned depth,
            sepm_error_t *err)
{
  cleanup_free char *path = child_path (parent_path, name);
  struct stat st, opened;
  int rc;

  if (strlen (path) >= PATH_MAX)
    return sepm_error_make (err, 0, "%s: a path longer than %d bytes under it", w->root_name, PATH_MAX);
  if (fstatat (parent_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return sepm_error_make (err, errno, "%s: stat `%s`", w->root_name, path);
  struct sepm_tree_entry e = { parent_fd, name, path, &st, depth, -1 };
  if (!S_ISDIR (st.st_mode))
    return w->visit (&e, false, w->data, err);
  if (is_mount_point (parent_fd, name, &st, w->dev))
    return sepm_error_make (err, 0, "%s: `%s` is a mount point; what is mounted there is not the image's "
                            "(unmount it first)", w->root_name, path);
  if (depth > SEPM_TREE_MAX_DEPTH)
    return sepm_error_make (err, 0, "%s: `%s` is nested deeper than %d directories", w->root_name, path,
                            SEPM_TREE_MAX_DEPTH);
  cleanup_close int fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return sepm_error_make (err, errno, "%s: open `%s`", w->root_name, path);
  /* The name must still be the directory just looked at. */
  if (fstat (fd, &opened) < 0 || opened.st_ino != st.st_ino || opened.st_dev != st.st_dev)
    return sepm_error_make (err, 0, "%s: `%s` changed while it was read", w->root_name, path);
  e.fd = fd;
  if ((rc = w->visit (&e, false, w->data, err)) < 0)
    return rc;
  if ((rc = walk_dir (w, fd, path, depth, err)) < 0)
    return rc;
  return w->visit (&e, true, w->data, err);
}

static int
walk_dir (struct walker *w, int fd, const char *path, unsigned depth, sepm_error_t *err)
{
  int listing = fcntl (fd, F_DUPFD_CLOEXEC, 0);
  struct dirent *de;
  DIR *d;
  int rc = 0;

  if (listing < 0 || (d = fdopendir (listing)) == NULL)
    {
      if (listing >= 0)
        close (listing);
      return sepm_error_make (err, errno, "%s: read `%s`", w->root_name, path);
    }
  /* The copy shares FD's position, which an earlier walk left at the end. */
  rewinddir (d);
  while (rc == 0)
    {
      errno = 0;
      if ((de = readdir (d)) == NULL)
        {
          if (errno)
            rc = sepm_error_make (err, errno, "%s: read `%s`", w->root_name, path);
          break;
        }
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      rc = walk_child (w, fd, de->d_name, path, depth + 1, err);
    }
  closedir (d);
  return rc;
}

int
sepm_tree_walk (int root_fd, const char *root_name, sepm_tree_visit_fn visit, void *data, sepm_error_t *err)
{
  struct walker w = { visit, data, root_name, 0 };
  struct stat st;
  int rc;

  if (fstat (root_fd, &st) < 0)
    return sepm_error_make (err, errno, "stat `%s`", root_name);
  if (!S_ISDIR (st.st_mode))
    return sepm_error_make (err, 0, "`%s` is not a directory", root_name);
  w.dev = st.st_dev;
  struct sepm_tree_entry e = { root_fd, ".", "/", &st, 0, root_fd };
  if ((rc = visit (&e, false, data, err)) < 0 || (rc = walk_dir (&w, root_fd, "/", 0, err)) < 0)
    return rc;
  return visit (&e, true, data, err);
}

char *
sepm_tree_walk_xattr_path (int dirfd, const char *name)
{
  return xasprintf ("/proc/self/fd/%d/%s", dirfd, name);
}

static int
remove_entry (const struct sepm_tree_entry *e, bool leaving, void *data, sepm_error_t *err)
{
  (void) data;
  if (e->depth == 0 || (S_ISDIR (e->st->st_mode) && !leaving))
    return 0;
  if (unlinkat (e->dirfd, e->name, S_ISDIR (e->st->st_mode) ? AT_REMOVEDIR : 0) < 0)
    return sepm_error_make (err, errno, "remove `%s`", e->path);
  return 0;
}

int
sepm_tree_walk_remove (int dirfd, const char *name, sepm_error_t *err)
{
  struct stat st;

  /* A name is one entry of DIRFD (a path only from the working
   * directory): never DIRFD itself or what holds it. */
  const char *last = strrchr (name, '/') ? strrchr (name, '/') + 1 : name;
  if (*last == '\0' || strcmp (last, ".") == 0 || strcmp (last, "..") == 0
      || (dirfd != AT_FDCWD && strchr (name, '/')))
    return sepm_error_make (err, 0, "refusing to remove `%s`: not a name inside a directory", name);

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return errno == ENOENT ? 0 : sepm_error_make (err, errno, "stat `%s`", name);
  if (!S_ISDIR (st.st_mode))
    {
      if (unlinkat (dirfd, name, 0) < 0)
        return sepm_error_make (err, errno, "remove `%s`", name);
      return 0;
    }
  cleanup_close int fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return sepm_error_make (err, errno, "open `%s`", name);
  if (sepm_tree_walk (fd, name, remove_entry, NULL, err) < 0)
    return sepm_error_wrap (err, "remove `%s`", name);
  if (unlinkat (dirfd, name, AT_REMOVEDIR) < 0)
    return sepm_error_make (err, errno, "remove `%s`", name);
  return 0;
}
