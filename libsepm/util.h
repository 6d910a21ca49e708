/* Small helpers shared by the whole library: cleanup attributes, checked
 * allocation and whole-file reads. */
#ifndef SEPM_UTIL_H
#define SEPM_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>

#include "error.h"

void cleanup_freep (void *p);
void cleanup_closep (int *fd);
void cleanup_fclosep (FILE **f);

#define cleanup_free __attribute__ ((cleanup (cleanup_freep)))
/* A string that holds a secret (a password, a token): zeroed, then freed. */
void cleanup_secretp (void *p);
#define cleanup_secret __attribute__ ((cleanup (cleanup_secretp)))
#define cleanup_close __attribute__ ((cleanup (cleanup_closep)))
#define cleanup_file __attribute__ ((cleanup (cleanup_fclosep)))

/* Allocation failure aborts: there is no sane way to report it from deep
 * inside a policy walk, and a registry would rather restart the check. */
void *xmalloc (size_t size);
void *xcalloc (size_t n, size_t size);
void *xrealloc (void *ptr, size_t size);
char *xstrdup (const char *s);
char *xstrndup (const char *s, size_t n);
char *xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* Read a whole file.  Fails with an error naming the path when the file
 * is larger than max_size bytes.  The buffer is NUL-terminated. */
int sepm_read_file (const char *path, size_t max_size, char **out, size_t *len,
                    sepm_error_t *err);
/* The same for an open descriptor (PATH names it in messages). */
int sepm_read_fd (int fd, const char *path, size_t max_size, char **out, size_t *len, sepm_error_t *err);

/* Write a file atomically: a temporary file beside it, fsync, rename. */
int sepm_write_file_atomic (const char *path, const void *data, size_t len,
                            sepm_error_t *err);

/* mkdir -p with the given mode. */
int sepm_mkdir_p (const char *path, int mode, sepm_error_t *err);
/* A new directory only we can enter, under $TMPDIR (or /tmp), named
 * PREFIX.XXXXXX; NULL with ERR set when it cannot be made. */
char *sepm_private_tmpdir (const char *prefix, sepm_error_t *err);
/* The length of the CIL name P starts with, as a message writes it: a
 * sentence's full stop or a dash after it is not part of it (0: P starts
 * with no name). */
size_t sepm_message_word (const char *p);

/* A growing, always NUL-terminated byte buffer. */
struct sepm_buf
{
  char *data;
  size_t len, cap;
};
void sepm_buf_append (struct sepm_buf *b, const char *s, size_t n);
void sepm_buf_puts (struct sepm_buf *b, const char *s);

bool sepm_str_has_prefix (const char *s, const char *prefix);
/* Text from a hostile peer, fit for a message: at most MAX bytes (then
 * "..."), each byte outside printable ASCII as `?`.  NULL gives "(none)". */
char *sepm_printable (const char *s, size_t max);
/* A and B are both NULL, or equal strings. */
bool sepm_str_same (const char *a, const char *b);

/* Monotonic time in seconds, for the timings reports carry. */
double sepm_now_seconds (void);

/* A positive number from the environment variable NAME (a limit the user
 * may raise or lower), or FALLBACK when it is unset or not one. */
unsigned long sepm_env_ulong (const char *name, unsigned long fallback);

#endif
