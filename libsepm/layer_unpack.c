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
#include <sys/xattr.h>
#include <unistd.h>

#include "strset.h"
#include "tree_walk.h"
#include "util.h"

/* A directory's metadata, applied when the tree is complete: applied
 * earlier, a mode without write permission or a time would be undone or
 * would stop the layers above.  Its extended attributes are not here:
 * they go on at once, so a layer of many directories with large values
 * costs no memory (nothing a later layer writes undoes them). */
struct dir_meta
{
  char *path;
  mode_t mode;
  uid_t uid;
  gid_t gid;
  struct timespec times[2];     /* atime, mtime */
  bool has_times;
};

struct sepm_unpack
{
  char *dir;                    /* the root, without symbolic links in its path */
  int dirfd;
  struct archive *disk;
  /* What the layer being read has written, with every ancestor: its
   * whiteouts leave those, its opaque markers keep them. */
  struct sepm_strset *this_layer;
  /* The directories this layer's opaque markers have emptied: a second
   * marker at or below one has nothing left to remove, and walking it
   * again would make a layer of repeated markers quadratic. */
  struct sepm_strset *opaque_done;
  struct dir_meta *dirs;
  size_t n_dirs;
  struct sepm_strset *dir_index;        /* path -> its slot: 1 + index into dirs */
  size_t **dir_slots;
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

static char *
parent_of (const char *path)
{
  const char *slash = strrchr (path, '/');
  return xstrndup (path, slash == path ? 1 : (size_t) (slash - path));
}

/* The directory holding PATH (which must exist), and PATH's last
 * component in *NAME. */
static int
open_parent (const struct sepm_unpack *u, const char *path, char **name)
{
  cleanup_free char *parent = parent_of (path);
  *name = xstrdup (strrchr (path, '/') + 1);
  return open_beneath (u, parent, O_RDONLY | O_DIRECTORY);
}

static struct dir_meta *
dir_meta_for (struct sepm_unpack *u, const char *path)
{
  const size_t *slot = sepm_strset_get (u->dir_index, path);
  if (slot)
    return &u->dirs[*slot - 1];
  u->dirs = xrealloc (u->dirs, (u->n_dirs + 1) * sizeof (*u->dirs));
  struct dir_meta *m = &u->dirs[u->n_dirs++];
  memset (m, 0, sizeof (*m));
  m->path = xstrdup (path);
  m->mode = 0755;
  /* The set keeps pointers: slots live in a list of their own. */
  size_t *value = xmalloc (sizeof (size_t));
  *value = u->n_dirs;
  u->dir_slots = xrealloc (u->dir_slots, u->n_dirs * sizeof (*u->dir_slots));
  u->dir_slots[u->n_dirs - 1] = value;
  sepm_strset_add (u->dir_index, path, value);
  return m;
}

static void
reset_dir_meta (struct dir_meta *m)
{
  m->mode = 0755;
  m->uid = 0;
  m->gid = 0;
  m->has_times = false;
}

/* Make PATH and every missing parent as directories, each beneath the
 * last and never through a link.  Returns PATH's descriptor. */
static int
make_dirs (struct sepm_unpack *u, const char *path, sepm_error_t *err)
{
  int fd = dup (u->dirfd);
  cleanup_free char *copy = xstrdup (path), *so_far = xstrdup ("");
  char *save = NULL;

  if (fd < 0)
    return sepm_error_make (err, errno, "dup");
  for (char *c = strtok_r (copy, "/", &save); c; c = strtok_r (NULL, "/", &save))
    {
      char *next = xasprintf ("%s/%s", so_far, c);
      free (so_far);
      so_far = next;
      int sub = openat (fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0 && errno == ENOENT)
        {
          /* Private until the end (the wrapper is too); a directory no
           * entry names gets 0755 and root, as runtimes make them. */
          if (mkdirat (fd, c, 0700) < 0 && errno != EEXIST)
            {
              close (fd);
              return sepm_error_make (err, errno, "create `%s`", so_far);
            }
          /* A directory made anew: whatever a removed one at this path
           * had is not its. */
          reset_dir_meta (dir_meta_for (u, so_far));
          sub = openat (fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
      close (fd);
      if (sub < 0)
        {
          cleanup_free char *shown = sepm_printable (so_far, 300);
          return sepm_error_make (err, errno == ELOOP || errno == ENOTDIR ? 0 : errno,
                                  "`%s` is a symbolic link or not a directory: nothing is unpacked through it", shown);
        }
      fd = sub;
    }
  return fd;
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
  u->disk = archive_write_disk_new ();
  /* Owners, modes and times as the layer says (numeric ids: the
   * container's, not this host's names).  The secure flags refuse a path
   * through a symbolic link and `..`; UNLINK replaces what a lower layer
   * left at a name instead of writing through it. */
  archive_write_disk_set_options (u->disk, ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT
                                  | ARCHIVE_EXTRACT_UNLINK | ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM
                                  | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR);
  u->this_layer = sepm_strset_new (1024);
  u->opaque_done = sepm_strset_new (64);
  u->dir_index = sepm_strset_new (1024);
  dir_meta_for (u, "/");
  *out = u;
  return 0;
}

void
sepm_unpack_layer_begin (struct sepm_unpack *u)
{
  sepm_strset_free (u->this_layer);
  u->this_layer = sepm_strset_new (1024);
  sepm_strset_free (u->opaque_done);
  u->opaque_done = sepm_strset_new (64);
}

void
sepm_unpack_free (struct sepm_unpack *u)
{
  if (u == NULL)
    return;
  /* Nothing is left for libarchive to fix up by path: it was given no
   * directory. */
  if (u->disk)
    archive_write_free (u->disk);
  if (u->dirfd >= 0)
    close (u->dirfd);
  sepm_strset_free (u->this_layer);
  sepm_strset_free (u->opaque_done);
  sepm_strset_free (u->dir_index);
  for (size_t i = 0; i < u->n_dirs; i++)
    {
      free (u->dirs[i].path);
      free (u->dir_slots[i]);
    }
  free (u->dirs);
  free (u->dir_slots);
  free (u->dir);
  free (u);
}

/* Whether this layer's opaque markers have emptied PATH or a directory
 * above it. */
static bool
opaque_already (const struct sepm_unpack *u, const char *path)
{
  cleanup_free char *p = xstrdup (path);
  for (;;)
    {
      if (sepm_strset_has (u->opaque_done, p))
        return true;
      char *slash = strrchr (p, '/');
      if (slash == NULL || (slash == p && p[1] == '\0'))
        return false;
      slash[slash == p ? 1 : 0] = '\0';
    }
}

/* A whiteout hides PATH of the lower layers. */
static int
apply_whiteout (struct sepm_unpack *u, const char *path, sepm_error_t *err)
{
  cleanup_free char *name = NULL;
  cleanup_free char *shown = sepm_printable (path, 300);

  if (strcmp (path, "/") == 0)
    return sepm_error_make (err, 0, "a whiteout of the root directory");
  /* The reader refuses a whiteout of what its own layer wrote (runtimes
   * disagree on it); the unpacker never removes such a path either. */
  if (sepm_strset_has (u->this_layer, path))
    return sepm_error_make (err, 0, "a whiteout of `%s`, which the same layer writes", shown);
  cleanup_close int parent = open_parent (u, path, &name);
  if (parent < 0)
    /* Nothing below hides it: the directory is not there, or is a link
     * (whose target is not the image's to remove). */
    return errno == ENOENT || errno == ENOTDIR || errno == ELOOP || errno == EXDEV ? 0
      : sepm_error_make (err, errno, "whiteout `%s`: open its directory", shown);
  return sepm_tree_walk_remove (parent, name, err);
}

/* An opaque marker empties DIR of what the lower layers put there, to
 * any depth, and keeps what its own layer writes. */
static int
apply_opaque (struct sepm_unpack *u, const char *dir, unsigned depth, sepm_error_t *err)
{
  if (depth == 0 ? opaque_already (u, dir) : sepm_strset_has (u->opaque_done, dir))
    return 0;
  cleanup_close int fd = open_beneath (u, dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0)
    return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? 0
      : sepm_error_make (err, errno, "opaque directory: open it");
  if (depth > SEPM_UNPACK_MAX_DEPTH)
    return sepm_error_make (err, 0, "an opaque directory deeper than %d levels", SEPM_UNPACK_MAX_DEPTH);
  int scan = dup (fd);
  DIR *d = scan >= 0 ? fdopendir (scan) : NULL;
  struct dirent *de;
  char **names = NULL;
  size_t n = 0;
  int rc = 0;

  if (d == NULL)
    {
      if (scan >= 0)
        close (scan);
      return sepm_error_make (err, errno, "opaque directory: list it");
    }
  /* Names first: removing while reading a directory may skip entries. */
  while ((de = readdir (d)) != NULL)
    if (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0)
      {
        names = xrealloc (names, (n + 1) * sizeof (*names));
        names[n++] = xstrdup (de->d_name);
      }
  closedir (d);
  for (size_t i = 0; i < n; i++)
    {
      cleanup_free char *child = xasprintf ("%s/%s", strcmp (dir, "/") == 0 ? "" : dir, names[i]);
      struct stat st;
      if (rc == 0 && !sepm_strset_has (u->this_layer, child))
        rc = sepm_tree_walk_remove (fd, names[i], err);
      else if (rc == 0 && fstatat (fd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
        rc = apply_opaque (u, child, depth + 1, err);
      free (names[i]);
    }
  free (names);
  if (rc == 0)
    sepm_strset_add (u->opaque_done, dir, NULL);
  return rc;
}

/* Keep only the extended attributes a layer may set: user.* (but not
 * user.overlay.*, which overlayfs reads as its own in userxattr mode)
 * and file capabilities.  security.selinux is sepm's to set, trusted.*
 * the host's. */
static bool
xattr_allowed (const char *name)
{
  return (strncmp (name, "user.", 5) == 0 && strncmp (name, "user.overlay.", 13) != 0)
    || strcmp (name, "security.capability") == 0;
}

/* Keep only the allowed extended attributes on a file's entry, for
 * libarchive to set. */
static void
filter_xattrs (struct archive_entry *e)
{
  char **names = NULL;
  void **values = NULL;
  size_t *sizes = NULL, n = 0;
  const char *name;
  const void *value;
  size_t size;

  archive_entry_xattr_reset (e);
  while (archive_entry_xattr_next (e, &name, &value, &size) == ARCHIVE_OK)
    if (xattr_allowed (name))
      {
        names = xrealloc (names, (n + 1) * sizeof (*names));
        values = xrealloc (values, (n + 1) * sizeof (*values));
        sizes = xrealloc (sizes, (n + 1) * sizeof (*sizes));
        names[n] = xstrdup (name);
        values[n] = xmalloc (size ? size : 1);
        memcpy (values[n], value, size);
        sizes[n++] = size;
      }
  archive_entry_xattr_clear (e);
  for (size_t i = 0; i < n; i++)
    {
      archive_entry_xattr_add_entry (e, names[i], values[i], sizes[i]);
      free (names[i]);
      free (values[i]);
    }
  free (names);
  free (values);
  free (sizes);
}

/* A directory's allowed extended attributes are the entry's: a lower
 * layer's directory at the same path keeps none of its own (the upper
 * directory is what a union mount shows). */
static int
set_dir_xattrs (int fd, struct archive_entry *e, const char *shown, sepm_error_t *err)
{
  ssize_t len = flistxattr (fd, NULL, 0);
  if (len > 0)
    {
      cleanup_free char *list = xmalloc ((size_t) len);
      len = flistxattr (fd, list, (size_t) len);
      for (ssize_t off = 0; len > 0 && off < len; off += (ssize_t) strlen (list + off) + 1)
        if (xattr_allowed (list + off) && fremovexattr (fd, list + off) < 0 && errno != ENODATA)
          return sepm_error_make (err, errno, "remove `%s` from `%s`", list + off, shown);
    }
  if (len < 0 && errno != ENOTSUP)
    return sepm_error_make (err, errno, "list the extended attributes of `%s`", shown);
  const char *name;
  const void *value;
  size_t size;
  archive_entry_xattr_reset (e);
  while (archive_entry_xattr_next (e, &name, &value, &size) == ARCHIVE_OK)
    if (xattr_allowed (name) && fsetxattr (fd, name, value, size, 0) < 0 && errno != ENOTSUP)
      return sepm_error_make (err, errno, "set `%s` on `%s`", name, shown);
  return 0;
}

/* Whatever a lower layer left at PATH goes, unless it is a directory and
 * the entry is one too: it is never written through. */
static int
clear_for (int parent, const char *name, enum sepm_entry_kind kind, sepm_error_t *err)
{
  struct stat st;

  if (fstatat (parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return 0;
  if (S_ISDIR (st.st_mode) && kind == SEPM_ENTRY_DIR)
    return 0;
  return sepm_tree_walk_remove (parent, name, err);
}

static int
unpack_dir (struct sepm_unpack *u, struct archive_entry *e, const char *path, sepm_error_t *err)
{
  struct dir_meta *m;

  if (strcmp (path, "/") == 0)
    {
      /* The root's own entry: a mode no wider than 0755, never its owner:
       * NEW's parent is the host's. */
      m = dir_meta_for (u, "/");
      m->mode = archive_entry_perm (e) & 0755;
      return 0;
    }
  cleanup_free char *parent = parent_of (path), *name = xstrdup (strrchr (path, '/') + 1);
  cleanup_close int pfd = make_dirs (u, parent, err);
  if (pfd < 0 || clear_for (pfd, name, SEPM_ENTRY_DIR, err) < 0)
    return -1;
  if (mkdirat (pfd, name, 0700) < 0 && errno != EEXIST)
    return sepm_error_make (err, errno, "create a directory");
  cleanup_close int fd = openat (pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  cleanup_free char *shown = sepm_printable (path, 300);
  if (fd < 0)
    return sepm_error_make (err, errno, "open the directory `%s`", shown);
  if (set_dir_xattrs (fd, e, shown, err) < 0)
    return -1;
  m = dir_meta_for (u, path);
  m->mode = archive_entry_perm (e) & 07777;
  m->uid = (uid_t) archive_entry_uid (e);
  m->gid = (gid_t) archive_entry_gid (e);
  m->times[0] = (struct timespec) { archive_entry_atime (e), archive_entry_atime_nsec (e) };
  m->times[1] = (struct timespec) { archive_entry_mtime (e), archive_entry_mtime_nsec (e) };
  if (!archive_entry_atime_is_set (e))
    m->times[0] = m->times[1];
  m->has_times = archive_entry_mtime_is_set (e);
  return 0;
}

/* A hard link to a regular file the layers made, reached with no link;
 * made by sepm, with none of the entry's metadata (it would change the
 * file it names) and none of its data. */
static int
unpack_hardlink (struct sepm_unpack *u, const char *path, const char *hard, int pfd, const char *name,
                 sepm_error_t *err)
{
  cleanup_free char *tname = NULL;
  cleanup_free char *shown = sepm_printable (path, 300), *shown_hard = sepm_printable (hard, 300);
  cleanup_close int tfd = open_parent (u, hard, &tname);
  struct stat st;

  if (tfd < 0 || fstatat (tfd, tname, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG (st.st_mode))
    return sepm_error_make (err, 0, "`%s` is a hard link to `%s`, which is not a file of the image reached "
                            "without a symbolic link", shown, shown_hard);
  if (clear_for (pfd, name, SEPM_ENTRY_HARDLINK, err) < 0)
    return -1;
  if (linkat (tfd, tname, pfd, name, 0) < 0)
    return sepm_error_make (err, errno, "link `%s` to `%s`", shown, shown_hard);
  return 0;
}

static int
unpack_other (struct sepm_unpack *u, struct archive *tar, struct archive_entry *e, const char *path,
              enum sepm_entry_kind kind, sepm_error_t *err)
{
  cleanup_free char *full = xasprintf ("%s%s", u->dir, path);
  cleanup_free char *shown = sepm_printable (path, 300);

  archive_entry_set_pathname (e, full);
  if (kind != SEPM_ENTRY_FILE)
    archive_entry_set_size (e, 0);
  filter_xattrs (e);
  if (archive_write_header (u->disk, e) != ARCHIVE_OK)
    return sepm_error_make (err, 0, "unpack `%s`: %s", shown, archive_error_string (u->disk));
  if (kind == SEPM_ENTRY_FILE && archive_entry_size (e) > 0)
    {
      const void *buf;
      size_t size;
      la_int64_t offset;
      int r;
      while ((r = archive_read_data_block (tar, &buf, &size, &offset)) == ARCHIVE_OK)
        if (archive_write_data_block (u->disk, buf, size, offset) != ARCHIVE_OK)
          return sepm_error_make (err, 0, "unpack `%s`: %s", shown, archive_error_string (u->disk));
      if (r != ARCHIVE_EOF)
        return sepm_error_make (err, 0, "unpack `%s`: %s", shown, archive_error_string (tar));
    }
  if (archive_write_finish_entry (u->disk) != ARCHIVE_OK)
    return sepm_error_make (err, 0, "unpack `%s`: %s", shown, archive_error_string (u->disk));
  return 0;
}

static unsigned
depth_of (const char *path)
{
  unsigned n = 0;
  for (; *path; path++)
    n += *path == '/';
  return n;
}

int
sepm_unpack_entry (struct sepm_unpack *u, struct archive *tar, struct archive_entry *e, const char *path,
                   enum sepm_entry_kind kind, const char *hard, sepm_error_t *err)
{
  cleanup_free char *shown = sepm_printable (path, 300);

  if (depth_of (path) > SEPM_UNPACK_MAX_DEPTH)
    return sepm_error_make (err, 0, "`%.60s...` is deeper than %d directories", shown, SEPM_UNPACK_MAX_DEPTH);
  switch (kind)
    {
    case SEPM_ENTRY_WHITEOUT:
      return apply_whiteout (u, path, err);
    case SEPM_ENTRY_OPAQUE:
      return apply_opaque (u, path, 0, err);
    case SEPM_ENTRY_CHAR:
    case SEPM_ENTRY_BLOCK:
      sepm_error_make (err, 0, "`%s` is a device node; sepm does not unpack device nodes", shown);
      return sepm_error_set_hint (err, "The runtime creates a container's devices; remove the node from the image.");
    case SEPM_ENTRY_SOCKET:
      return sepm_error_make (err, 0, "`%s` is a socket; a layer cannot carry one", shown);
    default:
      break;
    }
  if (archive_entry_sparse_count (e) > 0)
    return sepm_error_make (err, 0, "`%s` is a sparse file; sepm does not unpack sparse files (their size is "
                            "not what the layer's bytes say)", shown);
  /* PATH and its ancestors, as written by this layer. */
  sepm_strset_add_path (u->this_layer, path, NULL);
  if (kind == SEPM_ENTRY_DIR)
    return unpack_dir (u, e, path, err);
  if (strcmp (path, "/") == 0)
    return sepm_error_make (err, 0, "the root directory is not a directory in a layer");
  cleanup_free char *parent = parent_of (path), *name = xstrdup (strrchr (path, '/') + 1);
  cleanup_close int pfd = make_dirs (u, parent, err);
  if (pfd < 0)
    return -1;
  if (kind == SEPM_ENTRY_HARDLINK)
    return unpack_hardlink (u, path, hard, pfd, name, err);
  if (clear_for (pfd, name, kind, err) < 0)
    return -1;
  return unpack_other (u, tar, e, path, kind, err);
}

static int
by_depth (const void *a, const void *b)
{
  unsigned x = depth_of (((const struct dir_meta *) a)->path), y = depth_of (((const struct dir_meta *) b)->path);
  return x < y ? 1 : x > y ? -1 : 0;
}

int
sepm_unpack_finish (struct sepm_unpack *u, sepm_error_t *err)
{
  /* libarchive gets no directory, so it has nothing to fix up; freeing
   * it now makes sure of it before the tree moves. */
  if (archive_write_close (u->disk) != ARCHIVE_OK)
    return sepm_error_make (err, 0, "finish the unpack: %s", archive_error_string (u->disk));
  archive_write_free (u->disk);
  u->disk = NULL;
  /* The index's slots point into DIRS by number: sort a copy. */
  struct dir_meta *order = xcalloc (u->n_dirs + 1, sizeof (*order));
  memcpy (order, u->dirs, u->n_dirs * sizeof (*order));
  qsort (order, u->n_dirs, sizeof (*order), by_depth);
  int rc = 0;
  for (size_t i = 0; i < u->n_dirs && rc == 0; i++)
    {
      const struct dir_meta *m = &order[i];
      cleanup_free char *shown = sepm_printable (m->path, 300);
      cleanup_close int fd = strcmp (m->path, "/") == 0 ? dup (u->dirfd) : open_beneath (u, m->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      if (fd < 0)
        {
          /* Removed or replaced by a later layer: nothing to apply. */
          if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
            continue;
          rc = sepm_error_make (err, errno, "open `%s` to set its mode", shown);
          break;
        }
      if (strcmp (m->path, "/") != 0 && fchown (fd, m->uid, m->gid) < 0)
        rc = sepm_error_make (err, errno, "chown `%s`", shown);
      if (rc == 0 && fchmod (fd, m->mode) < 0)
        rc = sepm_error_make (err, errno, "chmod `%s`", shown);
      if (rc == 0 && m->has_times && futimens (fd, m->times) < 0)
        rc = sepm_error_make (err, errno, "set the times of `%s`", shown);
    }
  free (order);
  return rc;
}
