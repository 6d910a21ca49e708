/* sepm-verify --serve: its options, its structured logs on stderr (one
 * JSON object per line), and the call into libsepm/serve.c. */
#ifndef SEPM_CLI_SERVE_H
#define SEPM_CLI_SERVE_H

#include <getopt.h>
#include <stdbool.h>

#include "cli/cli_registry.h"
#include "libsepm/policy_source.h"
#include "libsepm/serve.h"

enum
{
  SEPM_OPT_SERVE = 0x1200,
  SEPM_OPT_WORKERS,
  SEPM_OPT_SERVE_TOKEN_FILE,
  SEPM_OPT_SERVE_STATE,
  SEPM_OPT_SCAN_TIMEOUT,
};

#define SEPM_CLI_SERVE_OPTIONS \
  { "serve", required_argument, NULL, SEPM_OPT_SERVE }, \
  { "workers", required_argument, NULL, SEPM_OPT_WORKERS }, \
  { "serve-token-file", required_argument, NULL, SEPM_OPT_SERVE_TOKEN_FILE }, \
  { "serve-state", required_argument, NULL, SEPM_OPT_SERVE_STATE }, \
  { "scan-timeout", required_argument, NULL, SEPM_OPT_SCAN_TIMEOUT }

#define SEPM_CLI_SERVE_HELP \
  "      --serve ADDR      serve Harbor's pluggable scanner API (v1.2) on ADDR\n" \
  "                        (HOST:PORT) instead of verifying SOURCEs; see\n" \
  "                        docs/registry.md\n" \
  "      --workers N       scans at once, each in its own process (default: cores)\n" \
  "      --serve-token-file FILE\n" \
  "                        the bearer token Harbor must send (its registration's\n" \
  "                        Authorization); without it, no token is asked for\n" \
  "      --serve-state DIR scans and results (default: CACHE-DIR/serve)\n" \
  "      --scan-timeout S  seconds before a scan's worker is killed (default 600)\n"

struct sepm_cli_serve
{
  const char *address;
  unsigned workers;
  const char *token_file;
  const char *state_dir;
  unsigned scan_timeout;
  const char *bad;              /* a usage error */
};

void sepm_cli_serve_init (struct sepm_cli_serve *s);
bool sepm_cli_serve_option (struct sepm_cli_serve *s, int c, const char *arg);
/* Serve with the opened policy; returns the exit status. */
int sepm_cli_serve_run (const char *program, struct sepm_cli_serve *s, struct sepm_policy_source *policy,
                        const struct sepm_registry_options *registry, bool werror);

#endif
