#include <config.h>
#include "relabel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include <selinux/label.h>
#include <selinux/restorecon.h>
#include <selinux/selinux.h>
#include <sepol/context.h>
#include <sepol/sepol.h>

#include "labels.h"
#include "util.h"

#define MAX_BUNDLE_CONFIG (4u << 20)

static int
validate_in_policy (char **ctx)
{
  return sepol_check_context (*ctx) < 0 ? -1 : 0;
}

static int
accept_any (char **ctx)
{
  (void) ctx;
  return 0;
}

/* libselinux warns about every file the image's labels do not cover
 * (all but a few): those are left alone on purpose.  Errors still count. */
static int __attribute__ ((format (printf, 2, 3)))
quiet_log (int type, const char *fmt, ...)
{
  (void) type;
  (void) fmt;
  return 0;
}

static int
check_rootfs (const char *rootfs, sepm_error_t *err)
{
  struct stat st;

  if (lstat (rootfs, &st) < 0)
    return sepm_make_error (err, errno, "root filesystem `%s`", rootfs);
  if (!S_ISDIR (st.st_mode))
    return sepm_make_error (err, 0, "root filesystem `%s` is not a directory (a symbolic link is refused)", rootfs);
  return 0;
}

int
sepm_relabel_rootfs (const char *rootfs, const char *file_contexts, const char *policy_path,
                     sepm_error_t *err)
{
  cleanup_free char *real = NULL;
  union selinux_callback old_log = selinux_get_callback (SELINUX_CB_LOG), log;
  struct selabel_handle *h;
  const char *message;
  int rc = -1;

  if (check_rootfs (rootfs, err) < 0)
    return -1;
  /* The alternate root must be the canonical path restorecon will see. */
  if ((real = realpath (rootfs, NULL)) == NULL)
    return sepm_make_error (err, errno, "resolve `%s`", rootfs);
  if (policy_path)
    {
      FILE *f = fopen (policy_path, "re");
      if (f == NULL)
        return sepm_make_error (err, errno, "open the policy `%s`", policy_path);
      rc = sepol_set_policydb_from_file (f);
      fclose (f);
      if (rc < 0)
        return sepm_make_error (err, 0, "read the policy `%s`", policy_path);
      rc = -1;
    }
  h = sepm_selabel_open_text (file_contexts, policy_path ? validate_in_policy : accept_any, &message, err);
  if (h == NULL)
    return sepm_error_wrap (err, "the image's labels are not valid in the installed policy");
  selinux_restorecon_set_sehandle (h);
  log.func_log = quiet_log;
  selinux_set_callback (SELINUX_CB_LOG, log);
  if (selinux_restorecon_set_alt_rootpath (real) < 0)
    sepm_make_error (err, errno, "use `%s` as the alternate root", real);
  else if (selinux_restorecon (real, SELINUX_RESTORECON_RECURSE | SELINUX_RESTORECON_SET_SPECFILE_CTX
                               | SELINUX_RESTORECON_IGNORE_DIGEST | SELINUX_RESTORECON_XDEV) < 0)
    sepm_make_error (err, errno, "relabel `%s`", rootfs);
  else
    rc = 0;
  /* libselinux cannot reset the alternate root (NULL crashes it), so a
   * process relabels one root filesystem. */
  selinux_set_callback (SELINUX_CB_LOG, old_log);
  selinux_restorecon_set_sehandle (NULL);
  selabel_close (h);
  return rc;
}

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
      sepm_make_error (err, 0, "%s:%d: not an OCI runtime config: %s", *path, jerr.line, doc ? "not an object" : jerr.text);
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
      return sepm_make_error (err, 0, "%s: root.path `%s` must be a path inside the bundle", path, root);
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
      return sepm_make_error (err, 0, "%s: process or linux is not an object", path);
    }
  json_object_set_new (process, "selinuxLabel", json_sprintf ("system_u:system_r:%s:%s", process_type, level));
  json_object_set_new (lnx, "mountLabel", json_sprintf ("system_u:object_r:%s:%s", mount_type, level));
  cleanup_free char *text = json_dumps (doc, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  json_decref (doc);
  if (text == NULL)
    return sepm_make_error (err, 0, "serialise %s", path);
  rc = sepm_write_file_atomic (path, text, strlen (text), err);
  return rc;
}
