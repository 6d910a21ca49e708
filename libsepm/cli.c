#include <config.h>
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>

#include <archive.h>
#include <jansson.h>
#include <openssl/opensslv.h>
#include <selinux/selinux.h>
#include <semanage/semanage.h>

void
sepm_cli_print_version (const char *program)
{
  printf ("%s (%s) %s\n", program, PACKAGE_NAME, PACKAGE_VERSION);
  printf ("libarchive %s, jansson %s, %s\n", archive_version_string () + sizeof ("libarchive"),
          JANSSON_VERSION, OPENSSL_VERSION_TEXT);
}

void
sepm_cli_report_error (const char *program, sepm_error_t *err)
{
  if (err != NULL && *err != NULL)
    fprintf (stderr, "%s: error: %s\n", program, (*err)->msg);
  sepm_error_release (err);
}

int
sepm_cli_usage_error (const char *program, const char *fmt, ...)
{
  va_list ap;

  fprintf (stderr, "%s: ", program);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\nTry '%s --help' for more information.\n", program);
  return SEPM_EXIT_ERROR;
}
