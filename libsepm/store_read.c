#include <config.h>
#include "store_read.h"

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decompress.h"
#include "hash.h"
#include "sexpr.h"
#include "util.h"

/* A store module's CIL is a few MiB at most (base is the largest). */
#define MAX_MODULE_CIL (64u << 20)

static bool
is_disabled (const char *modules_dir, const char *name)
{
  cleanup_free char *path = xasprintf ("%s/disabled/%s", modules_dir, name);
  struct stat st;
  return stat (path, &st) == 0;
}

static int
find_module (struct sepm_store *s, const char *name)
{
  for (size_t i = 0; i < s->n_modules; i++)
    if (strcmp (s->modules[i].name, name) == 0)
      return (int) i;
  return -1;
}

static int
compare_modules (const void *a, const void *b)
{
  return strcmp (((const struct sepm_store_module *) a)->name,
                 ((const struct sepm_store_module *) b)->name);
}

/* Collect the highest-priority directory of every enabled module name. */
static int
scan_priorities (struct sepm_store *s, const char *modules_dir, sepm_error_t *err)
{
  DIR *top = opendir (modules_dir);
  struct dirent *pd;

  if (top == NULL)
    {
      sepm_error_make (err, errno, "open the policy store's module directory `%s`", modules_dir);
      sepm_error_set_file (err, modules_dir);
      return sepm_error_set_hint (err, "Give the root of a system with an SELinux policy store (-p ROOT), the "
                                  "store's name (-s STORE), a policy file (--policy FILE), or sepm's own base "
                                  "policy (--base refpolicy).");
    }
  while ((pd = readdir (top)) != NULL)
    {
      char *end;
      unsigned long prio = strtoul (pd->d_name, &end, 10);
      if (pd->d_name[0] < '0' || pd->d_name[0] > '9' || *end || prio > 999)
        continue;
      cleanup_free char *pdir = xasprintf ("%s/%s", modules_dir, pd->d_name);
      DIR *md = opendir (pdir);
      struct dirent *m;
      if (md == NULL)
        continue;
      while ((m = readdir (md)) != NULL)
        {
          if (m->d_name[0] == '.' || is_disabled (modules_dir, m->d_name))
            continue;
          int i = find_module (s, m->d_name);
          if (i >= 0 && s->modules[i].priority >= prio)
            continue;
          if (i < 0)
            {
              s->modules = xrealloc (s->modules, (s->n_modules + 1) * sizeof (*s->modules));
              i = (int) s->n_modules++;
              s->modules[i] = (struct sepm_store_module) { .name = xstrdup (m->d_name) };
            }
          s->modules[i].priority = (unsigned) prio;
        }
      closedir (md);
    }
  closedir (top);
  if (s->n_modules == 0)
    return sepm_error_make (err, 0, "the policy store `%s` has no enabled modules", modules_dir);
  qsort (s->modules, s->n_modules, sizeof (*s->modules), compare_modules);
  return 0;
}

static int
hash_compressed (struct sepm_sha256 *h, const char *path, sepm_error_t *err)
{
  cleanup_free char *data = NULL;
  size_t len = 0;

  if (sepm_read_file (path, MAX_MODULE_CIL, &data, &len, err) < 0)
    return -1;
  sepm_sha256_update (h, data, len);
  return 0;
}

int
sepm_store_read (const struct sepm_store_ref *ref, const char *const *exclude, size_t n_exclude,
                 struct sepm_store **out, sepm_error_t *err)
{
  struct sepm_store *s = xcalloc (1, sizeof (*s));
  struct sepm_sha256 *h;

  sepm_store_ref_copy (ref, &s->ref);
  s->modules_dir = xasprintf ("%s/var/lib/selinux/%s/active/modules", ref->root, ref->name);
  if (scan_priorities (s, s->modules_dir, err) < 0)
    goto fail;
  /* Before the key: the same system with other modules beside it keeps
   * its key, and its cache. */
  for (size_t i = 0; i < n_exclude; i++)
    sepm_store_drop_module (s, exclude[i]);

  /* The key hashes the compressed files: a warm cache then costs a few
   * milliseconds instead of decompressing every module. */
  h = sepm_sha256_new ();
  for (size_t i = 0; i < s->n_modules; i++)
    {
      struct sepm_store_module *m = &s->modules[i];
      cleanup_free char *path = xasprintf ("%s/%u/%s/cil", s->modules_dir, m->priority, m->name);
      sepm_sha256_update (h, m->name, strlen (m->name) + 1);
      if (hash_compressed (h, path, err) < 0)
        {
          sepm_sha256_finish (h, s->content_key);
          goto fail;
        }
    }
  sepm_sha256_finish (h, s->content_key);
  s->binary_policy_path = sepm_store_ref_binary_policy (ref);
  *out = s;
  return 0;

fail:
  sepm_error_wrap (err, "read the policy store `%s` under `%s`", ref->name, sepm_store_ref_root_shown (ref));
  sepm_store_free (s);
  return -1;
}

int
sepm_store_load_cil (struct sepm_store *s, sepm_error_t *err)
{
  for (size_t i = 0; i < s->n_modules; i++)
    {
      struct sepm_store_module *m = &s->modules[i];
      cleanup_free char *path = NULL;
      if (m->cil != NULL)
        continue;
      path = xasprintf ("%s/%u/%s/cil", s->modules_dir, m->priority, m->name);
      if (sepm_decompress_file (path, MAX_MODULE_CIL, &m->cil, &m->cil_len, err) < 0)
        return sepm_error_wrap (err, "read the policy store `%s`", s->ref.name);
    }
  return 0;
}

int
sepm_store_drop_module (struct sepm_store *s, const char *name)
{
  for (size_t i = 0; i < s->n_modules; i++)
    if (strcmp (s->modules[i].name, name) == 0)
      {
        free (s->modules[i].name);
        free (s->modules[i].cil);
        memmove (&s->modules[i], &s->modules[i + 1], (s->n_modules - i - 1) * sizeof (*s->modules));
        s->n_modules--;
        return 1;
      }
  return 0;
}

struct sepm_store *
sepm_store_from_text (const char *name, char *cil, size_t len, const char *key)
{
  struct sepm_store *s = xcalloc (1, sizeof (*s));

  sepm_store_ref_resolve ("", name, &s->ref);
  s->modules = xcalloc (1, sizeof (*s->modules));
  s->modules[0] = (struct sepm_store_module) { xstrdup (name), 0, cil, len };
  s->n_modules = 1;
  snprintf (s->content_key, sizeof (s->content_key), "%s", key);
  return s;
}

void
sepm_store_free (struct sepm_store *s)
{
  if (s == NULL)
    return;
  for (size_t i = 0; i < s->n_modules; i++)
    {
      free (s->modules[i].name);
      free (s->modules[i].cil);
    }
  free (s->modules);
  sepm_store_ref_release (&s->ref);
  free (s->binary_policy_path);
  free (s->modules_dir);
  free (s);
}
