#include <config.h>
#include "store_state.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <jansson.h>

#include "util.h"

#define MAX_STATE_BYTES (64u << 20)

static void
image_release (struct sepm_store_state_image *im)
{
  free (im->id);
  free (im->reference);
  for (size_t i = 0; i < im->n_modules; i++)
    free (im->modules[i]);
  free (im->modules);
  free (im->entrypoint);
  memset (im, 0, sizeof (*im));
}

static int
parse (struct sepm_store_state *st, const char *text, size_t len, sepm_error_t *err)
{
  json_error_t jerr;
  json_t *doc = json_loadb (text, len, 0, &jerr), *images, *v;
  size_t i;

  if (doc == NULL || (images = json_object_get (doc, "images")) == NULL || !json_is_array (images))
    {
      json_decref (doc);
      return sepm_error_make (err, 0, "%s: not a sepm state file (%s); move it aside to start afresh",
                              st->path, doc ? "no images array" : jerr.text);
    }
  st->images = xcalloc (json_array_size (images) + 1, sizeof (*st->images));
  json_array_foreach (images, i, v)
    {
      struct sepm_store_state_image *im = &st->images[st->n_images];
      const char *id = NULL, *ref = NULL, *entry = NULL;
      json_t *mods = NULL, *m;
      size_t k;
      if (json_unpack (v, "{s:s, s:s, s:o, s?:s}", "id", &id, "reference", &ref, "modules", &mods,
                       "entrypoint", &entry) < 0 || !json_is_array (mods))
        {
          json_decref (doc);
          return sepm_error_make (err, 0, "%s: images[%zu] lacks id, reference or modules", st->path, i);
        }
      im->id = xstrdup (id);
      im->reference = xstrdup (ref);
      im->entrypoint = entry ? xstrdup (entry) : NULL;
      im->modules = xcalloc (json_array_size (mods) + 1, sizeof (char *));
      json_array_foreach (mods, k, m)
        if (json_is_string (m))
          im->modules[im->n_modules++] = xstrdup (json_string_value (m));
      st->n_images++;
    }
  json_decref (doc);
  return 0;
}

static int
state_open (const struct sepm_store_ref *ref, bool for_writing, struct sepm_store_state *out, sepm_error_t *err)
{
  cleanup_free char *dir = xasprintf ("%s/var/lib/sepm", ref->root);
  cleanup_free char *lock = xasprintf ("%s/%s.lock", dir, ref->name);
  cleanup_free char *text = NULL;
  size_t len = 0;

  memset (out, 0, sizeof (*out));
  out->lock_fd = -1;
  out->path = xasprintf ("%s/%s.json", dir, ref->name);
  if (for_writing && sepm_mkdir_p (dir, 0700, err) < 0)
    return -1;
  out->lock_fd = open (lock, (for_writing ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW, 0600);
  /* A reader of a host where nothing was ever installed finds no lock
   * and nothing to read, and creates neither. */
  if (out->lock_fd < 0 && !for_writing && errno == ENOENT)
    return 0;
  if (out->lock_fd < 0)
    return sepm_error_make (err, errno, "open the lock `%s`", lock);
  /* Waits for a concurrent run; the kernel drops the lock if we die. */
  while (flock (out->lock_fd, for_writing ? LOCK_EX : LOCK_SH) < 0)
    if (errno != EINTR)
      return sepm_error_make (err, errno, "lock `%s`", lock);
  if (access (out->path, F_OK) != 0)
    return 0;
  if (sepm_read_file (out->path, MAX_STATE_BYTES, &text, &len, err) < 0)
    return -1;
  return parse (out, text, len, err);
}

int
sepm_store_state_open (const struct sepm_store_ref *ref, struct sepm_store_state *out, sepm_error_t *err)
{
  return state_open (ref, true, out, err);
}

int
sepm_store_state_read (const struct sepm_store_ref *ref, struct sepm_store_state *out, sepm_error_t *err)
{
  return state_open (ref, false, out, err);
}

int
sepm_store_state_save (const struct sepm_store_state *st, sepm_error_t *err)
{
  json_t *images = json_array ();

  for (size_t i = 0; i < st->n_images; i++)
    {
      const struct sepm_store_state_image *im = &st->images[i];
      json_t *mods = json_array ();
      for (size_t k = 0; k < im->n_modules; k++)
        json_array_append_new (mods, json_string (im->modules[k]));
      json_t *o = json_pack ("{s:s, s:s, s:o}", "id", im->id, "reference", im->reference, "modules", mods);
      if (im->entrypoint)
        json_object_set_new (o, "entrypoint", json_string (im->entrypoint));
      json_array_append_new (images, o);
    }
  json_t *doc = json_pack ("{s:i, s:o}", "version", 1, "images", images);
  cleanup_free char *text = json_dumps (doc, JSON_INDENT (2) | JSON_SORT_KEYS);
  json_decref (doc);
  if (text == NULL)
    return sepm_error_make (err, 0, "serialise the install state");
  return sepm_write_file_atomic (st->path, text, strlen (text), err);
}

void
sepm_store_state_close (struct sepm_store_state *st)
{
  for (size_t i = 0; i < st->n_images; i++)
    image_release (&st->images[i]);
  free (st->images);
  free (st->path);
  if (st->lock_fd >= 0)
    close (st->lock_fd);
  memset (st, 0, sizeof (*st));
  st->lock_fd = -1;
}

struct sepm_store_state_image *
sepm_store_state_find (struct sepm_store_state *st, const char *id_or_reference)
{
  for (size_t i = 0; i < st->n_images; i++)
    if (strcmp (st->images[i].id, id_or_reference) == 0 || strcmp (st->images[i].reference, id_or_reference) == 0)
      return &st->images[i];
  return NULL;
}

void
sepm_store_state_put (struct sepm_store_state *st, struct sepm_store_state_image *image)
{
  for (size_t i = 0; i < st->n_images; i++)
    if (strcmp (st->images[i].id, image->id) == 0)
      {
        image_release (&st->images[i]);
        st->images[i] = *image;
        return;
      }
  st->images = xrealloc (st->images, (st->n_images + 1) * sizeof (*st->images));
  st->images[st->n_images++] = *image;
}

void
sepm_store_state_drop (struct sepm_store_state *st, struct sepm_store_state_image *image)
{
  size_t i = (size_t) (image - st->images);

  image_release (image);
  memmove (&st->images[i], &st->images[i + 1], (st->n_images - i - 1) * sizeof (*st->images));
  st->n_images--;
}

size_t
sepm_store_state_users (const struct sepm_store_state *st, const char *name)
{
  size_t n = 0;

  for (size_t i = 0; i < st->n_images; i++)
    for (size_t k = 0; k < st->images[i].n_modules; k++)
      n += strcmp (st->images[i].modules[k], name) == 0;
  return n;
}
