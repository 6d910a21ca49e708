/* What the three command-line tools share: exit codes and the one place
 * where a library error is turned into text on stderr. */
#ifndef SEPM_CLI_H
#define SEPM_CLI_H

#include <stdbool.h>

#include <jansson.h>

#include "error.h"

enum sepm_exit_code
{
  SEPM_EXIT_OK = 0,             /* admitted / done */
  SEPM_EXIT_REJECTED = 1,       /* a policy finding: the input is refused */
  SEPM_EXIT_ERROR = 2,          /* usage error or the tool could not do its job */
};

void sepm_cli_print_version (const char *program);

/* Report the library's slow steps on stderr (progress.h): one line each,
 * none with VERBOSITY -1 (-q), with the seconds since now with 1 (-v). */
void sepm_cli_progress_init (const char *program, int verbosity);

/* Print "PROGRAM: error: MESSAGE" and release the error; with JSON, also
 * {"error": {"program", "message"}} on stdout, so that a reader of --json
 * gets an answer for exit 2 too. */
void sepm_cli_report_error_json (const char *program, sepm_error_t *err, bool json);

/* The schema every --json document follows (docs/json.md): bumped when a
 * field changes meaning or goes away, never for a field added. */
#define SEPM_JSON_SCHEMA "sepm-report/1"

/* Print DOC (an object, or an array of them) on stdout as --json does:
 * each object gets "schema" and "tool" first.  Takes DOC's reference. */
void sepm_cli_print_json (const char *program, json_t *doc);

/* Print "PROGRAM: MESSAGE" and a pointer to --help on stderr; return 2. */
int sepm_cli_usage_error (const char *program, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* The usage error for what getopt_long returned as C ('?' or ':', with
 * opterr 0 and an optstring that starts with ':'). */
int sepm_cli_bad_option (const char *program, char **argv, int c);

#endif
