#include <config.h>
#include "store_recover.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "store_read.h"
#include "util.h"

/* The files libsemanage installs from the active store, as (store file,
 * installed file under etc/selinux/STORE).  The binary policy is found
 * by version. */
static const char *const installed_files[][2] = {
  { "file_contexts", "contexts/files/file_contexts" },
  { "file_contexts.homedirs", "contexts/files/file_contexts.homedirs" },
  { "seusers", "seusers" },
};

static bool
same_bytes (const char *a, const char *b)
{
  cleanup_free char *x = NULL, *y = NULL;
  size_t xl = 0, yl = 0;
  sepm_error_t ignored = NULL;
  bool same = sepm_read_file (a, 1u << 30, &x, &xl, &ignored) == 0
    && sepm_read_file (b, 1u << 30, &y, &yl, &ignored) == 0 && xl == yl && memcmp (x, y, xl) == 0;

  sepm_error_release (&ignored);
  return same;
}

static bool
exists (const char *path)
{
  struct stat st;
  return lstat (path, &st) == 0;
}

static bool
installed_matches (const struct sepm_store_ref *ref, const char *active, const char *etc)
{
  cleanup_free char *kern = xasprintf ("%s/policy.kern", active);
  cleanup_free char *policy = sepm_store_ref_binary_policy (ref);

  if (policy == NULL || !same_bytes (kern, policy))
    return false;
  for (size_t i = 0; i < sizeof installed_files / sizeof installed_files[0]; i++)
    {
      cleanup_free char *from = xasprintf ("%s/%s", active, installed_files[i][0]);
      cleanup_free char *to = xasprintf ("%s/%s", etc, installed_files[i][1]);
      /* A file the store does not have is not installed either. */
      if (exists (from) && !same_bytes (from, to))
        return false;
    }
  return true;
}

int
sepm_store_recover (const struct sepm_store_ref *ref, struct sepm_store_recovery *out, sepm_error_t *err)
{
  cleanup_free char *dir = xasprintf ("%s/var/lib/selinux/%s", ref->root, ref->name);
  cleanup_free char *lock = xasprintf ("%s/semanage.trans.LOCK", dir);
  cleanup_free char *active = xasprintf ("%s/active", dir);
  cleanup_free char *previous = xasprintf ("%s/previous", dir);
  cleanup_free char *etc = xasprintf ("%s/etc/selinux/%s", ref->root, ref->name);

  memset (out, 0, sizeof (*out));
  if (!exists (dir))
    return 0;   /* no store: connecting says so */
  /* The lock libsemanage holds for a whole transaction: no commit of any
   * tool is half-way while it is held. */
  cleanup_close int fd = open (lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return sepm_error_make (err, errno, "open libsemanage's lock `%s`", lock);
  if (flock (fd, LOCK_EX) < 0)
    return sepm_error_make (err, errno, "lock `%s`", lock);
  if (!exists (active) && exists (previous))
    {
      /* Killed between the two renames: put the old store back, as
       * libsemanage does when the second rename fails. */
      if (rename (previous, active) < 0)
        return sepm_error_make (err, errno, "restore the policy store `%s` from `%s`", active, previous);
      cleanup_close int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dfd >= 0)
        fsync (dfd);
      out->restored_previous = true;
    }
  if (exists (active))
    out->needs_rebuild = !installed_matches (ref, active, etc);
  return 0;
}
