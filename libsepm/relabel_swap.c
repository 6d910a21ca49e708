#include <config.h>
#include "relabel_swap.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>

#include "relabel_plan.h"
#include "tree_copy.h"
#include "tree_walk.h"
#include "util.h"

struct cloner
{
  const struct sepm_relabel_plan *plan;
  char **copies;                /* per change: its first copy, relative to the new root */
  int new_root;
  int parent_fd;                /* holds the new root, as STAGING */
  const char *staging;
  int dirs[SEPM_TREE_MAX_DEPTH + 2];    /* the new tree's directory at each depth */
};

static int
clone_directory (struct cloner *c, const struct sepm_tree_entry *e, bool leaving, const char *label,
                 sepm_error_t *err)
{
  int here = e->depth ? c->dirs[e->depth - 1] : c->parent_fd;
  const char *name = e->depth ? e->name : c->staging;
  int rc;

  if (!leaving)
    {
      if (e->depth == 0)
        {
          c->dirs[0] = c->new_root;
          return 0;
        }
      if (mkdirat (here, name, 0700) < 0)
        return sepm_error_make (err, errno, "create the copy of `%s`", e->path);
      c->dirs[e->depth] = openat (here, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (c->dirs[e->depth] < 0)
        return sepm_error_make (err, errno, "open the copy of `%s`", e->path);
      return 0;
    }
  /* Its entries are in place, so its times can be set for good. */
  rc = sepm_tree_copy_metadata (e->dirfd, e->name, e->st, here, name, label, e->path, err);
  if (e->depth)
    {
      close (c->dirs[e->depth]);
      c->dirs[e->depth] = -1;
    }
  return rc;
}

static int
clone_entry (const struct sepm_tree_entry *e, bool leaving, void *data, sepm_error_t *err)
{
  struct cloner *c = data;
  size_t index = 0;
  const struct sepm_relabel_change *change = sepm_relabel_plan_find (c->plan, e->st, &index);
  const char *label = change ? change->context : NULL;
  int here = e->depth ? c->dirs[e->depth - 1] : -1;

  if (S_ISDIR (e->st->st_mode))
    return clone_directory (c, e, leaving, label, err);
  if (change && c->copies[index])
    {
      /* Another name of a file already copied: keep them one file. */
      if (linkat (c->new_root, c->copies[index], here, e->name, 0) < 0)
        return sepm_error_make (err, errno, "link `%s` to its other name", e->path);
      return 0;
    }
  if (change)
    {
      if (sepm_tree_copy_file (e->dirfd, e->name, e->st, here, label, e->path, err) < 0)
        return -1;
      c->copies[index] = xstrdup (e->path + 1);
      return 0;
    }
  /* Unchanged: the new tree shares the file itself (a link is linked, not
   * followed).  A file at its link limit is copied instead. */
  if (linkat (e->dirfd, e->name, here, e->name, 0) == 0)
    return 0;
  if (errno != EMLINK)
    return sepm_error_make (err, errno, "link `%s` into the relabelled tree", e->path);
  return sepm_tree_copy_file (e->dirfd, e->name, e->st, here, NULL, e->path, err);
}

static int
build_new_tree (int root_fd, const char *rootfs, const struct sepm_relabel_plan *plan, int parent_fd,
                const char *staging, sepm_error_t *err)
{
  struct cloner c = { plan, xcalloc (plan->n_changes + 1, sizeof (char *)), -1, parent_fd, staging, { 0 } };
  int rc = -1;

  for (size_t i = 0; i < sizeof c.dirs / sizeof c.dirs[0]; i++)
    c.dirs[i] = -1;
  if (mkdirat (parent_fd, staging, 0700) < 0)
    sepm_error_make (err, errno, "create `%s` beside `%s`", staging, rootfs);
  else if ((c.new_root = openat (parent_fd, staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
    sepm_error_make (err, errno, "open `%s` beside `%s`", staging, rootfs);
  else if (sepm_tree_walk (root_fd, rootfs, clone_entry, &c, err) == 0)
    /* On disk before it is swapped in: a crash must not expose a tree
     * whose entries were never written. */
    rc = syncfs (c.new_root) < 0 ? sepm_error_make (err, errno, "sync `%s`", staging) : 0;
  for (size_t i = 1; i < sizeof c.dirs / sizeof c.dirs[0]; i++)
    if (c.dirs[i] >= 0)
      close (c.dirs[i]);
  if (c.new_root >= 0)
    close (c.new_root);
  for (size_t i = 0; i < plan->n_changes; i++)
    free (c.copies[i]);
  free (c.copies);
  return rc;
}

/* The name beside the root filesystem's own that the new tree is built
 * under (and the old one is left under if a kill stops its removal). */
static char *
staging_name (const char *rootfs_base)
{
  return xasprintf (".sepm-relabel.%s", rootfs_base);
}

/* Exchange the new tree with ROOT_FD's, provided the root filesystem's
 * name still holds the tree that was copied. */
static int
exchange (int parent_fd, const char *base, int root_fd, const char *staging, const char *rootfs,
          sepm_error_t *err)
{
  struct stat named, opened;

  if (fstatat (parent_fd, base, &named, AT_SYMLINK_NOFOLLOW) < 0 || fstat (root_fd, &opened) < 0
      || named.st_ino != opened.st_ino || named.st_dev != opened.st_dev)
    return sepm_error_make (err, 0, "`%s` was replaced while it was relabelled", rootfs);
  if (renameat2 (parent_fd, staging, parent_fd, base, RENAME_EXCHANGE) < 0)
    return sepm_error_make (err, errno, "swap the relabelled tree into `%s`%s", rootfs,
                            errno == EBUSY ? " (it is in use as a mount point; relabel it with --relabel-in-place)"
                            : errno == EINVAL || errno == ENOSYS
                            ? " (this filesystem cannot exchange two names; relabel with --relabel-in-place)" : "");
  if (fsync (parent_fd) < 0)
    return sepm_error_make (err, errno, "sync the directory holding `%s`", rootfs);
  return 0;
}

static int
split_path (const char *rootfs, char **parent, char **base, sepm_error_t *err)
{
  const char *slash = strrchr (rootfs, '/');

  if (rootfs[0] != '/' || slash == NULL || slash[1] == '\0')
    return sepm_error_make (err, 0, "`%s` cannot be relabelled as a whole (it is a filesystem's root)", rootfs);
  *parent = slash == rootfs ? xstrdup ("/") : xstrndup (rootfs, slash - rootfs);
  *base = xstrdup (slash + 1);
  return 0;
}

int
sepm_relabel_swap (const char *rootfs, struct selabel_handle *h, struct sepm_relabel_stats *stats,
                   sepm_error_t *err)
{
  cleanup_free char *parent = NULL, *base = NULL, *staging = NULL;
  struct sepm_relabel_plan plan = { 0 };
  int rc = -1;

  memset (stats, 0, sizeof (*stats));
  if (split_path (rootfs, &parent, &base, err) < 0)
    return -1;
  staging = staging_name (base);
  if (strlen (staging) > NAME_MAX)
    return sepm_error_make (err, 0, "the name of `%s` is too long to build a relabelled copy beside it", rootfs);
  cleanup_close int parent_fd = open (parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd < 0)
    return sepm_error_make (err, errno, "open `%s`", parent);
  /* One relabel at a time beside this tree, whatever store it is for. */
  if (flock (parent_fd, LOCK_EX) < 0)
    return sepm_error_make (err, errno, "lock `%s`", parent);
  /* A killed run leaves a new tree never swapped in, or the old tree
   * swapped out: either is only in the way. */
  if (sepm_tree_walk_remove (parent_fd, staging, err) < 0)
    return sepm_error_wrap (err, "remove what an interrupted relabel left beside `%s`", rootfs);
  if (sepm_tree_walk_is_mount_point (parent_fd, base))
    return sepm_error_make (err, 0, "`%s` is a mount point, which cannot be swapped for a relabelled copy; "
                            "relabel it with --relabel-in-place", rootfs);
  cleanup_close int root_fd = openat (parent_fd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (root_fd < 0)
    return sepm_error_make (err, errno, "open `%s`", rootfs);
  if (sepm_relabel_plan_make (root_fd, rootfs, h, &plan, err) < 0)
    return -1;
  stats->entries = plan.n_entries;
  stats->changed = plan.n_changes;
  if (plan.n_changes == 0)
    rc = 0;
  else if (build_new_tree (root_fd, rootfs, &plan, parent_fd, staging, err) < 0
           || exchange (parent_fd, base, root_fd, staging, rootfs, err) < 0)
    {
      sepm_error_t ignored = NULL;
      sepm_tree_walk_remove (parent_fd, staging, &ignored);
      sepm_error_release (&ignored);
    }
  else if (sepm_tree_walk_remove (parent_fd, staging, err) < 0)
    sepm_error_wrap (err, "`%s` is relabelled, but its old tree, `%s/%s`, is left; the next run removes it",
                     rootfs, parent, staging);
  else
    rc = 0;
  sepm_relabel_plan_release (&plan);
  return rc;
}
