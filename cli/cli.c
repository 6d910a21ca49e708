#include <config.h>
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <archive.h>
#include <jansson.h>
#include <openssl/opensslv.h>
#include <selinux/selinux.h>
#include <semanage/semanage.h>

#include "progress.h"
#include "util.h"

struct progress
{
  const char *program;
  bool verbose;
  double t0;
};

static void
report_step (void *arg, const char *step)
{
  const struct progress *p = arg;
  if (p->verbose)
    fprintf (stderr, "%s: [%6.1f s] %s\n", p->program, sepm_now_seconds () - p->t0, step);
  else
    fprintf (stderr, "%s: %s\n", p->program, step);
}

void
sepm_cli_progress_init (const char *program, int verbosity)
{
  static struct progress p;
  p = (struct progress) { program, verbosity > 0, sepm_now_seconds () };
  sepm_progress_set (verbosity < 0 ? NULL : report_step, &p);
}

void
sepm_cli_print_version (const char *program)
{
  printf ("%s (%s) %s\n", program, PACKAGE_NAME, PACKAGE_VERSION);
  printf ("libsepol %s (static), libselinux %s, libsemanage %s\n", SEPM_LIBSEPOL_VERSION,
          SEPM_LIBSELINUX_VERSION, SEPM_LIBSEMANAGE_VERSION);
  printf ("libarchive %s, jansson %s, %s\n", archive_version_string () + sizeof ("libarchive"),
          JANSSON_VERSION, OPENSSL_VERSION_TEXT);
  printf ("data directory: %s\n", SEPM_DATADIR);
}

/* What every JSON document carries first: the schema it follows
 * (docs/json.md) and the tool that wrote it. */
static json_t *
stamped (const char *program, json_t *body)
{
  json_t *doc = json_pack ("{s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "schema", SEPM_JSON_SCHEMA,
                           "tool", "name", program, "version", PACKAGE_VERSION,
                           "libsepol", SEPM_LIBSEPOL_VERSION, "libselinux", SEPM_LIBSELINUX_VERSION,
                           "libsemanage", SEPM_LIBSEMANAGE_VERSION);
  json_object_update (doc, body);
  return doc;
}

void
sepm_cli_print_json (const char *program, json_t *doc)
{
  json_t *out;

  if (json_is_array (doc))
    {
      size_t i;
      json_t *v;
      out = json_array ();
      json_array_foreach (doc, i, v)
        json_array_append_new (out, stamped (program, v));
    }
  else
    out = stamped (program, doc);
  json_dumpf (out, stdout, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  putchar ('\n');
  json_decref (out);
  json_decref (doc);
}

void
sepm_cli_report_error_json (const char *program, sepm_error_t *err, bool json)
{
  const struct sepm_error_s *e = err != NULL ? *err : NULL;
  const char *msg = e ? e->msg : "unknown error";
  const char *file = e ? e->file : NULL;
  const char *hint = e ? e->hint : NULL;

  fprintf (stderr, "%s: error: %s\n", program, msg);
  if (hint)
    fprintf (stderr, "  hint: %s\n", hint);
  /* A reader of --json gets an answer on stdout for exit 2 too. */
  if (json)
    sepm_cli_print_json (program, json_pack ("{s:{s:s, s:s, s:s?, s:s?}}", "error", "program", program,
                                             "message", msg, "file", file, "hint", hint));
  sepm_error_release (err);
}

int
sepm_cli_bad_option (const char *program, char **argv, int c)
{
  /* getopt's own message is off (opterr = 0): one message, ours. */
  const char *arg = optind > 0 ? argv[optind - 1] : "";
  const char *what = c == ':' ? "needs an argument" : NULL;
  if (optopt && strncmp (arg, "--", 2) != 0)
    return what ? sepm_cli_usage_error (program, "option '-%c' %s", optopt, what)
      : sepm_cli_usage_error (program, "unknown option '-%c'", optopt);
  return what ? sepm_cli_usage_error (program, "option '%s' %s", arg, what)
    : sepm_cli_usage_error (program, "unknown option '%s'", arg);
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
