#include <config.h>
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void
cleanup_freep (void *p)
{
  void **pp = (void **) p;
  free (*pp);
}

void
cleanup_closep (int *fd)
{
  if (*fd >= 0)
    close (*fd);
}

void
cleanup_fclosep (FILE **f)
{
  if (*f != NULL)
    fclose (*f);
}

static void *
check_alloc (void *p)
{
  if (p == NULL)
    abort ();
  return p;
}

void *
xmalloc (size_t size)
{
  return check_alloc (malloc (size ? size : 1));
}

void *
xcalloc (size_t n, size_t size)
{
  return check_alloc (calloc (n ? n : 1, size ? size : 1));
}

void *
xrealloc (void *ptr, size_t size)
{
  return check_alloc (realloc (ptr, size ? size : 1));
}

char *
xstrdup (const char *s)
{
  return check_alloc (strdup (s));
}

char *
xstrndup (const char *s, size_t n)
{
  return check_alloc (strndup (s, n));
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *s = NULL;
  int r;

  va_start (ap, fmt);
  r = vasprintf (&s, fmt, ap);
  va_end (ap);
  if (r < 0)
    abort ();
  return s;
}

int
sepm_read_file (const char *path, size_t max_size, char **out, size_t *len,
                sepm_error_t *err)
{
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return sepm_error_make (err, errno, "open `%s`", path);
  return sepm_read_fd (fd, path, max_size, out, len, err);
}

int
sepm_read_fd (int fd, const char *path, size_t max_size, char **out, size_t *len, sepm_error_t *err)
{
  cleanup_free char *buf = NULL;
  size_t size = 0, alloc = 0;
  struct stat st;

  if (fstat (fd, &st) < 0)
    return sepm_error_make (err, errno, "stat `%s`", path);
  if (S_ISDIR (st.st_mode))
    return sepm_error_make (err, EISDIR, "read `%s`", path);

  for (;;)
    {
      ssize_t r;

      if (alloc - size < 4096)
        {
          alloc = alloc ? alloc * 2 : 65536;
          buf = xrealloc (buf, alloc + 1);
        }
      r = read (fd, buf + size, alloc - size);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return sepm_error_make (err, errno, "read `%s`", path);
        }
      if (r == 0)
        break;
      size += r;
      if (size > max_size)
        return sepm_error_make (err, 0, "`%s` is larger than the limit of %zu bytes",
                                path, max_size);
    }
  if (buf == NULL)
    buf = xmalloc (1);
  buf[size] = '\0';
  *out = buf;
  buf = NULL;
  if (len)
    *len = size;
  return 0;
}

int
sepm_write_file_atomic (const char *path, const void *data, size_t len,
                        sepm_error_t *err)
{
  cleanup_free char *tmp = xasprintf ("%s.tmp.%d", path, (int) getpid ());
  const char *p = data;
  int fd;

  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return sepm_error_make (err, errno, "create `%s`", tmp);
  while (len > 0)
    {
      ssize_t w = write (fd, p, len);
      if (w < 0)
        {
          if (errno == EINTR)
            continue;
          int saved = errno;
          close (fd);
          unlink (tmp);
          return sepm_error_make (err, saved, "write `%s`", tmp);
        }
      p += w;
      len -= w;
    }
  if (fsync (fd) < 0 || close (fd) < 0)
    {
      int saved = errno;
      unlink (tmp);
      return sepm_error_make (err, saved, "sync `%s`", tmp);
    }
  if (rename (tmp, path) < 0)
    {
      int saved = errno;
      unlink (tmp);
      return sepm_error_make (err, saved, "rename `%s` to `%s`", tmp, path);
    }
  return 0;
}

size_t
sepm_message_word (const char *p)
{
  size_t len = strspn (p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
  while (len > 0 && (p[len - 1] == '.' || p[len - 1] == '-'))
    len--;
  return len;
}

char *
sepm_private_tmpdir (const char *prefix, sepm_error_t *err)
{
  const char *tmp = getenv ("TMPDIR");
  char *dir = xasprintf ("%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);

  /* mkdtemp makes it 0700. */
  if (mkdtemp (dir) == NULL)
    {
      sepm_error_make (err, errno, "create a temporary directory `%s` (set TMPDIR to a writable directory)", dir);
      free (dir);
      return NULL;
    }
  return dir;
}

int
sepm_mkdir_p (const char *path, int mode, sepm_error_t *err)
{
  cleanup_free char *copy = xstrdup (path);
  char *p;

  for (p = copy + 1; *p; p++)
    {
      if (*p != '/')
        continue;
      *p = '\0';
      if (mkdir (copy, mode) < 0 && errno != EEXIST)
        return sepm_error_make (err, errno, "mkdir `%s`", copy);
      *p = '/';
    }
  if (mkdir (copy, mode) < 0 && errno != EEXIST)
    return sepm_error_make (err, errno, "mkdir `%s`", copy);
  return 0;
}

bool
sepm_str_same (const char *a, const char *b)
{
  return (a == NULL && b == NULL) || (a && b && strcmp (a, b) == 0);
}

bool
sepm_str_has_prefix (const char *s, const char *prefix)
{
  return strncmp (s, prefix, strlen (prefix)) == 0;
}

void
sepm_buf_append (struct sepm_buf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap)
    {
      b->cap = (b->len + n + 1) * 2;
      b->data = xrealloc (b->data, b->cap);
    }
  memcpy (b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void
sepm_buf_puts (struct sepm_buf *b, const char *s)
{
  sepm_buf_append (b, s, strlen (s));
}


double
sepm_now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

unsigned long
sepm_env_ulong (const char *name, unsigned long fallback)
{
  const char *v = getenv (name);
  char *end;
  unsigned long n;

  if (v == NULL || *v == '\0')
    return fallback;
  errno = 0;
  n = strtoul (v, &end, 10);
  return *end == '\0' && n > 0 && errno == 0 ? n : fallback;
}

char *
sepm_printable (const char *s, size_t max)
{
  if (s == NULL)
    return xstrdup ("(none)");
  size_t n = strnlen (s, max + 1);
  char *out = xmalloc ((n > max ? max : n) + 4);
  size_t i;

  for (i = 0; i < n && i < max; i++)
    out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
  strcpy (out + i, n > max ? "..." : "");
  return out;
}

void
cleanup_secretp (void *p)
{
  char **s = p;
  if (*s)
    {
      explicit_bzero (*s, strlen (*s));
      free (*s);
    }
}
