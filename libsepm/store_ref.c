#include <config.h>
#include "store_ref.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static char *
config_store_name (const char *root)
{
  cleanup_free char *path = xasprintf ("%s/etc/selinux/config", root);
  cleanup_file FILE *f = fopen (path, "re");
  char line[512];

  if (f == NULL)
    return xstrdup ("default");
  while (fgets (line, sizeof (line), f))
    {
      char *v;
      if (strncmp (line, "SELINUXTYPE=", 12) != 0)
        continue;
      v = line + 12;
      v[strcspn (v, " \t\r\n")] = '\0';
      if (*v)
        return xstrdup (v);
    }
  return xstrdup ("default");
}

void
sepm_store_ref_resolve (const char *root, const char *name, struct sepm_store_ref *out)
{
  out->root = xstrdup (root ? root : "");
  out->name = name && *name ? xstrdup (name) : config_store_name (out->root);
}

void
sepm_store_ref_copy (const struct sepm_store_ref *from, struct sepm_store_ref *to)
{
  to->root = xstrdup (from->root);
  to->name = xstrdup (from->name);
}

void
sepm_store_ref_release (struct sepm_store_ref *ref)
{
  free (ref->root);
  free (ref->name);
  ref->root = ref->name = NULL;
}

const char *
sepm_store_ref_root_shown (const struct sepm_store_ref *ref)
{
  return *ref->root ? ref->root : "/";
}

char *
sepm_store_ref_binary_policy (const struct sepm_store_ref *ref)
{
  cleanup_free char *dir = xasprintf ("%s/etc/selinux/%s/policy", ref->root, ref->name);
  DIR *d = opendir (dir);
  struct dirent *e;
  int best = -1;

  if (d == NULL)
    return NULL;
  while ((e = readdir (d)) != NULL)
    {
      char *end;
      long v;
      if (strncmp (e->d_name, "policy.", 7) != 0)
        continue;
      v = strtol (e->d_name + 7, &end, 10);
      if (*end == '\0' && v > best)
        best = (int) v;
    }
  closedir (d);
  return best < 0 ? NULL : xasprintf ("%s/policy.%d", dir, best);
}
