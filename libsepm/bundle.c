#include <config.h>
#include "bundle.h"

#include <string.h>
#include <jansson.h>

#include "util.h"

#define MAX_BUNDLE_CONFIG (4u << 20)

static json_t *
load_config (const char *bundle, char **path, sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0;
  json_error_t jerr;
  json_t *doc;

  *path = xasprintf ("%s/config.json", bundle);
  if (sepm_read_file (*path, MAX_BUNDLE_CONFIG, &text, &len, err) < 0)
    return NULL;
  doc = json_loadb (text, len, 0, &jerr);
  if (doc == NULL || !json_is_object (doc))
    {
      sepm_error_make (err, 0, "%s:%d: not an OCI runtime config: %s", *path, jerr.line, doc ? "not an object" : jerr.text);
      json_decref (doc);
      return NULL;
    }
  return doc;
}

/* The level of a context user:role:type:level (the level may hold colons). */
static char *
level_of (const char *context)
{
  const char *p = context;

  for (int i = 0; i < 3 && p; i++)
    if ((p = strchr (p, ':')) != NULL)
      p++;
  return p && *p ? xstrdup (p) : NULL;
}

int
sepm_bundle_inspect (const char *bundle, const char *default_level, char **rootfs, char **level,
                     sepm_error_t *err)
{
  cleanup_free char *path = NULL;
  json_t *doc = load_config (bundle, &path, err);
  const char *root = "rootfs", *proc = NULL, *mount = NULL;

  if (doc == NULL)
    return -1;
  json_unpack (doc, "{s?{s?s}}", "root", "path", &root);
  json_unpack (doc, "{s?{s?s}}", "process", "selinuxLabel", &proc);
  json_unpack (doc, "{s?{s?s}}", "linux", "mountLabel", &mount);
  /* The root is the bundle's own directory, never somewhere else. */
  if (root[0] == '/' || strstr (root, "..") != NULL)
    {
      json_decref (doc);
      return sepm_error_make (err, 0, "%s: root.path `%s` must be a path inside the bundle", path, root);
    }
  *rootfs = xasprintf ("%s/%s", bundle, root);
  *level = proc ? level_of (proc) : mount ? level_of (mount) : NULL;
  if (*level == NULL)
    *level = xstrdup (default_level);
  json_decref (doc);
  return 0;
}

int
sepm_bundle_set_labels (const char *bundle, const char *process_type, const char *mount_type,
                        const char *level, sepm_error_t *err)
{
  cleanup_free char *path = NULL;
  json_t *doc = load_config (bundle, &path, err), *process, *lnx;
  int rc;

  if (doc == NULL)
    return -1;
  if ((process = json_object_get (doc, "process")) == NULL)
    json_object_set_new (doc, "process", process = json_object ());
  if ((lnx = json_object_get (doc, "linux")) == NULL)
    json_object_set_new (doc, "linux", lnx = json_object ());
  if (!json_is_object (process) || !json_is_object (lnx))
    {
      json_decref (doc);
      return sepm_error_make (err, 0, "%s: process or linux is not an object", path);
    }
  json_object_set_new (process, "selinuxLabel", json_sprintf ("system_u:system_r:%s:%s", process_type, level));
  json_object_set_new (lnx, "mountLabel", json_sprintf ("system_u:object_r:%s:%s", mount_type, level));
  cleanup_free char *text = json_dumps (doc, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  json_decref (doc);
  if (text == NULL)
    return sepm_error_make (err, 0, "serialise %s", path);
  rc = sepm_write_file_atomic (path, text, strlen (text), err);
  return rc;
}
