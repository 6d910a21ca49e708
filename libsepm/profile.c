#include <config.h>
#include "profile.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

static void
add_name (char ***list, size_t *n, const char *name)
{
  *list = xrealloc (*list, (*n + 1) * sizeof (**list));
  (*list)[(*n)++] = xstrdup (name);
}

struct sepm_profile *
sepm_profile_default (void)
{
  struct sepm_profile *p = xcalloc (1, sizeof (*p));

  add_name (&p->domain_parents, &p->n_domain_parents, "container_t");
  add_name (&p->object_parents, &p->n_object_parents, "container_file_t");
  add_name (&p->object_parents, &p->n_object_parents, "container_ro_file_t");
  return p;
}

static bool
is_type_name (const char *s)
{
  if (!*s)
    return false;
  for (; *s; s++)
    if (!isalnum ((unsigned char) *s) && *s != '_' && *s != '.')
      return false;
  return true;
}

int
sepm_profile_load (const char *path, struct sepm_profile **out, sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  struct sepm_profile *p;
  char *line, *save = NULL;
  unsigned lineno = 0;

  if (sepm_read_file (path, 1u << 20, &text, NULL, err) < 0)
    return sepm_error_wrap (err, "read the profile");
  p = xcalloc (1, sizeof (*p));
  p->path = xstrdup (path);
  for (line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char key[64], name[256], extra[2];
      int n;

      lineno++;
      line[strcspn (line, "#")] = '\0';
      n = sscanf (line, "%63s %255s %1s", key, name, extra);
      if (n <= 0)
        continue;
      if (n != 2 || !is_type_name (name))
        {
          sepm_profile_free (p);
          return sepm_error_make (err, 0, "%s:%u: expected `domain-parent TYPE` or `object-parent TYPE`",
                                  path, lineno);
        }
      if (strcmp (key, "domain-parent") == 0)
        add_name (&p->domain_parents, &p->n_domain_parents, name);
      else if (strcmp (key, "object-parent") == 0)
        add_name (&p->object_parents, &p->n_object_parents, name);
      else
        {
          sepm_profile_free (p);
          return sepm_error_make (err, 0, "%s:%u: unknown directive `%s`; use domain-parent or object-parent",
                                  path, lineno, key);
        }
    }
  if (p->n_domain_parents == 0)
    {
      sepm_profile_free (p);
      return sepm_error_make (err, 0, "%s: the profile names no domain-parent", path);
    }
  *out = p;
  return 0;
}

void
sepm_profile_free (struct sepm_profile *p)
{
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->n_domain_parents; i++)
    free (p->domain_parents[i]);
  for (size_t i = 0; i < p->n_object_parents; i++)
    free (p->object_parents[i]);
  free (p->domain_parents);
  free (p->object_parents);
  free (p->path);
  free (p);
}

const char **
sepm_profile_all_parents (const struct sepm_profile *p, size_t *n)
{
  const char **all = xcalloc (p->n_domain_parents + p->n_object_parents + 1, sizeof (*all));
  size_t k = 0;

  for (size_t i = 0; i < p->n_domain_parents; i++)
    all[k++] = p->domain_parents[i];
  for (size_t i = 0; i < p->n_object_parents; i++)
    all[k++] = p->object_parents[i];
  *n = k;
  return all;
}
