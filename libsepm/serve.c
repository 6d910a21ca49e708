#include <config.h>
#include "serve.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <microhttpd.h>
#include <openssl/crypto.h>

#include "harbor_report.h"
#include "image_verify.h"
#include "report.h"
#include "scan_request.h"
#include "serve_store.h"
#include "util.h"

/* How long Harbor is told to wait before it polls again. */
#define REFRESH_AFTER "2"
#define API "/api/v1"

struct job
{
  char id[33];
  struct sepm_scan_request req; /* with the credentials: memory only */
  pid_t pid;                    /* 0 while queued */
  double started;
};

struct server
{
  struct sepm_system_policy *sys;
  const struct sepm_profile *profile;
  const struct sepm_serve_options *opts;
  struct sepm_serve_store store;
  struct job *jobs;             /* queued and running, oldest first */
  size_t n_jobs;
  unsigned running;
  bool draining;
};

/* ---- logs */

static void
log_event (struct server *s, const char *level, const char *event, json_t *fields)
{
  if (s->opts->log)
    s->opts->log (s->opts->log_arg, level, event, fields);
  json_decref (fields);
}

/* libmicrohttpd's own messages, as events of the same log. */
static void
mhd_log (void *cls, const char *fmt, va_list ap)
{
  char *text = NULL;
  if (vasprintf (&text, fmt, ap) < 0)
    return;
  size_t n = strlen (text);
  while (n && text[n - 1] == '\n')
    text[--n] = '\0';
  log_event (cls, "warning", "http", json_pack ("{s:s}", "message", text));
  free (text);
}

/* ---- workers */

static int sig_pipe[2] = { -1, -1 };

static void
on_signal (int sig)
{
  int saved = errno;
  unsigned char c = (unsigned char) sig;
  if (write (sig_pipe[1], &c, 1) < 0)
    {
      /* the pipe is full: a wake-up is already pending */
    }
  errno = saved;
}

/* The worker holds no socket of the server's: a connection the server
 * closes must close for the client too. */
static void
close_sockets (void)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;
  struct stat st;

  if (d == NULL)
    return;
  while ((e = readdir (d)) != NULL)
    {
      int fd = atoi (e->d_name);
      if (fd > 2 && fd != dirfd (d) && fstat (fd, &st) == 0 && S_ISSOCK (st.st_mode))
        close (fd);
    }
  closedir (d);
}

/* In the worker: verify, write the result and the job, exit. */
static void __attribute__ ((noreturn))
work (struct server *s, struct job *j)
{
  cleanup_free char *ref = sepm_scan_request_reference (&j->req);
  struct sepm_registry_options ro = *s->opts->registry;
  struct sepm_image_report r;
  sepm_error_t err = NULL;
  json_t *job;
  double t0 = sepm_now_seconds ();

  signal (SIGTERM, SIG_DFL);
  signal (SIGINT, SIG_DFL);
  signal (SIGCHLD, SIG_DFL);
  close_sockets ();
  ro.authorization = j->req.authorization;
  ro.plain_http = j->req.plain_http;
  /* The server's own credentials never go to a host a request names. */
  ro.creds = NULL;
  ro.authfile = NULL;
  ro.no_ambient_credentials = true;
  if (sepm_image_verify (s->sys, s->profile, ref, &ro, &r, &err) < 0)
    {
      job = sepm_serve_store_job (&j->req, "error");
      json_object_set_new (job, "message", json_string (err->msg));
      if (err->hint)
        json_object_set_new (job, "hint", json_string (err->hint));
      sepm_serve_store_put_job (&s->store, j->id, job, NULL);
      _exit (2);
    }
  if (s->opts->werror)
    sepm_image_report_promote_warnings (&r);
  struct sepm_report_timings timings = { s->sys->load_seconds, sepm_now_seconds () - t0 };
  json_t *report = sepm_report_image_json (s->sys, ref, &r, &timings);
  /* A result is kept only for the digest it was proven for. */
  if (sepm_serve_store_put_result (&s->store, j->req.digest, report, &err) < 0)
    sepm_error_release (&err);
  job = sepm_serve_store_job (&j->req, "done");
  json_object_set_new (job, "report", report);
  if (sepm_serve_store_put_job (&s->store, j->id, job, &err) < 0)
    _exit (2);
  _exit (0);
}

