#include <config.h>
#include "relabel.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <selinux/label.h>
#include <selinux/restorecon.h>
#include <selinux/selinux.h>
#include <sepol/sepol.h>

#include "labels.h"
#include "relabel_plan.h"
#include "util.h"

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

int
sepm_relabel_check_rootfs (const char *rootfs, sepm_error_t *err)
{
  struct stat st;

  if (lstat (rootfs, &st) < 0)
    return sepm_error_make (err, errno, "root filesystem `%s`", rootfs);
  if (!S_ISDIR (st.st_mode))
    return sepm_error_make (err, 0, "root filesystem `%s` is not a directory (a symbolic link is refused)", rootfs);
  return 0;
}

int
sepm_relabel_check_not_bundle (const char *rootfs, sepm_error_t *err)
{
  cleanup_free char *config = xasprintf ("%s/config.json", rootfs);
  cleanup_free char *inner = xasprintf ("%s/rootfs", rootfs);
  struct stat st;

  /* A tree the user named with config.json beside rootfs/ is most likely a
   * bundle given by mistake: relabelling it would match none of the
   * image's paths.  (An image may hold those names itself: sepm's own
   * unpack is never asked this.) */
  if (lstat (config, &st) == 0 && S_ISREG (st.st_mode) && lstat (inner, &st) == 0 && S_ISDIR (st.st_mode))
    return sepm_error_make (err, 0, "`%s` is an OCI bundle (it holds config.json and rootfs/), not a root "
                            "filesystem: give --bundle %s, or --rootfs %s/rootfs", rootfs, rootfs, rootfs);
  return 0;
}

static int
load_policy (const char *policy_path, sepm_error_t *err)
{
  FILE *f = fopen (policy_path, "re");
  int rc;

  if (f == NULL)
    return sepm_error_make (err, errno, "open the policy `%s`", policy_path);
  rc = sepol_set_policydb_from_file (f);
  fclose (f);
  if (rc < 0)
    return sepm_error_make (err, 0, "read the policy `%s`", policy_path);
  return 0;
}

int
sepm_relabel_check_level (const char *policy_path, const char *level, sepm_error_t *err)
{
  /* Both labels a runtime gets (container_t, container_file_t) are system
   * types: the level is all that can be wrong. */
  cleanup_free char *context = xasprintf ("system_u:object_r:container_file_t:%s", level);

  if (load_policy (policy_path, err) < 0)
    return -1;
  if (strchr (level, ' ') != NULL || sepol_check_context (context) < 0)
    return sepm_error_make (err, 0, "level `%s` is not valid in the policy `%s`: write a sensitivity and "
                            "the policy's categories, such as s0:c1,c2 (`seinfo --sensitivity --category` "
                            "lists them)", level, policy_path);
  return 0;
}

/* restorecon under an alternate root, file by file. */
static int
relabel_in_place (const char *real, const char *rootfs, struct selabel_handle *h, sepm_error_t *err)
{
  union selinux_callback old_log = selinux_get_callback (SELINUX_CB_LOG), log;
  int rc = -1;

  selinux_restorecon_set_sehandle (h);
  log.func_log = quiet_log;
  selinux_set_callback (SELINUX_CB_LOG, log);
  if (selinux_restorecon_set_alt_rootpath (real) < 0)
    sepm_error_make (err, errno, "use `%s` as the alternate root", real);
  else if (selinux_restorecon (real, SELINUX_RESTORECON_RECURSE | SELINUX_RESTORECON_SET_SPECFILE_CTX
                               | SELINUX_RESTORECON_IGNORE_DIGEST | SELINUX_RESTORECON_XDEV) < 0)
    sepm_error_make (err, errno, "relabel `%s`", rootfs);
  else
    rc = 0;
  /* libselinux cannot reset the alternate root (NULL crashes it), so a
   * process relabels one root filesystem. */
  selinux_set_callback (SELINUX_CB_LOG, old_log);
  selinux_restorecon_set_sehandle (NULL);
  return rc;
}

