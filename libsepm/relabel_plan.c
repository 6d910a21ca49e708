#include <config.h>
#include "relabel_plan.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/xattr.h>
#include <selinux/selinux.h>

#include "tree_walk.h"
#include "util.h"

#define SELINUX_XATTR "security.selinux"

struct match
{
  struct sepm_relabel_change change;    /* context NULL: a name the labels do not match */
  nlink_t nlink;
  bool differs;                 /* its label is not the one planned */
};

struct planner
{
  struct selabel_handle *h;
  bool links_only;              /* only what hard links decide */
  struct match *matches;
  size_t n, cap;
  size_t n_entries;
};

/* The label a file has now; "" when it has none. */
static int
current_label (const struct sepm_tree_entry *e, char *buf, size_t size, sepm_error_t *err)
{
  cleanup_free char *at = sepm_tree_walk_xattr_path (e->dirfd, e->name);
  ssize_t len = lgetxattr (at, SELINUX_XATTR, buf, size - 1);

  /* ERANGE: a label longer than any context is not the one planned. */
  if (len < 0 && errno != ENODATA && errno != ENOTSUP && errno != ERANGE)
    return sepm_error_make (err, errno, "read the label of `%s`", e->path);
  if (len < 0)
    len = 0;
  while (len > 0 && buf[len - 1] == '\0')
    len--;
  buf[len] = '\0';
  return 0;
}

static void
keep (struct planner *p, const struct sepm_tree_entry *e, const char *wanted, const char *now, bool differs)
{
  if (p->n == p->cap)
    {
      p->cap = p->cap ? 2 * p->cap : 64;
      p->matches = xrealloc (p->matches, p->cap * sizeof (*p->matches));
    }
  p->matches[p->n++] = (struct match) {
    { e->st->st_dev, e->st->st_ino, e->st->st_mode & S_IFMT, wanted ? xstrdup (wanted) : NULL,
      now ? xstrdup (now) : NULL, xstrdup (e->path) },
    /* A directory's links are its own entries, not other names. */
    S_ISDIR (e->st->st_mode) ? 1 : e->st->st_nlink, differs };
}

static int
plan_entry (const struct sepm_tree_entry *e, bool leaving, void *data, sepm_error_t *err)
{
  struct planner *p = data;
  char *wanted = NULL, now[4096];
  bool linked = !S_ISDIR (e->st->st_mode) && e->st->st_nlink > 1;

  if (leaving)
    return 0;
  p->n_entries++;
  if (p->links_only && !linked)
    return 0;
  if (selabel_lookup_raw (p->h, &wanted, e->path, e->st->st_mode) < 0)
    {
      if (errno != ENOENT)
        return sepm_error_make (err, errno, "look up the label of `%s`", e->path);
      /* Unmatched, but still a name of the file: counted to tell the
       * names inside the tree from names outside it. */
      if (linked)
        keep (p, e, NULL, NULL, false);
      return 0;
    }
  if (current_label (e, now, sizeof now, err) < 0)
    {
      freecon (wanted);
      return -1;
    }
  bool differs = strcmp (now, wanted) != 0;
  /* A file with one name and its label already is nothing to plan; the
   * names of a hard-linked one are all kept to check they agree. */
  if (differs || linked)
    keep (p, e, wanted, now, differs);
  freecon (wanted);
  return 0;
}

static int
compare_inodes (const void *a, const void *b)
{
  const struct sepm_relabel_change *x = a, *y = b;

  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static void
change_release (struct sepm_relabel_change *c)
{
  free (c->context);
  free (c->old);
  free (c->path);
}

/* One change per inode that needs one; names of one file that disagree
 * are refused (restorecon would label the file with whichever it met
 * last), and so is a file with names outside the tree: its label is the
 * inode's, and whatever else names it is not the image's to relabel. */
static int
settle (struct planner *p, struct sepm_relabel_plan *plan, const char *root_name, sepm_error_t *err)
{
  int rc = 0;

  /* The change leads each match, so the inode order applies to both. */
  qsort (p->matches, p->n, sizeof (*p->matches), compare_inodes);
  plan->changes = xcalloc (p->n + 1, sizeof (*plan->changes));
  for (size_t i = 0, next; i < p->n; i = next)
    {
      struct match *first = NULL;
      for (next = i; next < p->n && compare_inodes (&p->matches[i], &p->matches[next]) == 0; next++)
        {
          struct match *m = &p->matches[next];
          if (m->change.context == NULL)
            continue;
          if (first == NULL)
            first = m;
          else if (rc == 0 && strcmp (first->change.context, m->change.context) != 0)
            rc = sepm_error_make (err, 0, "%s: `%s` and `%s` are one file (hard links) but the labels give "
                                  "them `%s` and `%s`; make the labels agree", root_name, first->change.path,
                                  m->change.path, first->change.context, m->change.context);
        }
      if (first == NULL || !first->differs)
        continue;
      if (rc == 0 && first->nlink > next - i)
        rc = sepm_error_make (err, 0, "%s: `%s` has %ju names but %zu inside the tree: it is a hard link to "
                              "a file outside, whose label it shares; copy it into the tree (cp, not ln) "
                              "before relabelling", root_name,
                              first->change.path, (uintmax_t) first->nlink, next - i);
      plan->changes[plan->n_changes++] = first->change;
      first->change = (struct sepm_relabel_change) { 0 };
    }
  for (size_t i = 0; i < p->n; i++)
    change_release (&p->matches[i].change);
  return rc;
}

static int
make (int root_fd, const char *root_name, struct selabel_handle *h, bool links_only,
      struct sepm_relabel_plan *plan, sepm_error_t *err)
{
  struct planner p = { .h = h, .links_only = links_only };
  int rc;

  memset (plan, 0, sizeof (*plan));
  rc = sepm_tree_walk (root_fd, root_name, plan_entry, &p, err);
  if (rc == 0)
    rc = settle (&p, plan, root_name, err);
  else
    for (size_t i = 0; i < p.n; i++)
      change_release (&p.matches[i].change);
  free (p.matches);
  plan->n_entries = p.n_entries;
  if (rc < 0)
    sepm_relabel_plan_release (plan);
  return rc;
}

int
sepm_relabel_plan_make (int root_fd, const char *root_name, struct selabel_handle *h,
                        struct sepm_relabel_plan *plan, sepm_error_t *err)
{
  return make (root_fd, root_name, h, false, plan, err);
}

int
sepm_relabel_plan_check_links (int root_fd, const char *root_name, struct selabel_handle *h, sepm_error_t *err)
{
  struct sepm_relabel_plan plan;
  int rc = make (root_fd, root_name, h, true, &plan, err);

  sepm_relabel_plan_release (&plan);
  return rc;
}

void
sepm_relabel_plan_release (struct sepm_relabel_plan *plan)
{
  for (size_t i = 0; i < plan->n_changes; i++)
    change_release (&plan->changes[i]);
  free (plan->changes);
  memset (plan, 0, sizeof (*plan));
}
