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
  printf ("libsepol %s (static), libselinux %s, libsemanage %s\n", SEPM_LIBSEPOL_VERSION,
          SEPM_LIBSELINUX_VERSION, SEPM_LIBSEMANAGE_VERSION);
  printf ("libarchive %s, jansson %s, %s\n", archive_version_string () + sizeof ("libarchive"),
          JANSSON_VERSION, OPENSSL_VERSION_TEXT);
}

void
sepm_cli_report_error_json (const char *program, sepm_error_t *err, bool json)
{
  const char *msg = err != NULL && *err != NULL ? (*err)->msg : "unknown error";

  fprintf (stderr, "%s: error: %s\n", program, msg);
  /* A reader of --json gets an answer on stdout for exit 2 too. */
  if (json)
    {
      json_t *doc = json_pack ("{s:{s:s, s:s}}", "error", "program", program, "message", msg);
      json_dumpf (doc, stdout, JSON_INDENT (2));
      putchar ('\n');
      json_decref (doc);
    }
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
