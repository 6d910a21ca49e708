/* sepm-verify --serve: Harbor's pluggable scanner API (v1.2) over
 * libmicrohttpd.  One process answers HTTP; each scan runs in a worker
 * process forked from it (libsepol is not thread-safe), at most WORKERS
 * at a time, with a bounded queue.  The verdict is the CLI's: the worker
 * calls sepm_image_verify on docker://HOST/REPO@DIGEST.
 *
 * Jobs and results live in files under STATE_DIR (jobs/ID.json,
 * results/DIGEST-POLICY.json), written atomically, so a restarted server
 * still answers for scans it finished and never reports a scan it lost as
 * clean.  Registry credentials from a scan request stay in memory and go
 * to the worker only. */
#ifndef SEPM_SERVE_H
#define SEPM_SERVE_H

#include <stdbool.h>
#include <jansson.h>

#include "error.h"
#include "profile.h"
#include "registry.h"
#include "system_policy.h"

struct sepm_serve_options
{
  const char *address;          /* HOST:PORT (IPv4) */
  unsigned workers;             /* processes scanning at once */
  unsigned max_queue;           /* scans waiting or running; more get 503 */
  unsigned scan_timeout;        /* seconds before a worker is killed */
  const char *token;            /* the bearer token Harbor sends, or NULL: none asked */
  const char *state_dir;
  const struct sepm_registry_options *registry; /* --cert-dir, --tls-verify */
  bool werror;
  /* Structured logs: EVENT with FIELDS (a JSON object, borrowed). */
  void (*log) (void *arg, const char *level, const char *event, json_t *fields);
  void *log_arg;
  /* Called once the socket listens (the port, when 0 was asked). */
  void (*listening) (void *arg, unsigned port);
};

/* Serve until SIGTERM or SIGINT, then finish the running scans, fail the
 * waiting ones, and return 0.  -1 when it cannot start. */
int sepm_serve_run (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                    const struct sepm_serve_options *opts, sepm_error_t *err);

#endif
