#define _XOPEN_SOURCE 700
#include <config.h>
#include "image_archive.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>

#include "tree_walk.h"
#include "util.h"

/* A symbolic link's target, resolved from the link's directory, stays
 * inside the archive (docker-archive's legacy `ID/layer.tar -> ../X.tar`). */
static bool
link_stays_inside (const char *name, const char *target)
{
  int depth = 0;
  cleanup_free char *copy = NULL;
  char *save = NULL;

  if (target == NULL || target[0] == '/')
    return false;
  for (const char *p = name; *p; p++)
    depth += *p == '/';
  copy = xstrdup (target);
  for (char *c = strtok_r (copy, "/", &save); c; c = strtok_r (NULL, "/", &save))
    {
      if (strcmp (c, "..") == 0)
        depth--;
      else if (strcmp (c, ".") != 0)
        depth++;
      if (depth < 0)
        return false;
    }
  return true;
}

int
sepm_image_archive_extract (const char *path, char **dir, sepm_error_t *err)
{
  char *target = sepm_private_tmpdir ("sepm-image", err);
  struct archive *in = archive_read_new ();
  struct archive *out = archive_write_disk_new ();
  struct archive_entry *e;
  unsigned long long total = 0;
  size_t count = 0;
  int r, rc = -1;

  if (target == NULL)
    {
      sepm_error_wrap (err, "extract `%s`", path);
      goto out;
    }
  archive_read_support_format_tar (in);
  archive_read_support_filter_all (in);
  /* The secure flags, and each header checked here too (extract2 would
   * turn their refusals into mere warnings).  Entries are written under
   * an absolute private directory, so NOABSOLUTEPATHS cannot be used; the
   * check below refuses absolute names instead. */
  archive_write_disk_set_options (out, ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT);
  if (archive_read_open_filename (in, path, 65536) != ARCHIVE_OK)
    {
      sepm_error_make (err, 0, "open the archive `%s`: %s", path, archive_error_string (in));
      goto out;
    }
  while ((r = archive_read_next_header (in, &e)) == ARCHIVE_OK)
    {
      cleanup_free char *name = archive_entry_pathname (e) ? xstrdup (archive_entry_pathname (e)) : NULL;
      cleanup_free char *dest = NULL;
      mode_t type = archive_entry_filetype (e);

      if (++count > SEPM_ARCHIVE_MAX_ENTRIES)
        {
          sepm_error_make (err, 0, "`%s` has more than %d entries", path, SEPM_ARCHIVE_MAX_ENTRIES);
          goto out;
        }
      if (name == NULL || name[0] == '/' || strstr (name, "/../") != NULL || strncmp (name, "../", 3) == 0
          || (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) || archive_entry_hardlink (e)
          || (type == AE_IFLNK && !link_stays_inside (name, archive_entry_symlink (e))))
        {
          sepm_error_make (err, 0, "`%s`: entry `%s` is not a file, directory or inner link of the archive",
                           path, name ? name : "(none)");
          goto out;
        }
      total += archive_entry_size (e);
      if (total > SEPM_ARCHIVE_MAX_BYTES)
        {
          sepm_error_make (err, 0, "`%s` holds more than %llu bytes", path, SEPM_ARCHIVE_MAX_BYTES);
          goto out;
        }
      dest = xasprintf ("%s/%s", target, name);
      archive_entry_set_pathname (e, dest);
      archive_entry_set_perm (e, type == AE_IFDIR ? 0755 : 0644);
      if (archive_write_header (out, e) != ARCHIVE_OK)
        {
          sepm_error_make (err, 0, "`%s`: cannot extract `%s`: %s", path, name, archive_error_string (out));
          goto out;
        }
      if (type == AE_IFREG)
        {
          const void *buf;
          size_t size;
          la_int64_t offset;
          while ((r = archive_read_data_block (in, &buf, &size, &offset)) == ARCHIVE_OK)
            if (archive_write_data_block (out, buf, size, offset) != ARCHIVE_OK)
              break;
          if (r != ARCHIVE_EOF)
            {
              sepm_error_make (err, 0, "`%s`: `%s` is truncated or corrupt: %s", path, name,
                               archive_error_string (in));
              goto out;
            }
        }
      if (archive_write_finish_entry (out) != ARCHIVE_OK)
        {
          sepm_error_make (err, 0, "`%s`: cannot write `%s`", path, name);
          goto out;
        }
    }
  if (r != ARCHIVE_EOF)
    {
      sepm_error_make (err, 0, "`%s` is not a readable tar archive: %s", path, archive_error_string (in));
      goto out;
    }
  *dir = target;
  target = NULL;
  rc = 0;
out:
  if (target)
    {
      sepm_image_archive_remove_dir (target);
      free (target);
    }
  archive_read_free (in);
  archive_write_free (out);
  return rc;
}

