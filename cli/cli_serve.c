#include <config.h>
#include "cli_serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>

#include "cli/cli.h"
#include "libsepm/cache.h"
#include "libsepm/util.h"

void
sepm_cli_serve_init (struct sepm_cli_serve *s)
{
  memset (s, 0, sizeof (*s));
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  s->workers = cores > 0 ? (unsigned) cores : 1;
  s->scan_timeout = 600;
}

static unsigned
positive (const char *arg, unsigned max, const char **bad, const char *what)
{
  char *end;
  unsigned long v = strtoul (arg, &end, 10);
  if (*end || *arg == '\0' || v == 0 || v > max)
    {
      *bad = what;
      return 0;
    }
  return (unsigned) v;
}

bool
sepm_cli_serve_option (struct sepm_cli_serve *s, int c, const char *arg)
{
  switch (c)
    {
    case SEPM_OPT_SERVE: s->address = arg; return true;
    case SEPM_OPT_WORKERS: s->workers = positive (arg, 256, &s->bad, "--workers takes a number from 1 to 256"); return true;
    case SEPM_OPT_SERVE_TOKEN_FILE: s->token_file = arg; return true;
    case SEPM_OPT_SERVE_STATE: s->state_dir = arg; return true;
    case SEPM_OPT_SCAN_TIMEOUT:
      s->scan_timeout = positive (arg, 86400, &s->bad, "--scan-timeout takes seconds, from 1 to 86400");
      return true;
    default: return false;
    }
}

/* One JSON object per line on stderr: what a log collector reads. */
static void
log_line (void *arg, const char *level, const char *event, json_t *fields)
{
  char stamp[32];
  struct timespec ts;
  struct tm tm;
  json_t *line = json_object ();

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  cleanup_free char *time = xasprintf ("%s.%03ldZ", stamp, ts.tv_nsec / 1000000);
  json_object_set_new (line, "time", json_string (time));
  json_object_set_new (line, "level", json_string (level));
  json_object_set_new (line, "event", json_string (event));
  json_object_update (line, fields);
  cleanup_free char *text = json_dumps (line, JSON_COMPACT);
  fprintf (stderr, "%s\n", text);
  fflush (stderr);
  json_decref (line);
}

static int
read_token (const char *path, char **out, sepm_error_t *err)
{
  size_t len = 0;
  if (sepm_read_file (path, 4096, out, &len, err) < 0)
    return sepm_error_wrap (err, "--serve-token-file");
  while (len && ((*out)[len - 1] == '\n' || (*out)[len - 1] == '\r' || (*out)[len - 1] == ' '))
    (*out)[--len] = '\0';
  if (len < 16 || strpbrk (*out, "\r\n\t "))
    return sepm_error_make (err, 0, "--serve-token-file %s: the token must be one line of at least 16 "
                            "characters without spaces", path);
  return 0;
}

int
sepm_cli_serve_run (const char *program, struct sepm_cli_serve *s, struct sepm_policy_source *policy,
                    const struct sepm_registry_options *registry, bool werror)
{
  cleanup_free char *token = NULL;
  cleanup_free char *state = NULL;
  sepm_error_t err = NULL;

  if (s->token_file && read_token (s->token_file, &token, &err) < 0)
    {
      sepm_cli_report_error_json (program, &err, false);
      return SEPM_EXIT_ERROR;
    }
  state = s->state_dir ? xstrdup (s->state_dir)
    : xasprintf ("%s/serve", policy->system.cache_dir ? policy->system.cache_dir : sepm_cache_default_dir ());
  struct sepm_serve_options o = {
    .address = s->address, .workers = s->workers, .max_queue = 1024,
    .scan_timeout = s->scan_timeout, .token = token, .state_dir = state, .registry = registry,
    .werror = werror, .log = log_line,
  };
  const char *notes[] = { policy->note, policy->templates_note };
  for (size_t i = 0; i < 2; i++)
    if (notes[i])
      {
        json_t *fields = json_pack ("{s:s}", "message", notes[i]);
        log_line (NULL, "info", "note", fields);
        json_decref (fields);
      }
  if (sepm_serve_run (policy->sys, policy->profile, &o, &err) < 0)
    {
      sepm_cli_report_error_json (program, &err, false);
      return SEPM_EXIT_ERROR;
    }
  return SEPM_EXIT_OK;
}
