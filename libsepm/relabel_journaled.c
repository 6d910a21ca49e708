#include <config.h>
#include "relabel_journaled.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "relabel_apply.h"
#include "relabel_journal.h"
#include "relabel_plan.h"
#include "tree_walk.h"
#include "util.h"

/* Beside the root filesystem: its journal, and the name the journal is
 * written under first.  Earlier versions of sepm built a relabelled copy
 * under the journal's name; a directory found there is such a copy. */
struct beside
{
  char *parent, *base, *journal, *tmp;
  int parent_fd;
};

static void
beside_release (struct beside *b)
{
  free (b->parent);
  free (b->base);
  free (b->journal);
  free (b->tmp);
  if (b->parent_fd >= 0)
    close (b->parent_fd);
}

/* Open and lock the directory holding ROOTFS: one relabel at a time beside
 * a tree, whatever store it is for.  1, or 0 when ROOTFS is a filesystem's
 * root (nothing can be beside it). */
static int
beside_open (const char *rootfs, struct beside *b, sepm_error_t *err)
{
  const char *slash = strrchr (rootfs, '/');

  *b = (struct beside) { .parent_fd = -1 };
  if (rootfs[0] != '/' || slash == NULL || slash[1] == '\0')
    return 0;
  b->parent = slash == rootfs ? xstrdup ("/") : xstrndup (rootfs, slash - rootfs);
  b->base = xstrdup (slash + 1);
  b->journal = xasprintf (".sepm-relabel.%s", b->base);
  b->tmp = xasprintf (".sepm-relabel-new.%s", b->base);
  if (strlen (b->tmp) > NAME_MAX)
    return sepm_error_make (err, 0, "the name of `%s` is too long for the relabel's journal beside it", rootfs);
  if ((b->parent_fd = open (b->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
    return sepm_error_make (err, errno, "open `%s`", b->parent);
  if (flock (b->parent_fd, LOCK_EX) < 0)
    return sepm_error_make (err, errno, "lock `%s`", b->parent);
  return 1;
}

static int
open_root (const struct beside *b, const char *rootfs, sepm_error_t *err)
{
  int fd = openat (b->parent_fd, b->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    sepm_error_make (err, errno, "open `%s`", rootfs);
  return fd;
}

/* Roll forward what a killed run left: its journal is whole (it was
 * renamed into place only once on disk), so every label it lists is set;
 * a journal for another tree that took this name is only stale.  A
 * journal half written under the temporary name had set nothing. */
static int
recover (const struct beside *b, const char *rootfs, size_t *recovered, sepm_error_t *err)
{
  struct sepm_relabel_journal j;
  struct stat st;
  int rc;

  *recovered = 0;
  if (unlinkat (b->parent_fd, b->tmp, 0) < 0 && errno != ENOENT)
    return sepm_error_make (err, errno, "remove `%s/%s`", b->parent, b->tmp);
  if (fstatat (b->parent_fd, b->journal, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
    return sepm_tree_walk_remove (b->parent_fd, b->journal, err);
  if ((rc = sepm_relabel_journal_read (b->parent_fd, b->journal, &j, err)) <= 0)
    return rc < 0 ? sepm_error_set_file (err, b->journal) : 0;
  cleanup_close int root_fd = open_root (b, rootfs, err);
  rc = root_fd < 0 ? -1 : fstat (root_fd, &st) < 0 ? sepm_error_make (err, errno, "stat `%s`", rootfs) : 0;
  if (rc == 0 && st.st_ino == j.root_ino)
    rc = sepm_relabel_apply (root_fd, rootfs, &j, recovered, err);
  sepm_relabel_journal_release (&j);
  if (rc == 0)
    rc = sepm_relabel_journal_remove (b->parent_fd, b->journal, err);
  return rc < 0 ? sepm_error_wrap (err, "finish the relabel a killed run left in `%s/%s`", b->parent, b->journal)
    : 0;
}

int
sepm_relabel_journaled_recover (const char *rootfs, size_t *recovered, sepm_error_t *err)
{
  struct beside b;
  int rc = beside_open (rootfs, &b, err);

  *recovered = 0;
  if (rc > 0)
    rc = recover (&b, rootfs, recovered, err);
  beside_release (&b);
  return rc;
}

struct sepm_relabel_journaled
{
  struct beside b;
  char *rootfs;
  int root_fd;
  struct sepm_relabel_plan plan;
  size_t recovered;
};

void
sepm_relabel_journaled_release (struct sepm_relabel_journaled *r)
{
  if (r == NULL)
    return;
  sepm_relabel_plan_release (&r->plan);
  if (r->root_fd >= 0)
    close (r->root_fd);
  beside_release (&r->b);
  free (r->rootfs);
  free (r);
}

int
sepm_relabel_journaled_prepare (const char *rootfs, struct selabel_handle *h,
                                struct sepm_relabel_journaled **out, sepm_error_t *err)
{
  struct sepm_relabel_journaled *r = xcalloc (1, sizeof (*r));
  int rc;

  r->root_fd = -1;
  r->rootfs = xstrdup (rootfs);
  *out = NULL;
  rc = beside_open (rootfs, &r->b, err);
  if (rc == 0)
    rc = sepm_error_make (err, 0, "`%s` is a filesystem's root: there is nowhere beside it for the relabel's "
                          "journal; relabel it with --relabel-in-place", rootfs);
  if (rc > 0)
    rc = recover (&r->b, rootfs, &r->recovered, err);
  if (rc == 0)
    rc = (r->root_fd = open_root (&r->b, rootfs, err)) < 0 ? -1 : 0;
  if (rc == 0)
    rc = sepm_relabel_plan_make (r->root_fd, rootfs, h, &r->plan, err);
  if (rc < 0)
    {
      sepm_relabel_journaled_release (r);
      return -1;
    }
  *out = r;
  return 0;
}

int
sepm_relabel_journaled_finish (struct sepm_relabel_journaled *r, struct sepm_relabel_stats *stats,
                               sepm_error_t *err)
{
  struct sepm_relabel_journal j;
  struct stat st;
  size_t applied;
  int rc;

  stats->entries = r->plan.n_entries;
  stats->changed = r->plan.n_changes;
  stats->recovered = r->recovered;
  if (r->plan.n_changes == 0)
    return 0;
  if (fstat (r->root_fd, &st) < 0)
    return sepm_error_make (err, errno, "stat `%s`", r->rootfs);
  sepm_relabel_journal_from_plan (&r->plan, st.st_ino, &j);
  rc = sepm_relabel_journal_write (r->b.parent_fd, r->b.tmp, r->b.journal, &j, err);
  if (rc == 0 && sepm_relabel_apply (r->root_fd, r->rootfs, &j, &applied, err) < 0)
    rc = sepm_error_wrap (err, "relabelling stopped half-way; the next run finishes it from `%s/%s`", r->b.parent,
                          r->b.journal);
  if (rc == 0)
    rc = sepm_relabel_journal_remove (r->b.parent_fd, r->b.journal, err);
  /* The journal borrowed the plan's strings. */
  free (j.entries);
  return rc;
}
