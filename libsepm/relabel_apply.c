#include <config.h>
#include "relabel_apply.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "tree_walk.h"
#include "util.h"

#define SELINUX_XATTR "security.selinux"

/* The directory of the last name applied: names come in path order, so a
 * directory's entries reuse it. */
struct cursor
{
  char *dir;                    /* "/usr/bin", "" for the root */
  int fd;
  int error;                    /* why FD is -1 */
};

/* Open DIR (LEN bytes of a path, no trailing slash) below ROOT_FD one name
 * at a time; -1 with errno when a component is missing, not a directory,
 * a link, or on another filesystem. */
static int
open_beneath (int root_fd, dev_t dev, const char *dir, size_t len)
{
  int fd = fcntl (root_fd, F_DUPFD_CLOEXEC, 0);
  const char *p = dir, *end = dir + len;

  while (fd >= 0 && p < end)
    {
      const char *slash;
      while (p < end && *p == '/')
        p++;
      slash = memchr (p, '/', end - p);
      cleanup_free char *name = xstrndup (p, (slash ? slash : end) - p);
      p = slash ? slash : end;
      if (name[0] == '\0')
        continue;
      if (strcmp (name, "..") == 0 || strcmp (name, ".") == 0)
        {
          close (fd);
          errno = EINVAL;
          return -1;
        }
      int next = openat (fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      struct stat st;
      close (fd);
      fd = next;
      if (fd >= 0 && (fstat (fd, &st) < 0 || st.st_dev != dev))
        {
          close (fd);
          errno = EXDEV;
          return -1;
        }
    }
  return fd;
}

static int
reach (struct cursor *c, int root_fd, dev_t dev, const char *path, const char **base)
{
  const char *slash = strrchr (path, '/');
  size_t len = slash - path;

  *base = slash + 1;
  if (c->dir && strlen (c->dir) == len && memcmp (c->dir, path, len) == 0)
    {
      errno = c->error;
      return c->fd;
    }
  if (c->fd >= 0)
    close (c->fd);
  free (c->dir);
  c->dir = xstrndup (path, len);
  c->fd = open_beneath (root_fd, dev, path, len);
  c->error = c->fd < 0 ? errno : 0;
  errno = c->error;
  return c->fd;
}

/* Why a name could not be reached, when the reason is that the tree is no
 * longer as planned; any other failure (no descriptors, no permission)
 * must stop the relabel, which leaves the journal for the next run,
 * rather than skip a label. */
static bool
tree_changed (int e)
{
  return e == ENOENT || e == ENOTDIR || e == ELOOP || e == EXDEV || e == EINVAL;
}

int
sepm_relabel_apply (int root_fd, const char *root_name, const struct sepm_relabel_journal *j, size_t *applied,
                    sepm_error_t *err)
{
  struct cursor c = { NULL, -1, 0 };
  struct stat root, st;
  int rc = 0;

  *applied = 0;
  if (fstat (root_fd, &root) < 0)
    return sepm_error_make (err, errno, "stat `%s`", root_name);
  for (size_t i = 0; i < j->n && rc == 0; i++)
    {
      const struct sepm_relabel_journal_entry *e = &j->entries[i];
      const char *base;
      int dir = reach (&c, root_fd, root.st_dev, e->path, &base);

      if (base[0] == '\0')
        dir = root_fd, base = ".";
      if (dir >= 0 && fstatat (dir, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
        dir = -1;
      if (dir < 0 && !tree_changed (errno))
        {
          rc = sepm_error_make (err, errno, "%s: reach `%s`", root_name, e->path);
          break;
        }
      /* Gone, or no longer the file planned (a kill, then the tree
       * changed): the next plan decides its label. */
      if (dir < 0 || st.st_ino != e->ino || (st.st_mode & S_IFMT) != e->type || st.st_dev != root.st_dev)
        continue;
      cleanup_free char *at = sepm_tree_walk_xattr_path (dir, base);
      if (lsetxattr (at, SELINUX_XATTR, e->label, strlen (e->label) + 1, 0) < 0)
        rc = sepm_error_make (err, errno, "%s: set the label of `%s` to `%s`", root_name, e->path, e->label);
      else
        ++*applied;
    }
  if (c.fd >= 0)
    close (c.fd);
  free (c.dir);
  /* The journal goes only once the labels are on disk. */
  if (rc == 0 && *applied && syncfs (root_fd) < 0)
    rc = sepm_error_make (err, errno, "sync `%s`", root_name);
  return rc;
}