struct walk
{
  char **paths;
  size_t n;
  size_t root_len;
};
static struct walk *walk_state;

static int
collect (const char *fpath, const struct stat *sb, int flag, struct FTW *ftw)
{
  struct walk *w = walk_state;
  if (strlen (fpath) <= w->root_len)
    return 0;
  w->paths = xrealloc (w->paths, (w->n + 1) * sizeof (char *));
  w->paths[w->n++] = xstrdup (fpath + w->root_len + 1);
  return 0;
}

static int
compare_paths (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
sepm_image_archive_create (const char *dir, const char *path, sepm_error_t *err)
{
  cleanup_free char *tmp = xasprintf ("%s.tmp.%d", path, (int) getpid ());
  struct walk w = { NULL, 0, strlen (dir) };
  struct archive *a = archive_write_new ();
  int rc = -1;

  walk_state = &w;
  if (nftw (dir, collect, 16, FTW_PHYS) != 0)
    {
      sepm_error_make (err, errno, "read `%s`", dir);
      goto out;
    }
  qsort (w.paths, w.n, sizeof (char *), compare_paths);
  archive_write_set_format_pax_restricted (a);
  if (archive_write_open_filename (a, tmp) != ARCHIVE_OK)
    {
      sepm_error_make (err, 0, "create `%s`: %s", tmp, archive_error_string (a));
      goto out;
    }
  for (size_t i = 0; i < w.n; i++)
    {
      cleanup_free char *full = xasprintf ("%s/%s", dir, w.paths[i]);
      struct archive_entry *e = archive_entry_new ();
      struct stat st;
      if (lstat (full, &st) < 0)
        {
          archive_entry_free (e);
          sepm_error_make (err, errno, "stat `%s`", full);
          goto out;
        }
      /* No owner, no time: the same directory gives the same archive. */
      archive_entry_set_pathname (e, w.paths[i]);
      if (S_ISLNK (st.st_mode))
        {
          char target[4096];
          ssize_t n = readlink (full, target, sizeof (target) - 1);
          target[n > 0 ? n : 0] = '\0';
          archive_entry_set_filetype (e, AE_IFLNK);
          archive_entry_set_symlink (e, target);
          archive_entry_set_perm (e, 0777);
        }
      else
        {
          archive_entry_set_filetype (e, S_ISDIR (st.st_mode) ? AE_IFDIR : AE_IFREG);
          archive_entry_set_perm (e, S_ISDIR (st.st_mode) ? 0755 : 0644);
          archive_entry_set_size (e, S_ISDIR (st.st_mode) ? 0 : st.st_size);
        }
      archive_entry_set_mtime (e, 0, 0);
      if (archive_write_header (a, e) != ARCHIVE_OK)
        {
          archive_entry_free (e);
          sepm_error_make (err, 0, "write `%s`: %s", tmp, archive_error_string (a));
          goto out;
        }
      archive_entry_free (e);
      if (S_ISREG (st.st_mode))
        {
          cleanup_close int fd = open (full, O_RDONLY | O_CLOEXEC);
          char buf[65536];
          ssize_t n;
          while (fd >= 0 && (n = read (fd, buf, sizeof (buf))) > 0)
            if (archive_write_data (a, buf, n) != n)
              {
                sepm_error_make (err, 0, "write `%s`: %s", tmp, archive_error_string (a));
                goto out;
              }
        }
    }
  if (archive_write_close (a) != ARCHIVE_OK)
    {
      sepm_error_make (err, 0, "write `%s`: %s", tmp, archive_error_string (a));
      goto out;
    }
  /* fsync before the rename makes the new archive appear whole or not at all. */
  int fd = open (tmp, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync (fd) < 0 || close (fd) < 0 || rename (tmp, path) < 0)
    {
      sepm_error_make (err, errno, "replace `%s`", path);
      goto out;
    }
  rc = 0;
out:
  if (rc < 0)
    unlink (tmp);
  for (size_t i = 0; i < w.n; i++)
    free (w.paths[i]);
  free (w.paths);
  archive_write_free (a);
  return rc;
}

void
sepm_image_archive_remove_dir (const char *dir)
{
  sepm_error_t ignored = NULL;

  sepm_tree_walk_remove (AT_FDCWD, dir, &ignored);
  sepm_error_release (&ignored);
}
