#include <config.h>
#include "image_files.h"

#include <string.h>
#include <sys/stat.h>

#include "strset.h"
#include "util.h"

struct sepm_image_files *
sepm_image_files_new (void)
{
  return xcalloc (1, sizeof (struct sepm_image_files));
}

void
sepm_image_files_free (struct sepm_image_files *f)
{
  if (f == NULL)
    return;
  for (size_t i = 0; i < f->n; i++)
    {
      free (f->events[i].path);
      free (f->events[i].target);
    }
  free (f->events);
  sepm_strset_free (f->layer_paths);
  free (f);
}

int
sepm_image_files_record (size_t layer, const char *path, enum sepm_entry_kind kind,
                         const char *link_target, void *arg)
{
  struct sepm_image_files *f = arg;

  /* A bound on what a hostile image can make sepm remember. */
  if (f->n >= 2000000)
    return -1;
  if (f->layer_paths == NULL || f->layer != layer)
    {
      sepm_strset_free (f->layer_paths);
      f->layer_paths = sepm_strset_new (1024);
      f->layer = layer;
    }
  /* A whiteout hides the lower layers; of what its own layer wrote
   * before it, runtimes disagree (containerd removes it, the OCI spec
   * keeps it): two readers of one layer must not, so it is refused. */
  if (kind == SEPM_ENTRY_WHITEOUT && sepm_strset_has (f->layer_paths, path))
    return -1;
  if (kind != SEPM_ENTRY_WHITEOUT && kind != SEPM_ENTRY_OPAQUE)
    sepm_strset_add_path (f->layer_paths, path, NULL);
  if (f->n == f->cap)
    {
      f->cap = f->cap ? f->cap * 2 : 1024;
      f->events = xrealloc (f->events, f->cap * sizeof (*f->events));
    }
  f->events[f->n++] = (struct sepm_image_file_event) { layer, xstrdup (path), kind,
                                            kind == SEPM_ENTRY_HARDLINK && link_target ? xstrdup (link_target) : NULL };
  return 0;
}

static bool
is_under (const char *path, const char *dir)
{
  size_t n = strlen (dir);
  if (strcmp (dir, "/") == 0)
    return true;
  return strncmp (path, dir, n) == 0 && path[n] == '/';
}

bool
sepm_image_files_lookup (const struct sepm_image_files *f, const char *path, enum sepm_entry_kind *kind)
{
  bool present = false;
  size_t from_layer = 0;

  /* Replay the layers in order, the way a runtime applies them. */
  for (size_t i = 0; i < f->n; i++)
    {
      const struct sepm_image_file_event *e = &f->events[i];
      if (e->kind == SEPM_ENTRY_WHITEOUT && (strcmp (e->path, path) == 0 || is_under (path, e->path)))
        present = false;
      /* A directory replaced by anything else takes what was under it. */
      else if (e->kind != SEPM_ENTRY_DIR && e->kind != SEPM_ENTRY_OPAQUE && is_under (path, e->path))
        present = false;
      else if (e->kind == SEPM_ENTRY_OPAQUE && is_under (path, e->path) && present && from_layer < e->layer)
        present = false;
      else if (e->kind != SEPM_ENTRY_WHITEOUT && e->kind != SEPM_ENTRY_OPAQUE && strcmp (e->path, path) == 0)
        {
          present = true;
          from_layer = e->layer;
          *kind = e->kind;
        }
    }
  return present;
}

/* What event I of FILES is: a hard link is the kind of the entry it names,
 * the latest entry of that path before it in its layer (tar links name
 * members of their own layer). */
enum sepm_entry_kind
sepm_image_files_kind_at (const struct sepm_image_files *files, size_t i)
{
  for (int depth = 0; depth < 8 && files->events[i].kind == SEPM_ENTRY_HARDLINK; depth++)
    {
      const struct sepm_image_file_event *link = &files->events[i];
      size_t j = i;
      bool found = false;
      while (j > 0 && !found)
        {
          j--;
          found = files->events[j].layer == link->layer && link->target
                  && strcmp (files->events[j].path, link->target) == 0;
        }
      if (!found)
        return SEPM_ENTRY_FILE;
      i = j;
    }
  return files->events[i].kind == SEPM_ENTRY_HARDLINK ? SEPM_ENTRY_FILE : files->events[i].kind;
}

