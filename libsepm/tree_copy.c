#include <config.h>
#include "tree_copy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <sys/xattr.h>

#include "tree_walk.h"
#include "util.h"

#define SELINUX_XATTR "security.selinux"

/* The names of a file's extended attributes (NUL-separated); len 0 when
 * it has none. */
static int
list_xattrs (const char *at, char **names, ssize_t *len, const char *path, sepm_error_t *err)
{
  *names = NULL;
  for (;;)
    {
      ssize_t size = llistxattr (at, NULL, 0);
      if (size < 0 && errno == ENOTSUP)
        {
          *len = 0;
          return 0;
        }
      if (size < 0)
        return sepm_error_make (err, errno, "list the attributes of `%s`", path);
      free (*names);
      *names = xmalloc (size + 1);
      if ((*len = llistxattr (at, *names, size)) >= 0)
        return 0;
      if (errno != ERANGE)    /* ERANGE: it grew meanwhile */
        return sepm_error_make (err, errno, "list the attributes of `%s`", path);
    }
}

static bool
listed (const char *names, ssize_t len, const char *name)
{
  for (const char *p = names; p < names + len; p += strlen (p) + 1)
    if (strcmp (p, name) == 0)
      return true;
  return false;
}

static int
copy_xattr (const char *from, const char *to, const char *name, const char *path, sepm_error_t *err)
{
  cleanup_free char *value = NULL;
  ssize_t size = lgetxattr (from, name, NULL, 0), got;

  if (size < 0)
    return sepm_error_make (err, errno, "read attribute %s of `%s`", name, path);
  value = xmalloc (size + 1);
  if ((got = lgetxattr (from, name, value, size)) < 0)
    return sepm_error_make (err, errno, "read attribute %s of `%s`", name, path);
  if (lsetxattr (to, name, value, got, 0) < 0)
    return sepm_error_make (err, errno, "copy attribute %s of `%s`", name, path);
  return 0;
}

/* Every attribute of FROM on TO, LABEL replacing the label, and none that
 * TO got on its own (a default ACL of the directory it was made in). */
static int
copy_xattrs (const char *from, const char *to, const char *label, const char *path, sepm_error_t *err)
{
  cleanup_free char *names = NULL, *extra = NULL;
  ssize_t len, extra_len;

  if (list_xattrs (from, &names, &len, path, err) < 0)
    return -1;
  for (const char *p = names; p < names + len; p += strlen (p) + 1)
    if (!(label && strcmp (p, SELINUX_XATTR) == 0) && copy_xattr (from, to, p, path, err) < 0)
      return -1;
  if (label && lsetxattr (to, SELINUX_XATTR, label, strlen (label) + 1, 0) < 0)
    return sepm_error_make (err, errno, "label `%s` %s", path, label);
  if (list_xattrs (to, &extra, &extra_len, path, err) < 0)
    return -1;
  for (const char *p = extra; p < extra + extra_len; p += strlen (p) + 1)
    if (strcmp (p, SELINUX_XATTR) != 0 && !listed (names, len, p) && lremovexattr (to, p) < 0 && errno != ENODATA)
      return sepm_error_make (err, errno, "remove attribute %s from the copy of `%s`", p, path);
  return 0;
}

int
sepm_tree_copy_metadata (int src_dir, const char *src_name, const struct stat *st, int dst_dir,
                         const char *dst_name, const char *label, const char *path, sepm_error_t *err)
{
  cleanup_free char *from = sepm_tree_walk_xattr_path (src_dir, src_name);
  cleanup_free char *to = sepm_tree_walk_xattr_path (dst_dir, dst_name);
  struct timespec times[2] = { st->st_atim, st->st_mtim };

  /* Owner first: chown drops set-id bits and file capabilities, which the
   * mode and the attributes then restore. */
  if (fchownat (dst_dir, dst_name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
    return sepm_error_make (err, errno, "set the owner of the copy of `%s`", path);
  if (!S_ISLNK (st->st_mode) && fchmodat (dst_dir, dst_name, st->st_mode & 07777, 0) < 0)
    return sepm_error_make (err, errno, "set the mode of the copy of `%s`", path);
  if (copy_xattrs (from, to, label, path, err) < 0)
    return -1;
  if (utimensat (dst_dir, dst_name, times, AT_SYMLINK_NOFOLLOW) < 0)
    return sepm_error_make (err, errno, "set the times of the copy of `%s`", path);
  return 0;
}

static int
copy_bytes (int in, int out, const char *path, sepm_error_t *err)
{
  char buf[65536];
  ssize_t n;

  /* copy_file_range shares extents where the filesystem can (reflinks). */
  while ((n = copy_file_range (in, NULL, out, NULL, 1 << 30, 0)) > 0)
    ;
  if (n == 0)
    return 0;
  if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
    return sepm_error_make (err, errno, "copy `%s`", path);
  while ((n = read (in, buf, sizeof buf)) > 0)
    for (ssize_t done = 0, w; done < n; done += w)
      if ((w = write (out, buf + done, n - done)) < 0)
        return sepm_error_make (err, errno, "copy `%s`", path);
  return n < 0 ? sepm_error_make (err, errno, "read `%s`", path) : 0;
}

static int
copy_regular (int src_dir, const char *name, const struct stat *st, int dst_dir, const char *path,
              sepm_error_t *err)
{
  cleanup_close int in = openat (src_dir, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  struct stat opened;

  if (in < 0)
    return sepm_error_make (err, errno, "open `%s`", path);
  if (fstat (in, &opened) < 0 || opened.st_ino != st->st_ino || opened.st_dev != st->st_dev)
    return sepm_error_make (err, 0, "`%s` changed while it was read", path);
  cleanup_close int out = openat (dst_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0)
    return sepm_error_make (err, errno, "create the copy of `%s`", path);
  if (copy_bytes (in, out, path, err) < 0)
    return -1;
  return 0;
}

static int
copy_symlink (int src_dir, const char *name, const struct stat *st, int dst_dir, const char *path,
              sepm_error_t *err)
{
  cleanup_free char *target = xmalloc (st->st_size + 2);
  ssize_t len = readlinkat (src_dir, name, target, st->st_size + 1);

  if (len < 0)
    return sepm_error_make (err, errno, "read the link `%s`", path);
  if (len > st->st_size)
    return sepm_error_make (err, 0, "`%s` changed while it was read", path);
  target[len] = '\0';
  if (symlinkat (target, dst_dir, name) < 0)
    return sepm_error_make (err, errno, "create the copy of `%s`", path);
  return 0;
}

int
sepm_tree_copy_file (int src_dir, const char *name, const struct stat *st, int dst_dir, const char *label,
                     const char *path, sepm_error_t *err)
{
  int rc;

  if (S_ISREG (st->st_mode))
    rc = copy_regular (src_dir, name, st, dst_dir, path, err);
  else if (S_ISLNK (st->st_mode))
    rc = copy_symlink (src_dir, name, st, dst_dir, path, err);
  else if (S_ISDIR (st->st_mode))
    rc = sepm_error_make (err, 0, "`%s` is a directory", path);
  else
    rc = mknodat (dst_dir, name, st->st_mode & ~07777, st->st_rdev) < 0
      ? sepm_error_make (err, errno, "create the copy of `%s`", path) : 0;
  if (rc < 0)
    return rc;
  return sepm_tree_copy_metadata (src_dir, name, st, dst_dir, name, label, path, err);
}