static void
start_worker (struct server *s, struct job *j)
{
  pid_t pid = fork ();

  if (pid == 0)
    work (s, j);
  if (pid < 0)
    {
      json_t *job = sepm_serve_store_job (&j->req, "error");
      json_object_set_new (job, "message", json_string ("the scanner could not start a worker process"));
      sepm_serve_store_put_job (&s->store, j->id, job, NULL);
      json_decref (job);
      j->pid = -1;
      return;
    }
  j->pid = pid;
  j->started = sepm_now_seconds ();
  s->running++;
  log_event (s, "info", "scan.started", json_pack ("{s:s, s:i}", "id", j->id, "pid", (int) pid));
}

static void
drop_job (struct server *s, size_t i)
{
  sepm_scan_request_release (&s->jobs[i].req);
  memmove (&s->jobs[i], &s->jobs[i + 1], (s->n_jobs - i - 1) * sizeof (*s->jobs));
  s->n_jobs--;
}

/* A worker that exited without a verdict leaves an error, never a
 * pending scan that could be read as anything else. */
static void
finish (struct server *s, size_t i, int status)
{
  struct job *j = &s->jobs[i];
  json_t *doc = sepm_serve_store_get_job (&s->store, j->id);
  const char *state = json_string_value (json_object_get (doc, "state"));
  double seconds = sepm_now_seconds () - j->started;

  if (state == NULL || strcmp (state, "pending") == 0)
    {
      cleanup_free char *why = WIFSIGNALED (status)
        ? xasprintf ("the check did not finish (its worker was killed by signal %d%s)", WTERMSIG (status),
                     WTERMSIG (status) == SIGKILL ? ", the scan timeout or the memory limit" : "")
        : xasprintf ("the check did not finish (its worker exited with status %d)", WEXITSTATUS (status));
      json_t *job = sepm_serve_store_job (&j->req, "error");
      json_object_set_new (job, "message", json_string (why));
      sepm_serve_store_put_job (&s->store, j->id, job, NULL);
      json_decref (job);
      log_event (s, "error", "scan.failed", json_pack ("{s:s, s:s, s:f}", "id", j->id, "message", why, "seconds", seconds));
    }
  else if (strcmp (state, "error") == 0)
    log_event (s, "warning", "scan.error", json_pack ("{s:s, s:s?, s:f}", "id", j->id, "message",
                                                      json_string_value (json_object_get (doc, "message")),
                                                      "seconds", seconds));
  else
    log_event (s, "info", "scan.done", json_pack ("{s:s, s:s, s:s?, s:f}", "id", j->id, "digest", j->req.digest,
                                                  "verdict", json_string_value (json_object_get (json_object_get (doc, "report"), "verdict")),
                                                  "seconds", seconds));
  json_decref (doc);
  s->running--;
  drop_job (s, i);
}

static void
reap (struct server *s)
{
  int status;
  pid_t pid;

  while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
    for (size_t i = 0; i < s->n_jobs; i++)
      if (s->jobs[i].pid == pid)
        {
          finish (s, i, status);
          break;
        }
}

static void
schedule (struct server *s)
{
  double now = sepm_now_seconds ();

  for (size_t i = 0; i < s->n_jobs; i++)
    {
      struct job *j = &s->jobs[i];
      if (j->pid > 0 && now - j->started > s->opts->scan_timeout)
        kill (j->pid, SIGKILL);
    }
  for (size_t i = 0; i < s->n_jobs && s->running < s->opts->workers && !s->draining; i++)
    if (s->jobs[i].pid == 0)
      start_worker (s, &s->jobs[i]);
  /* A worker that could not start is done with. */
  for (size_t i = 0; i < s->n_jobs;)
    if (s->jobs[i].pid < 0)
      drop_job (s, i);
    else
      i++;
}