mode_t
sepm_image_files_mode_of (enum sepm_entry_kind kind)
{
  switch (kind)
    {
    case SEPM_ENTRY_DIR: return S_IFDIR;
    case SEPM_ENTRY_SYMLINK: return S_IFLNK;
    case SEPM_ENTRY_CHAR: return S_IFCHR;
    case SEPM_ENTRY_BLOCK: return S_IFBLK;
    case SEPM_ENTRY_FIFO: return S_IFIFO;
    case SEPM_ENTRY_SOCKET: return S_IFSOCK;
    default: return S_IFREG;
    }
}

/* Whether a whiteout after event I, or an opaque directory of a later
 * layer, removed event I's path: the same rule as
 * sepm_image_files_lookup, with the removals indexed by path. */
static bool
removed (const struct sepm_image_files *f, size_t i, const struct sepm_strset *whiteout_at,
         const struct sepm_strset *opaque_layer, const struct sepm_strset *nondir_at)
{
  const struct sepm_image_file_event *e = &f->events[i];
  cleanup_free char *p = xstrdup (e->path);
  const size_t *at = sepm_strset_get (whiteout_at, p);

  if (at && *at > i)
    return true;
  for (char *slash = strrchr (p, '/'); slash; slash = strrchr (p, '/'))
    {
      if (slash == p)
        slash[1] = '\0';
      else
        *slash = '\0';
      at = sepm_strset_get (whiteout_at, p);
      const size_t *layer = sepm_strset_get (opaque_layer, p);
      const size_t *nondir = sepm_strset_get (nondir_at, p);
      if ((at && *at > i) || (layer && *layer > e->layer) || (nondir && *nondir > i))
        return true;
      if (slash == p)
        break;
    }
  return false;
}

void
sepm_image_files_each_final (const struct sepm_image_files *f, sepm_image_file_fn fn, void *arg)
{
  struct sepm_strset *last = sepm_strset_new (f->n + 1), *whiteout_at = sepm_strset_new (64),
                     *opaque_layer = sepm_strset_new (64), *nondir_at = sepm_strset_new (f->n + 1);
  /* Per event: its index (for the path's last event) or its layer. */
  size_t *value = xcalloc (f->n + 1, sizeof (size_t));
  size_t *nondir_value = xcalloc (f->n + 1, sizeof (size_t));

  for (size_t i = 0; i < f->n; i++)
    {
      const struct sepm_image_file_event *e = &f->events[i];
      struct sepm_strset *into = e->kind == SEPM_ENTRY_WHITEOUT ? whiteout_at
                                 : e->kind == SEPM_ENTRY_OPAQUE ? opaque_layer : last;
      value[i] = e->kind == SEPM_ENTRY_OPAQUE ? e->layer : i;
      /* A later event of the same path replaces the earlier one. */
      size_t *had = sepm_strset_get (into, e->path);
      if (had)
        *had = e->kind == SEPM_ENTRY_OPAQUE && *had > value[i] ? *had : value[i];
      else
        sepm_strset_add (into, e->path, &value[i]);
      /* The last event that made the path something other than a
       * directory: what was under it before then is gone. */
      if (e->kind != SEPM_ENTRY_DIR && e->kind != SEPM_ENTRY_WHITEOUT && e->kind != SEPM_ENTRY_OPAQUE)
        {
          size_t *nd = sepm_strset_get (nondir_at, e->path);
          nondir_value[i] = i;
          if (nd)
            *nd = i;
          else
            sepm_strset_add (nondir_at, e->path, &nondir_value[i]);
        }
    }
  for (size_t i = 0; i < f->n; i++)
    {
      const struct sepm_image_file_event *e = &f->events[i];
      const size_t *at = sepm_strset_get (last, e->path);
      if (e->kind == SEPM_ENTRY_WHITEOUT || e->kind == SEPM_ENTRY_OPAQUE || at == NULL || *at != i
          || removed (f, i, whiteout_at, opaque_layer, nondir_at))
        continue;
      fn (arg, e->path, sepm_image_files_kind_at (f, i));
    }
  sepm_strset_free (last);
  sepm_strset_free (whiteout_at);
  sepm_strset_free (opaque_layer);
  sepm_strset_free (nondir_at);
  free (value);
  free (nondir_value);
}
