/* Errors carry context upward; only main() prints them.
 *
 * A library call that fails fills *err and returns a negative value.  The
 * caller either handles it or adds context with sepm_error_wrap() and
 * returns it again.  Nothing in libsepm prints or exits. */
#ifndef SEPM_ERROR_H
#define SEPM_ERROR_H

#include <stdarg.h>

struct sepm_error_s
{
  int status;                   /* errno value when there is one, else 0 */
  char *msg;
  char *file;                   /* the input at fault, when one is; or NULL */
  char *hint;                   /* what to do about it; or NULL */
};
typedef struct sepm_error_s *sepm_error_t;

/* Fill *err (when it is empty) and return -1.  When status is an errno
 * value, its text is appended to the message. */
int sepm_error_make (sepm_error_t *err, int status, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Prefix the message of *err with more context: "CONTEXT: old message".
 * Returns -1 so that call sites can `return sepm_error_wrap (...)`. */
int sepm_error_wrap (sepm_error_t *err, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* Name the input at fault (the first call wins: the innermost knows
 * best) and say what to do; both return -1 like the calls above. */
int sepm_error_set_file (sepm_error_t *err, const char *file);
int sepm_error_set_hint (sepm_error_t *err, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

void sepm_error_release (sepm_error_t *err);

#endif
