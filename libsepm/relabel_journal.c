#include <config.h>
#include "relabel_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "util.h"

#define MAGIC "sepm-relabel-journal 1"
/* Far above any root filesystem's worth of labels; a bound on what a
 * damaged file can make us allocate. */
#define MAX_JOURNAL_BYTES ((size_t) 1 << 31)

static int
compare_paths (const void *a, const void *b)
{
  const struct sepm_relabel_journal_entry *x = a, *y = b;
  return strcmp (x->path, y->path);
}

void
sepm_relabel_journal_from_plan (const struct sepm_relabel_plan *plan, ino_t root_ino,
                                struct sepm_relabel_journal *j)
{
  j->root_ino = root_ino;
  j->n = plan->n_changes;
  j->entries = xcalloc (j->n + 1, sizeof (*j->entries));
  for (size_t i = 0; i < j->n; i++)
    {
      const struct sepm_relabel_change *c = &plan->changes[i];
      j->entries[i] = (struct sepm_relabel_journal_entry) { c->ino, c->type, c->old, c->context, c->path };
    }
  /* In path order, names in one directory are applied together: each
   * directory is opened once. */
  qsort (j->entries, j->n, sizeof (*j->entries), compare_paths);
}

static void
put_field (FILE *f, const char *s)
{
  fwrite (s, 1, strlen (s) + 1, f);
}

static void
put_number (FILE *f, uintmax_t n)
{
  fprintf (f, "%ju%c", n, '\0');
}

int
sepm_relabel_journal_write (int parent_fd, const char *tmp_name, const char *name,
                            const struct sepm_relabel_journal *j, sepm_error_t *err)
{
  int fd = openat (parent_fd, tmp_name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  FILE *f;

  if (fd < 0)
    return sepm_error_make (err, errno, "create the relabel's journal `%s`", tmp_name);
  if ((f = fdopen (fd, "w")) == NULL)
    {
      close (fd);
      return sepm_error_make (err, errno, "open the relabel's journal `%s`", tmp_name);
    }
  put_field (f, MAGIC);
  put_number (f, j->root_ino);
  put_number (f, j->n);
  for (size_t i = 0; i < j->n; i++)
    {
      const struct sepm_relabel_journal_entry *e = &j->entries[i];
      put_number (f, e->ino);
      put_number (f, e->type);
      put_field (f, e->old);
      put_field (f, e->label);
      put_field (f, e->path);
    }
  put_field (f, "end");
  /* The journal must be whole on disk before its name says it is there. */
  if (fflush (f) != 0 || ferror (f) || fsync (fileno (f)) < 0)
    {
      int saved = errno;
      fclose (f);
      unlinkat (parent_fd, tmp_name, 0);
      return sepm_error_make (err, saved, "write the relabel's journal `%s`", tmp_name);
    }
  if (fclose (f) != 0)
    return sepm_error_make (err, errno, "write the relabel's journal `%s`", tmp_name);
  if (renameat (parent_fd, tmp_name, parent_fd, name) < 0)
    return sepm_error_make (err, errno, "put the relabel's journal in place as `%s`", name);
  if (fsync (parent_fd) < 0)
    return sepm_error_make (err, errno, "sync the directory holding the relabel's journal `%s`", name);
  return 0;
}

/* The next NUL-terminated field of [*P, END), or NULL. */
static char *
next_field (char **p, const char *end)
{
  char *s = *p, *nul = s < end ? memchr (s, '\0', end - s) : NULL;

  if (nul == NULL)
    return NULL;
  *p = nul + 1;
  return s;
}

static bool
next_number (char **p, const char *end, uintmax_t *n)
{
  char *s = next_field (p, end), *stop;

  if (s == NULL || *s < '0' || *s > '9')
    return false;
  errno = 0;
  *n = strtoumax (s, &stop, 10);
  return errno == 0 && *stop == '\0';
}

static bool
parse (char *data, size_t len, struct sepm_relabel_journal *j)
{
  char *p = data, *end = data + len, *magic = next_field (&p, end), *tail;
  uintmax_t root, n, ino, type;

  if (magic == NULL || strcmp (magic, MAGIC) != 0 || !next_number (&p, end, &root) || !next_number (&p, end, &n)
      || n > len)
    return false;
  j->root_ino = root;
  j->entries = xcalloc (n + 1, sizeof (*j->entries));
  for (j->n = 0; j->n < n; j->n++)
    {
      struct sepm_relabel_journal_entry *e = &j->entries[j->n];
      char *old, *label, *path;
      if (!next_number (&p, end, &ino) || !next_number (&p, end, &type) || (old = next_field (&p, end)) == NULL
          || (label = next_field (&p, end)) == NULL || (path = next_field (&p, end)) == NULL || path[0] != '/')
        return false;
      *e = (struct sepm_relabel_journal_entry) { ino, type & S_IFMT, xstrdup (old), xstrdup (label),
        xstrdup (path) };
    }
  tail = next_field (&p, end);
  return tail != NULL && strcmp (tail, "end") == 0 && p == end;
}

int
sepm_relabel_journal_read (int parent_fd, const char *name, struct sepm_relabel_journal *j, sepm_error_t *err)
{
  cleanup_free char *data = NULL;
  size_t len = 0;

  memset (j, 0, sizeof (*j));
  cleanup_close int fd = openat (parent_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? 0 : sepm_error_make (err, errno, "open the relabel's journal `%s`", name);
  if (sepm_read_fd (fd, name, MAX_JOURNAL_BYTES, &data, &len, err) < 0)
    return sepm_error_wrap (err, "read the relabel's journal");
  if (!parse (data, len, j))
    {
      sepm_relabel_journal_release (j);
      /* Only a damaged disk or another hand makes one: applying part of it
       * would leave the tree neither old nor new. */
      sepm_error_make (err, 0, "the relabel's journal `%s` is damaged", name);
      return sepm_error_set_hint (err, "an interrupted relabel left it; remove it and relabel again, which "
                                  "sets every label the image gives");
    }
  return 1;
}

int
sepm_relabel_journal_remove (int parent_fd, const char *name, sepm_error_t *err)
{
  if (unlinkat (parent_fd, name, 0) < 0 && errno != ENOENT)
    return sepm_error_make (err, errno, "remove the relabel's journal `%s`", name);
  if (fsync (parent_fd) < 0)
    return sepm_error_make (err, errno, "sync the directory holding the relabel's journal `%s`", name);
  return 0;
}

void
sepm_relabel_journal_release (struct sepm_relabel_journal *j)
{
  for (size_t i = 0; i < j->n; i++)
    {
      free (j->entries[i].old);
      free (j->entries[i].label);
      free (j->entries[i].path);
    }
  free (j->entries);
  memset (j, 0, sizeof (*j));
}
