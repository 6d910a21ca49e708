#include <config.h>
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Nothing the cache holds is near this; a file past it is not ours. */
#define CACHE_FILE_MAX (512u << 20)

char *
sepm_cache_default_dir (void)
{
  const char *env = getenv ("SEPM_CACHE_DIR");
  const char *xdg = getenv ("XDG_CACHE_HOME");
  const char *home = getenv ("HOME");

  if (env && *env)
    return xstrdup (env);
  if (geteuid () == 0)
    return xstrdup ("/var/cache/sepm");
  if (xdg && *xdg)
    return xasprintf ("%s/sepm", xdg);
  if (home && *home)
    return xasprintf ("%s/.cache/sepm", home);
  return NULL;
}

/* Owned by us, and nobody else may write it. */
static bool
is_ours (int fd, mode_t kind)
{
  struct stat st;

  return fstat (fd, &st) == 0 && (st.st_mode & S_IFMT) == kind && st.st_uid == geteuid ()
         && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

static int
open_dir (const char *dir)
{
  int fd;

  if (dir == NULL)
    return -1;
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 && !is_ours (fd, S_IFDIR))
    {
      close (fd);
      return -1;
    }
  return fd;
}

static int
open_file (const char *dir, const char *name)
{
  cleanup_close int dfd = open_dir (dir);
  int fd;

  if (dfd < 0)
    return -1;
  fd = openat (dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 && !is_ours (fd, S_IFREG))
    {
      close (fd);
      return -1;
    }
  return fd;
}

bool
sepm_cache_get (const char *dir, const char *name, char **data, size_t *len)
{
  cleanup_close int fd = open_file (dir, name);
  sepm_error_t ignored = NULL;

  if (fd < 0)
    return false;
  if (sepm_read_fd (fd, name, CACHE_FILE_MAX, data, len, &ignored) < 0)
    {
      sepm_error_release (&ignored);
      return false;
    }
  return true;
}

bool
sepm_cache_has (const char *dir, const char *name)
{
  cleanup_close int fd = open_file (dir, name);
  return fd >= 0;
}

static bool
write_all (int fd, const char *p, size_t len)
{
  while (len > 0)
    {
      ssize_t w = write (fd, p, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return false;
      p += w;
      len -= (size_t) w;
    }
  return fsync (fd) == 0;
}

void
sepm_cache_put (const char *dir, const char *name, const void *data, size_t len)
{
  sepm_error_t ignored = NULL;
  cleanup_close int dfd = -1;
  cleanup_free char *tmp = xasprintf (".%s.tmp.%d", name, (int) getpid ());
  int fd;

  if (dir == NULL)
    return;
  if (sepm_mkdir_p (dir, 0700, &ignored) < 0)
    {
      sepm_error_release (&ignored);
      return;
    }
  dfd = open_dir (dir);
  if (dfd < 0)
    return;
  /* Only a dead process of the same pid leaves this name, so the unlink
     is tried after O_EXCL fails rather than before every write: a
     crash test that counts system calls sees the same calls on every
     run.  */
  fd = openat (dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST && unlinkat (dfd, tmp, 0) == 0)
    fd = openat (dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return;
  bool ok = write_all (fd, data, len);
  if (close (fd) < 0 || !ok || renameat (dfd, tmp, dfd, name) < 0)
    unlinkat (dfd, tmp, 0);
}