struct sepm_relabel
{
  char *rootfs, *real, *file_contexts;
  bool in_place;
  size_t recovered;             /* in place: what a killed run's journal set */
  struct sepm_relabel_journaled *journaled;
};

void
sepm_relabel_release (struct sepm_relabel *r)
{
  if (r == NULL)
    return;
  sepm_relabel_journaled_release (r->journaled);
  free (r->rootfs);
  free (r->real);
  free (r->file_contexts);
  free (r);
}

static int
prepare (struct sepm_relabel *r, struct selabel_handle *h, sepm_error_t *err)
{
  if (!r->in_place)
    return sepm_relabel_journaled_prepare (r->real, h, &r->journaled, err);
  /* restorecon's labels must not be overwritten later by an older journal
   * left beside the tree. */
  if (sepm_relabel_journaled_recover (r->real, &r->recovered, err) < 0)
    return -1;
  cleanup_close int fd = open (r->real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return sepm_error_make (err, errno, "open `%s`", r->rootfs);
  return sepm_relabel_plan_check_links (fd, r->rootfs, h, err);
}

int
sepm_relabel_prepare (const char *rootfs, const char *file_contexts, bool in_place, struct sepm_relabel **out,
                      sepm_error_t *err)
{
  struct sepm_relabel *r;
  struct selabel_handle *h;
  const char *message;
  char *real;
  int rc;

  *out = NULL;
  if (sepm_relabel_check_rootfs (rootfs, err) < 0)
    return -1;
  /* The canonical path: restorecon's alternate root must be the path it
   * sees, and the journal lives beside the real directory. */
  if ((real = realpath (rootfs, NULL)) == NULL)
    return sepm_error_make (err, errno, "resolve `%s`", rootfs);
  r = xcalloc (1, sizeof (*r));
  *r = (struct sepm_relabel) { xstrdup (rootfs), real, xstrdup (file_contexts), in_place, 0, NULL };
  /* Validity in the policy is checked when the relabel runs, against the
   * policy then installed; the plan needs only the matcher. */
  h = sepm_labels_selabel_open (file_contexts, accept_any, &message, err);
  rc = h == NULL ? -1 : prepare (r, h, err);
  if (h)
    selabel_close (h);
  if (rc < 0)
    {
      sepm_relabel_release (r);
      return -1;
    }
  *out = r;
  return 0;
}

int
sepm_relabel_run (struct sepm_relabel *r, const char *policy_path, struct sepm_relabel_stats *stats,
                  sepm_error_t *err)
{
  struct selabel_handle *h;
  const char *message;
  int rc;

  memset (stats, 0, sizeof (*stats));
  if (policy_path && load_policy (policy_path, err) < 0)
    return -1;
  h = sepm_labels_selabel_open (r->file_contexts, policy_path ? validate_in_policy : accept_any, &message, err);
  if (h == NULL)
    return sepm_error_wrap (err, "the image's labels are not valid in the installed policy");
  if (r->in_place)
    {
      stats->recovered = r->recovered;
      rc = relabel_in_place (r->real, r->rootfs, h, err);
    }
  else
    rc = sepm_relabel_journaled_finish (r->journaled, stats, err);
  selabel_close (h);
  return rc;
}

int
sepm_relabel_rootfs (const char *rootfs, const char *file_contexts, const char *policy_path, bool in_place,
                     struct sepm_relabel_stats *stats, sepm_error_t *err)
{
  struct sepm_relabel *r;
  int rc;

  memset (stats, 0, sizeof (*stats));
  if (sepm_relabel_prepare (rootfs, file_contexts, in_place, &r, err) < 0)
    return -1;
  rc = sepm_relabel_run (r, policy_path, stats, err);
  sepm_relabel_release (r);
  return rc;
}
