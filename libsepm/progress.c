#include <config.h>
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static sepm_progress_fn reporter;
static void *reporter_arg;

void
sepm_progress_set (sepm_progress_fn fn, void *arg)
{
  reporter = fn;
  reporter_arg = arg;
}

void
sepm_progress (const char *fmt, ...)
{
  va_list ap;
  char *step = NULL;

  if (reporter == NULL)
    return;
  va_start (ap, fmt);
  if (vasprintf (&step, fmt, ap) >= 0)
    reporter (reporter_arg, step);
  va_end (ap);
  free (step);
}
