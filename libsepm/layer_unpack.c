#include <config.h>
#include "layer_unpack.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "strset.h"
#include "tree_walk.h"
#include "util.h"

struct sepm_unpack
{
  char *dir;                    /* the root, without symbolic links in its path */
  int dirfd;
  struct archive *disk;
  /* What the layer being read has written: its whiteouts leave those. */
  struct sepm_strset *this_layer;
};

/* Open PATH ("/a/b", or "/" for the root) beneath the root, refusing any
 * symbolic link on the way: a lower layer's link never redirects a write
 * or a removal out of the tree. */
static int
open_beneath (const struct sepm_unpack *u, const char *path, int flags)
{
  struct open_how how = {
    .flags = (unsigned long long) (flags | O_CLOEXEC),
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
  };
  const char *rel = path[1] ? path + 1 : ".";
  return (int) syscall (SYS_openat2, u->dirfd, rel, &how, sizeof how);
}

/* The directory holding PATH, and PATH's last component in *NAME.  -1
 * with errno ENOENT when the directory is not there. */
static int
open_parent (const struct sepm_unpack *u, const char *path, char **name)
{
  const char *slash = strrchr (path, '/');
  cleanup_free char *parent = xstrndup (path, slash == path ? 1 : (size_t) (slash - path));
  *name = xstrdup (slash + 1);
  return open_beneath (u, parent, O_RDONLY | O_DIRECTORY);
}