/* SIGTERM: no new scans; the waiting ones fail (Harbor scans them again
 * later), the running ones finish. */
static void
drain (struct server *s)
{
  if (s->draining)
    return;
  s->draining = true;
  log_event (s, "info", "shutdown", json_pack ("{s:i, s:i}", "running", s->running,
                                               "waiting", (int) (s->n_jobs - s->running)));
  for (size_t i = 0; i < s->n_jobs;)
    if (s->jobs[i].pid == 0)
      {
        json_t *job = sepm_serve_store_job (&s->jobs[i].req, "error");
        json_object_set_new (job, "message", json_string ("the scanner shut down before this scan started; scan again"));
        sepm_serve_store_put_job (&s->store, s->jobs[i].id, job, NULL);
        json_decref (job);
        drop_job (s, i);
      }
    else
      i++;
}

/* ---- HTTP */

struct upload
{
  struct sepm_buf body;
  bool too_large;
};

static enum MHD_Result
reply (struct MHD_Connection *c, unsigned status, const char *type, json_t *doc)
{
  cleanup_free char *text = doc ? json_dumps (doc, JSON_COMPACT) : xstrdup ("");
  struct MHD_Response *r = MHD_create_response_from_buffer (strlen (text), text, MHD_RESPMEM_MUST_COPY);
  enum MHD_Result rc;

  json_decref (doc);
  if (type)
    MHD_add_response_header (r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  rc = MHD_queue_response (c, status, r);
  MHD_destroy_response (r);
  return rc;
}

static enum MHD_Result
reply_error (struct MHD_Connection *c, unsigned status, const char *message)
{
  return reply (c, status, SEPM_MT_SCANNER_ERROR, sepm_harbor_report_error (message));
}

static bool
authorized (struct server *s, struct MHD_Connection *c)
{
  const char *given = MHD_lookup_connection_value (c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  if (s->opts->token == NULL)
    return true;
  cleanup_free char *want = xasprintf ("Bearer %s", s->opts->token);
  return given && strlen (given) == strlen (want) && CRYPTO_memcmp (given, want, strlen (want)) == 0;
}

static enum MHD_Result
accept_scan (struct server *s, struct MHD_Connection *c, struct upload *u)
{
  struct sepm_scan_request req;
  sepm_error_t err = NULL;
  int status = 400;
  char id[33];
  json_t *cached, *job;

  if (u->too_large)
    return reply_error (c, 413, "the scan request is larger than 64 KiB");
  if (s->draining)
    return reply_error (c, 503, "the scanner is shutting down; scan again later");
  if (sepm_scan_request_parse (u->body.data ? u->body.data : "", u->body.len, &req, &status, &err) < 0)
    {
      enum MHD_Result rc = reply_error (c, status, err->msg);
      log_event (s, "warning", "scan.refused", json_pack ("{s:i, s:s}", "status", status, "message", err->msg));
      sepm_error_release (&err);
      return rc;
    }
  sepm_serve_store_new_id (id);
  /* The same manifest under the same policy has one verdict: a result
   * proven before answers at once, and never waits in the queue. */
  cached = sepm_serve_store_get_result (&s->store, req.digest);
  bool from_cache = cached != NULL;
  if (!from_cache && s->n_jobs >= s->opts->max_queue)
    {
      sepm_scan_request_release (&req);
      return reply_error (c, 503, "the scan queue is full; scan again later");
    }
  job = sepm_serve_store_job (&req, from_cache ? "done" : "pending");
  if (from_cache)
    {
      json_object_set_new (job, "report", cached);
      json_object_set_new (job, "cached", json_true ());
    }
  if (sepm_serve_store_put_job (&s->store, id, job, &err) < 0)
    {
      json_decref (job);
      sepm_scan_request_release (&req);
      enum MHD_Result rc = reply_error (c, 500, err->msg);
      sepm_error_release (&err);
      return rc;
    }
  json_decref (job);
  log_event (s, "info", from_cache ? "scan.cached" : "scan.accepted",
             json_pack ("{s:s, s:s, s:s}", "id", id, "repository", req.repository, "digest", req.digest));
  if (from_cache)
    {
      sepm_scan_request_release (&req);
      return reply (c, 202, SEPM_MT_SCAN_RESPONSE, json_pack ("{s:s}", "id", id));
    }
  s->jobs = xrealloc (s->jobs, (s->n_jobs + 1) * sizeof (*s->jobs));
  s->jobs[s->n_jobs] = (struct job) { .req = req };
  memcpy (s->jobs[s->n_jobs].id, id, sizeof id);
  s->n_jobs++;
  return reply (c, 202, SEPM_MT_SCAN_RESPONSE, json_pack ("{s:s}", "id", id));
}

static bool
is_running (struct server *s, const char *id)
{
  for (size_t i = 0; i < s->n_jobs; i++)
    if (strcmp (s->jobs[i].id, id) == 0)
      return true;
  return false;
}

static enum MHD_Result
get_report (struct server *s, struct MHD_Connection *c, const char *id)
{
  json_t *doc = sepm_serve_store_get_job (&s->store, id);
  const char *state = json_string_value (json_object_get (doc, "state"));
  const char *accept = MHD_lookup_connection_value (c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
  enum MHD_Result rc;

  if (doc == NULL || state == NULL)
    {
      json_decref (doc);
      return reply_error (c, 404, "no scan has this id");
    }
  if (strcmp (state, "pending") == 0 && !is_running (s, id))
    {
      /* Left by a server that stopped: its worker is gone. */
      json_decref (doc);
      return reply_error (c, 500, "the scanner restarted during this scan; scan again");
    }
  if (strcmp (state, "pending") == 0)
    {
      struct MHD_Response *r = MHD_create_response_from_buffer (0, (void *) "", MHD_RESPMEM_PERSISTENT);
      cleanup_free char *location = xasprintf (API "/scan/%s/report", id);
      MHD_add_response_header (r, "Refresh-After", REFRESH_AFTER);
      MHD_add_response_header (r, MHD_HTTP_HEADER_RETRY_AFTER, REFRESH_AFTER);
      MHD_add_response_header (r, MHD_HTTP_HEADER_LOCATION, location);
      rc = MHD_queue_response (c, MHD_HTTP_FOUND, r);
      MHD_destroy_response (r);
      json_decref (doc);
      return rc;
    }
  if (strcmp (state, "done") != 0)
    {
      const char *message = json_string_value (json_object_get (doc, "message"));
      rc = reply_error (c, 500, message ? message : "the scan failed");
      json_decref (doc);
      return rc;
    }
  json_t *report = json_incref (json_object_get (doc, "report"));
  json_t *artifact = json_object_get (doc, "artifact");
  struct sepm_scan_request req = {
    .repository = (char *) json_string_value (json_object_get (artifact, "repository")),
    .digest = (char *) json_string_value (json_object_get (artifact, "digest")),
    .tag = (char *) json_string_value (json_object_get (artifact, "tag")),
    .mime_type = (char *) json_string_value (json_object_get (artifact, "mime_type")),
    .host = (char *) json_string_value (json_object_get (artifact, "registry")),
  };
  if (accept && strstr (accept, SEPM_MT_SEPM_REPORT))
    {
      /* A result answered from the cache was proven for the same bytes
       * under another name: it names this one. */
      cleanup_free char *ref = sepm_scan_request_reference (&req);
      json_object_set_new (json_object_get (report, "image"), "reference", json_string (ref));
      rc = reply (c, 200, SEPM_MT_SEPM_REPORT, report);
    }
  else
    {
      rc = reply (c, 200, SEPM_MT_HARBOR_REPORT,
                  sepm_harbor_report_new (&req, report, json_string_value (json_object_get (doc, "generated_at"))));
      json_decref (report);
    }
  json_decref (doc);
  return rc;
}

static enum MHD_Result
handle (void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
        const char *data, size_t *size, void **con_cls)
{
  struct server *s = cls;
  bool post = strcmp (method, MHD_HTTP_METHOD_POST) == 0;
  bool get = strcmp (method, MHD_HTTP_METHOD_GET) == 0;

  if (post && *con_cls == NULL)
    {
      *con_cls = xcalloc (1, sizeof (struct upload));
      return MHD_YES;
    }
  if (post && *size)
    {
      struct upload *u = *con_cls;
      if (u->body.len + *size > SEPM_SCAN_REQUEST_MAX)
        u->too_large = true;
      else
        sepm_buf_append (&u->body, data, *size);
      *size = 0;
      return MHD_YES;
    }
  if (strcmp (url, "/probe/healthy") == 0 && get)
    return reply (c, 200, "application/json", json_pack ("{s:s}", "status", "ok"));
  if (strcmp (url, "/probe/ready") == 0 && get)
    return s->draining ? reply_error (c, 503, "shutting down")
                       : reply (c, 200, "application/json", json_pack ("{s:s}", "status", "ready"));
  if (!sepm_str_has_prefix (url, API "/"))
    return reply_error (c, 404, "not found");
  if (!authorized (s, c))
    {
      struct MHD_Response *r = MHD_create_response_from_buffer (0, (void *) "", MHD_RESPMEM_PERSISTENT);
      MHD_add_response_header (r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"sepm\"");
      enum MHD_Result rc = MHD_queue_response (c, MHD_HTTP_UNAUTHORIZED, r);
      MHD_destroy_response (r);
      log_event (s, "warning", "request.unauthorized", json_pack ("{s:s, s:s}", "method", method, "path", url));
      return rc;
    }
  if (strcmp (url, API "/metadata") == 0)
    return get ? reply (c, 200, SEPM_MT_SCANNER_METADATA, sepm_harbor_report_metadata ())
               : reply_error (c, 405, "use GET");
  if (strcmp (url, API "/scan") == 0)
    return post ? accept_scan (s, c, *con_cls) : reply_error (c, 405, "use POST");
  const char *rest = url + strlen (API "/scan/");
  if (sepm_str_has_prefix (url, API "/scan/") && strlen (rest) == 32 + strlen ("/report")
      && strcmp (rest + 32, "/report") == 0)
    {
      char id[33];
      memcpy (id, rest, 32);
      id[32] = '\0';
      if (!get)
        return reply_error (c, 405, "use GET");
      return sepm_serve_store_valid_id (id) ? get_report (s, c, id) : reply_error (c, 404, "no scan has this id");
    }
  return reply_error (c, 404, "not found");
}

static void
completed (void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
  struct upload *u = *con_cls;
  if (u)
    {
      free (u->body.data);
      free (u);
      *con_cls = NULL;
    }
}

/* ---- the loop */

static int
parse_address (const char *address, struct sockaddr_in *sa, sepm_error_t *err)
{
  const char *colon = strrchr (address, ':');
  char *end;
  unsigned long port;

  memset (sa, 0, sizeof (*sa));
  sa->sin_family = AF_INET;
  if (colon == NULL)
    return sepm_error_make (err, 0, "--serve %s: give HOST:PORT (127.0.0.1:8080, or 0.0.0.0:8080)", address);
  cleanup_free char *host = xstrndup (address, colon - address);
  port = strtoul (colon + 1, &end, 10);
  if (*end || colon[1] == '\0' || port > 65535 || inet_pton (AF_INET, *host ? host : "0.0.0.0", &sa->sin_addr) != 1)
    return sepm_error_make (err, 0, "--serve %s: give an IPv4 HOST:PORT (127.0.0.1:8080, or 0.0.0.0:8080)", address);
  sa->sin_port = htons ((uint16_t) port);
  return 0;
}

int
sepm_serve_run (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                const struct sepm_serve_options *opts, sepm_error_t *err)
{
  struct server s = { .sys = sys, .profile = profile, .opts = opts };
  struct sockaddr_in sa;
  struct MHD_Daemon *d;
  struct sigaction act = { .sa_handler = on_signal };

  if (parse_address (opts->address, &sa, err) < 0)
    return -1;
  if (sepm_serve_store_open (&s.store, opts->state_dir, sys->cache_key, err) < 0)
    return -1;
  if (pipe2 (sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
    {
      sepm_serve_store_close (&s.store);
      return sepm_error_make (err, errno, "pipe");
    }
  sigemptyset (&act.sa_mask);
  act.sa_flags = SA_RESTART;
  sigaction (SIGTERM, &act, NULL);
  sigaction (SIGINT, &act, NULL);
  sigaction (SIGCHLD, &act, NULL);
  d = MHD_start_daemon (MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, &s,
                        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &s,
                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &sa,
                        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned) 30,
                        MHD_OPTION_CONNECTION_LIMIT, (unsigned) 256,
                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) (256u << 10),
                        MHD_OPTION_END);
  if (d == NULL)
    {
      close (sig_pipe[0]);
      close (sig_pipe[1]);
      sepm_serve_store_close (&s.store);
      return sepm_error_make (err, 0, "--serve %s: cannot listen there (in use, or not this host's address)",
                              opts->address);
    }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info (d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned port = info ? info->port : ntohs (sa.sin_port);
  log_event (&s, "info", "listening", json_pack ("{s:s, s:i, s:i, s:b}", "address", opts->address, "port", (int) port,
                                                 "workers", (int) opts->workers, "token", opts->token != NULL));
  if (opts->listening)
    opts->listening (opts->log_arg, port);

  /* Until SIGTERM, then until the running scans are done. */
  while (!s.draining || s.running > 0)
    {
      fd_set rs, ws, es;
      MHD_socket max = 0;
      MHD_UNSIGNED_LONG_LONG mhd_timeout;
      struct timeval tv = { 1, 0 };

      FD_ZERO (&rs);
      FD_ZERO (&ws);
      FD_ZERO (&es);
      MHD_get_fdset (d, &rs, &ws, &es, &max);
      FD_SET (sig_pipe[0], &rs);
      if (sig_pipe[0] > max)
        max = sig_pipe[0];
      if (MHD_get_timeout (d, &mhd_timeout) == MHD_YES && mhd_timeout < 1000)
        tv = (struct timeval) { 0, (long) mhd_timeout * 1000 };
      if (select (max + 1, &rs, &ws, &es, &tv) < 0)
        {
          if (errno != EINTR)
            break;
          /* A signal came: the sets still hold what was asked, which
           * MHD would read as every socket ready, and in error. */
          FD_ZERO (&rs);
          FD_ZERO (&ws);
          FD_ZERO (&es);
        }
      /* The pipe is non-blocking: read it whether or not select said so. */
      unsigned char sig[64];
      for (ssize_t n; (n = read (sig_pipe[0], sig, sizeof sig)) > 0;)
        for (ssize_t i = 0; i < n; i++)
          if (sig[i] == SIGTERM || sig[i] == SIGINT)
            drain (&s);
      FD_CLR (sig_pipe[0], &rs);
      reap (&s);
      MHD_run_from_select (d, &rs, &ws, &es);
      schedule (&s);
    }
  /* One last round answers the pollers already connected. */
  MHD_run (d);
  MHD_stop_daemon (d);
  /* Peak memory: this process's, and the largest worker's (with its
   * compiler child), as the kernel counted them. */
  struct rusage self, children;
  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &children);
  log_event (&s, "info", "stopped", json_pack ("{s:I, s:I}", "peak_rss_kib", (json_int_t) self.ru_maxrss,
                                               "peak_worker_rss_kib", (json_int_t) children.ru_maxrss));
  for (size_t i = 0; i < s.n_jobs; i++)
    sepm_scan_request_release (&s.jobs[i].req);
  free (s.jobs);
  close (sig_pipe[0]);
  close (sig_pipe[1]);
  sig_pipe[0] = sig_pipe[1] = -1;
  signal (SIGTERM, SIG_DFL);
  signal (SIGINT, SIG_DFL);
  signal (SIGCHLD, SIG_DFL);
  sepm_serve_store_close (&s.store);
  return 0;
}
