#include <config.h>
#include "strset.h"

#include <stdlib.h>
#include <string.h>
#include <sepol/policydb/hashtab.h>

#include "util.h"

struct sepm_strset
{
  hashtab_t table;
};

static unsigned int
hash_string (hashtab_t h, const_hashtab_key_t key)
{
  /* FNV-1a */
  unsigned int v = 2166136261u;
  for (const unsigned char *p = (const unsigned char *) key; *p; p++)
    v = (v ^ *p) * 16777619u;
  return v % h->size;
}

static int
compare_strings (hashtab_t h, const_hashtab_key_t a, const_hashtab_key_t b)
{
  return strcmp (a, b);
}

struct sepm_strset *
sepm_strset_new (unsigned size_hint)
{
  struct sepm_strset *s = xcalloc (1, sizeof (*s));
  s->table = hashtab_create (hash_string, compare_strings, size_hint ? size_hint : 64);
  if (s->table == NULL)
    abort ();
  return s;
}

static int
free_key (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  free (key);
  return 0;
}

void
sepm_strset_free (struct sepm_strset *s)
{
  if (s == NULL)
    return;
  hashtab_map (s->table, free_key, NULL);
  hashtab_destroy (s->table);
  free (s);
}

bool
sepm_strset_add (struct sepm_strset *s, const char *key, void *value)
{
  char *copy;

  if (sepm_strset_has (s, key))
    return false;
  copy = xstrdup (key);
  /* A NULL datum would be indistinguishable from "absent" on lookup. */
  if (hashtab_insert (s->table, copy, value ? value : (void *) s) != SEPOL_OK)
    abort ();
  return true;
}

bool
sepm_strset_has (const struct sepm_strset *s, const char *key)
{
  return hashtab_search (s->table, (hashtab_key_t) key) != NULL;
}

void *
sepm_strset_get (const struct sepm_strset *s, const char *key)
{
  void *v = hashtab_search (s->table, (hashtab_key_t) key);
  return v == (void *) s ? NULL : v;
}

unsigned
sepm_strset_count (const struct sepm_strset *s)
{
  return s->table->nel;
}

size_t
sepm_strset_add_path (struct sepm_strset *s, const char *path, uint64_t *bytes)
{
  char *p = xstrdup (path);
  size_t added = 0;

  while (sepm_strset_add (s, p, NULL))
    {
      added++;
      if (bytes)
        *bytes += strlen (p) + 1;
      char *slash = strrchr (p, '/');
      if (slash == NULL || slash == p)
        break;
      *slash = '\0';
    }
  free (p);
  return added;
}