int
sepm_unpack_new (const char *dir, struct sepm_unpack **out, sepm_error_t *err)
{
  struct sepm_unpack *u = xcalloc (1, sizeof (*u));

  *out = NULL;
  u->dirfd = -1;
  u->dir = realpath (dir, NULL);
  if (u->dir == NULL || (u->dirfd = open (u->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
    {
      sepm_error_make (err, errno, "open the directory to unpack into, `%s`", dir);
      sepm_unpack_free (u);
      return -1;
    }
  /* An image's root is world-readable; the private directory was not. */
  if (fchmod (u->dirfd, 0755) < 0)
    {
      sepm_error_make (err, errno, "chmod `%s`", dir);
      sepm_unpack_free (u);
      return -1;
    }
  u->disk = archive_write_disk_new ();
  /* Owners, modes and times as the layer says (numeric ids: the
   * container's, not this host's names).  The secure flags refuse a path
   * through a symbolic link and `..`; UNLINK replaces what a lower layer
   * left at a name instead of writing through it. */
  archive_write_disk_set_options (u->disk, ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT
                                  | ARCHIVE_EXTRACT_UNLINK | ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM
                                  | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR);
  u->this_layer = sepm_strset_new (1024);
  *out = u;
  return 0;
}

void
sepm_unpack_layer_begin (struct sepm_unpack *u)
{
  sepm_strset_free (u->this_layer);
  u->this_layer = sepm_strset_new (1024);
}

void
sepm_unpack_free (struct sepm_unpack *u)
{
  if (u == NULL)
    return;
  if (u->disk)
    archive_write_free (u->disk);
  if (u->dirfd >= 0)
    close (u->dirfd);
  sepm_strset_free (u->this_layer);
  free (u->dir);
  free (u);
}

/* A whiteout hides PATH of the lower layers. */
static int
apply_whiteout (struct sepm_unpack *u, const char *path, sepm_error_t *err)
{
  cleanup_free char *name = NULL;

  if (strcmp (path, "/") == 0)
    return sepm_error_make (err, 0, "a whiteout of the root directory");
  if (sepm_strset_has (u->this_layer, path))
    return 0;
  cleanup_close int parent = open_parent (u, path, &name);
  if (parent < 0)
    /* Nothing below hides it: the directory is not there, or is a link
     * (whose target is not the image's to remove). */
    return errno == ENOENT || errno == ENOTDIR || errno == ELOOP || errno == EXDEV ? 0
      : sepm_error_make (err, errno, "whiteout `%s`: open its directory", path);
  return sepm_tree_walk_remove (parent, name, err);
}

/* An opaque whiteout empties DIR of what the lower layers put there. */
static int
apply_opaque (struct sepm_unpack *u, const char *dir, sepm_error_t *err)
{
  cleanup_close int fd = open_beneath (u, dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0)
    return errno == ENOENT ? 0 : sepm_error_make (err, errno, "opaque directory `%s`: open it", dir);
  int scan = dup (fd);
  DIR *d = scan >= 0 ? fdopendir (scan) : NULL;
  struct dirent *de;
  int rc = 0;

  if (d == NULL)
    {
      if (scan >= 0)
        close (scan);
      return sepm_error_make (err, errno, "opaque directory `%s`: list it", dir);
    }
  /* Names are gathered first: removing while reading a directory may
   * skip entries. */
  char **names = NULL;
  size_t n = 0;
  while ((de = readdir (d)) != NULL)
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      cleanup_free char *child = xasprintf ("%s/%s", strcmp (dir, "/") == 0 ? "" : dir, de->d_name);
      if (sepm_strset_has (u->this_layer, child))
        continue;
      names = xrealloc (names, (n + 1) * sizeof (*names));
      names[n++] = xstrdup (de->d_name);
    }
  closedir (d);
  for (size_t i = 0; i < n; i++)
    {
      if (rc == 0 && sepm_tree_walk_remove (fd, names[i], err) < 0)
        rc = -1;
      free (names[i]);
    }
  free (names);
  return rc;
}

/* Keep only the extended attributes a layer may set: user.* and file
 * capabilities.  security.selinux is sepm's to set, trusted.* the
 * host's. */
static void
filter_xattrs (struct archive_entry *e)
{
  struct kept
  {
    char *name;
    void *value;
    size_t size;
  } *kept = NULL;
  size_t n = 0;
  const char *name;
  const void *value;
  size_t size;

  archive_entry_xattr_reset (e);
  while (archive_entry_xattr_next (e, &name, &value, &size) == ARCHIVE_OK)
    if (strncmp (name, "user.", 5) == 0 || strcmp (name, "security.capability") == 0)
      {
        kept = xrealloc (kept, (n + 1) * sizeof (*kept));
        kept[n].name = xstrdup (name);
        kept[n].value = xmalloc (size ? size : 1);
        memcpy (kept[n].value, value, size);
        kept[n++].size = size;
      }
  archive_entry_xattr_clear (e);
  for (size_t i = 0; i < n; i++)
    {
      archive_entry_xattr_add_entry (e, kept[i].name, kept[i].value, kept[i].size);
      free (kept[i].name);
      free (kept[i].value);
    }
  free (kept);
}

/* What a lower layer left at PATH that this entry cannot simply replace:
 * a directory under a non-directory, or anything under a directory. */
static int
clear_for (struct sepm_unpack *u, const char *path, enum sepm_entry_kind kind, sepm_error_t *err)
{
  cleanup_free char *name = NULL;
  struct stat st;
  cleanup_close int parent = open_parent (u, path, &name);

  /* libarchive would replace a link among the parents by a directory;
   * the reader's model refuses such an entry (image.layers), and so does
   * the unpacker: the two never disagree about what a path is. */
  if (parent < 0 && errno != ENOENT)
    return sepm_error_make (err, errno, "`%s` passes through a symbolic link or a non-directory", path);
  if (parent < 0)
    return 0;                   /* libarchive makes the missing parents */
  if (fstatat (parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return 0;
  if (S_ISDIR (st.st_mode) != (kind == SEPM_ENTRY_DIR))
    return sepm_tree_walk_remove (parent, name, err);
  return 0;
}

/* A hard link names a regular file the layers already made, reached with
 * no symbolic link. */
static int
check_hardlink_target (const struct sepm_unpack *u, const char *path, const char *hard, sepm_error_t *err)
{
  struct stat st;
  cleanup_close int fd = open_beneath (u, hard, O_PATH | O_NOFOLLOW);

  if (fd < 0 || fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    return sepm_error_make (err, fd < 0 ? errno : 0, "`%s` is a hard link to `%s`, which is not a file of the "
                            "image reached without a symbolic link", path, hard);
  return 0;
}

int
sepm_unpack_entry (struct sepm_unpack *u, struct archive *tar, struct archive_entry *e, const char *path,
                   enum sepm_entry_kind kind, const char *hard, sepm_error_t *err)
{
  switch (kind)
    {
    case SEPM_ENTRY_WHITEOUT:
      return apply_whiteout (u, path, err);
    case SEPM_ENTRY_OPAQUE:
      return apply_opaque (u, path, err);
    case SEPM_ENTRY_CHAR:
    case SEPM_ENTRY_BLOCK:
      sepm_error_make (err, 0, "`%s` is a device node; sepm does not unpack device nodes", path);
      return sepm_error_set_hint (err, "The runtime creates a container's devices; remove the node from the image.");
    default:
      break;
    }
  sepm_strset_add (u->this_layer, path, NULL);
  if (strcmp (path, "/") == 0)
    {
      /* The root's own entry: its mode, never its owner or anything else. */
      mode_t mode = archive_entry_perm (e) & 07777;
      if (fchmod (u->dirfd, mode) < 0)
        return sepm_error_make (err, errno, "chmod the root to %o", (unsigned) mode);
      return 0;
    }
  if (kind == SEPM_ENTRY_HARDLINK && check_hardlink_target (u, path, hard, err) < 0)
    return -1;
  if (clear_for (u, path, kind, err) < 0)
    return -1;
  cleanup_free char *full = xasprintf ("%s%s", u->dir, path);
  archive_entry_set_pathname (e, full);
  if (hard)
    {
      cleanup_free char *full_hard = xasprintf ("%s%s", u->dir, hard);
      archive_entry_set_hardlink (e, full_hard);
    }
  filter_xattrs (e);
  if (archive_write_header (u->disk, e) != ARCHIVE_OK)
    return sepm_error_make (err, 0, "unpack `%s`: %s", path, archive_error_string (u->disk));
  if (kind == SEPM_ENTRY_FILE && archive_entry_size (e) > 0)
    {
      const void *buf;
      size_t size;
      la_int64_t offset;
      int r;
      while ((r = archive_read_data_block (tar, &buf, &size, &offset)) == ARCHIVE_OK)
        if (archive_write_data_block (u->disk, buf, size, offset) != ARCHIVE_OK)
          return sepm_error_make (err, 0, "unpack `%s`: %s", path, archive_error_string (u->disk));
      if (r != ARCHIVE_EOF)
        return sepm_error_make (err, 0, "unpack `%s`: %s", path, archive_error_string (tar));
    }
  if (archive_write_finish_entry (u->disk) != ARCHIVE_OK)
    return sepm_error_make (err, 0, "unpack `%s`: %s", path, archive_error_string (u->disk));
  return 0;
}
