#include <config.h>
#include "image_files.h"

#include <string.h>

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
