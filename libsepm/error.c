#include <config.h>
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *__attribute__ ((format (printf, 1, 0)))
format_message (const char *fmt, va_list ap)
{
  char *msg = NULL;

  if (vasprintf (&msg, fmt, ap) < 0)
    return NULL;
  return msg;
}

int
sepm_error_make (sepm_error_t *err, int status, const char *fmt, ...)
{
  va_list ap;
  char *msg;

  /* The first error wins: later ones are usually consequences of it. */
  if (err == NULL || *err != NULL)
    return -1;

  va_start (ap, fmt);
  msg = format_message (fmt, ap);
  va_end (ap);

  *err = calloc (1, sizeof (**err));
  if (*err == NULL)
    {
      free (msg);
      return -1;
    }
  (*err)->status = status;
  if (status != 0 && msg != NULL)
    {
      char *with_errno = NULL;
      if (asprintf (&with_errno, "%s: %s", msg, strerror (status)) >= 0)
        {
          free (msg);
          msg = with_errno;
        }
    }
  (*err)->msg = msg != NULL ? msg : strdup ("out of memory");
  return -1;
}

int
sepm_error_wrap (sepm_error_t *err, const char *fmt, ...)
{
  va_list ap;
  char *context, *joined = NULL;

  if (err == NULL || *err == NULL)
    return -1;

  va_start (ap, fmt);
  context = format_message (fmt, ap);
  va_end (ap);
  if (context == NULL)
    return -1;

  if (asprintf (&joined, "%s: %s", context, (*err)->msg) >= 0)
    {
      free ((*err)->msg);
      (*err)->msg = joined;
    }
  free (context);
  return -1;
}

int
sepm_error_set_file (sepm_error_t *err, const char *file)
{
  if (err != NULL && *err != NULL && (*err)->file == NULL && file != NULL)
    (*err)->file = strdup (file);
  return -1;
}

int
sepm_error_set_hint (sepm_error_t *err, const char *fmt, ...)
{
  va_list ap;

  if (err == NULL || *err == NULL || (*err)->hint != NULL)
    return -1;
  va_start (ap, fmt);
  (*err)->hint = format_message (fmt, ap);
  va_end (ap);
  return -1;
}

void
sepm_error_release (sepm_error_t *err)
{
  if (err == NULL || *err == NULL)
    return;
  free ((*err)->msg);
  free ((*err)->file);
  free ((*err)->hint);
  free (*err);
  *err = NULL;
}
