#include <config.h>
#include "policydb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sepol/debug.h>
#include <sepol/policydb.h>
#include <sepol/policydb/hashtab.h>

#include "util.h"

void
sepm_policydb_silence (void)
{
  /* libsepol prints to stderr by default; the library never prints. */
  sepol_debug (0);
}

int
sepm_policydb_from_memory (const void *data, size_t len, const char *what,
                           policydb_t **out, sepm_error_t *err)
{
  sepol_policydb_t *spdb = NULL;
  policydb_t *pdb;
  struct policy_file pf;

  /* Allocated as libsepol's handle type so that one free function serves
   * both these and the policies the CIL compiler builds. */
  sepm_policydb_silence ();
  if (sepol_policydb_create (&spdb) < 0)
    return sepm_error_make (err, ENOMEM, "initialise a policy database");
  pdb = &spdb->p;
  policy_file_init (&pf);
  pf.type = PF_USE_MEMORY;
  pf.data = (char *) data;
  pf.len = len;
  if (policydb_read (pdb, &pf, 0) < 0)
    {
      sepol_policydb_free (spdb);
      return sepm_error_make (err, 0, "`%s` is not a readable binary SELinux policy", what);
    }
  *out = pdb;
  return 0;
}

int
sepm_policydb_from_file (const char *path, policydb_t **out, sepm_error_t *err)
{
  cleanup_free char *data = NULL;
  size_t len = 0;

  /* A kernel policy is a few MiB; 256 MiB bounds a hostile file. */
  if (sepm_read_file (path, 256u << 20, &data, &len, err) < 0)
    return -1;
  return sepm_policydb_from_memory (data, len, path, out, err);
}

void
sepm_policydb_free (policydb_t *pdb)
{
  if (pdb == NULL)
    return;
  sepol_policydb_free ((sepol_policydb_t *) pdb);
}

int
sepm_policydb_to_memory (policydb_t *pdb, void **data, size_t *len, sepm_error_t *err)
{
  struct policy_file pf;
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream (&buf, &size);

  if (f == NULL)
    return sepm_error_make (err, errno, "open a memory stream");
  policy_file_init (&pf);
  pf.type = PF_USE_STDIO;
  pf.fp = f;
  if (policydb_write (pdb, &pf) < 0)
    {
      fclose (f);
      free (buf);
      return sepm_error_make (err, 0, "serialise the policy database");
    }
  if (fclose (f) != 0)
    {
      free (buf);
      return sepm_error_make (err, errno, "serialise the policy database");
    }
  *data = buf;
  *len = size;
  return 0;
}

uint32_t
sepm_policydb_type_value (const policydb_t *pdb, const char *name)
{
  type_datum_t *t = hashtab_search (pdb->p_types.table, (hashtab_key_t) name);

  return t != NULL ? t->s.value : 0;
}

const char *
sepm_policydb_type_name (const policydb_t *pdb, uint32_t value)
{
  if (value == 0 || value > pdb->p_types.nprim)
    return NULL;
  return pdb->p_type_val_to_name[value - 1];
}

int
sepm_policydb_type_is_attribute (const policydb_t *pdb, uint32_t value)
{
  if (value == 0 || value > pdb->p_types.nprim)
    return 0;
  return pdb->type_val_to_struct[value - 1]->flavor == TYPE_ATTRIB;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

const char **
sepm_policydb_type_attributes (const policydb_t *pdb, uint32_t value)
{
  const char **names;
  ebitmap_node_t *node;
  unsigned int bit;
  size_t n = 0;

  names = xcalloc (pdb->p_types.nprim + 1, sizeof (*names));
  if (value == 0 || value > pdb->p_types.nprim)
    return names;
  ebitmap_for_each_positive_bit (&pdb->type_attr_map[value - 1], node, bit)
    {
      if (bit + 1 != value && sepm_policydb_type_is_attribute (pdb, bit + 1))
        names[n++] = pdb->p_type_val_to_name[bit];
    }
  qsort (names, n, sizeof (*names), compare_names);
  return names;
}

struct alias_walk
{
  uint32_t value;
  const char **names;
  size_t n;
};

static int
collect_alias (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct alias_walk *walk = arg;
  type_datum_t *t = datum;

  /* In a kernel policy an alias is a second datum with primary == 0 that
   * shares the value of its type. */
  if (!t->primary && t->flavor == TYPE_TYPE && t->s.value == walk->value)
    {
      walk->names = xrealloc (walk->names, (walk->n + 2) * sizeof (*walk->names));
      walk->names[walk->n++] = key;
      walk->names[walk->n] = NULL;
    }
  return 0;
}

const char **
sepm_policydb_type_aliases (const policydb_t *pdb, uint32_t value)
{
  struct alias_walk walk = { value, xcalloc (1, sizeof (char *)), 0 };

  hashtab_map (pdb->p_types.table, collect_alias, &walk);
  if (walk.n > 1)
    qsort (walk.names, walk.n, sizeof (*walk.names), compare_names);
  return walk.names;
}
