#include <config.h>
#include "cil_contained.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heap.h"
#include "policydb.h"
#include "util.h"

#define RESULT_MAGIC 0x5345504du   /* "SEPM" */

struct sepm_compile_limits
sepm_compile_limits_default (void)
{
  /* A whole store compiles in about 4 s and 600 MiB here; a module with
   * the slice in well under a second.  The limits leave room for slow
   * machines and stop what no honest module needs. */
  return (struct sepm_compile_limits) {
    .cpu_seconds = (unsigned) sepm_env_ulong ("SEPM_COMPILE_CPU_SECONDS", 30),
    .memory_mib = sepm_env_ulong ("SEPM_COMPILE_MEMORY_MIB", 4096),
    .output_mib = sepm_env_ulong ("SEPM_COMPILE_OUTPUT_MIB", 256),
  };
}

/* The child's answer: rc, messages, the policy in binary form, the aux
 * outputs (cil_compile.h). */
static void
put_u64 (struct sepm_buf *b, uint64_t v)
{
  sepm_buf_append (b, (const char *) &v, sizeof (v));
}

static void
put_bytes (struct sepm_buf *b, const void *data, size_t len)
{
  put_u64 (b, len);
  sepm_buf_append (b, data, len);
}

static void
serialise (int rc, const struct sepm_cil_result *r, struct sepm_buf *b)
{
  void *pol = NULL;
  size_t pol_len = 0;
  sepm_error_t ignored = NULL;

  put_u64 (b, RESULT_MAGIC);
  put_u64 (b, (uint64_t) (int64_t) rc);
  put_u64 (b, r->n_messages);
  for (size_t i = 0; i < r->n_messages; i++)
    put_bytes (b, r->messages[i], strlen (r->messages[i]));
  if (r->pdb && sepm_policydb_to_memory (r->pdb, &pol, &pol_len, &ignored) < 0)
    {
      sepm_error_release (&ignored);
      pol_len = 0;
    }
  put_bytes (b, pol, pol_len);
  put_u64 (b, r->aux[0] != NULL);
  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    put_bytes (b, r->aux[k], r->aux[k] ? r->aux_len[k] : 0);
  put_u64 (b, r->user_role_bounds_refused);
  free (pol);
}

static bool
get_u64 (const char **p, const char *end, uint64_t *v)
{
  if ((size_t) (end - *p) < sizeof (*v))
    return false;
  memcpy (v, *p, sizeof (*v));
  *p += sizeof (*v);
  return true;
}

static bool
get_bytes (const char **p, const char *end, const char **data, size_t *len)
{
  uint64_t n;

  if (!get_u64 (p, end, &n) || n > (uint64_t) (end - *p))
    return false;
  *data = *p;
  *len = (size_t) n;
  *p += n;
  return true;
}

static int
deserialise (const char *data, size_t len, struct sepm_cil_result *out, int *rc, sepm_error_t *err)
{
  const char *p = data, *end = data + len, *s;
  uint64_t magic, v, n;
  size_t slen;

  if (!get_u64 (&p, end, &magic) || magic != RESULT_MAGIC || !get_u64 (&p, end, &v) || !get_u64 (&p, end, &n)
      || n > len)
    return sepm_error_make (err, 0, "the compiler process sent a malformed result");
  *rc = (int) (int64_t) v;
  out->messages = xcalloc (n + 1, sizeof (char *));
  for (uint64_t i = 0; i < n; i++)
    {
      if (!get_bytes (&p, end, &s, &slen))
        return sepm_error_make (err, 0, "the compiler process sent a malformed result");
      out->messages[out->n_messages++] = xstrndup (s, slen);
    }
  if (!get_bytes (&p, end, &s, &slen))
    return sepm_error_make (err, 0, "the compiler process sent a malformed result");
  if (slen && sepm_policydb_from_memory (s, slen, "the compiled policy", &out->pdb, err) < 0)
    return -1;
  if (!get_u64 (&p, end, &v))
    return sepm_error_make (err, 0, "the compiler process sent a malformed result");
  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      if (!get_bytes (&p, end, &s, &slen))
        return sepm_error_make (err, 0, "the compiler process sent a malformed result");
      if (v)
        {
          out->aux[k] = xstrndup (s, slen);
          out->aux_len[k] = slen;
        }
    }
  if (!get_u64 (&p, end, &v) || p != end)
    return sepm_error_make (err, 0, "the compiler process sent a malformed result");
  out->user_role_bounds_refused = v != 0;
  return 0;
}

static void __attribute__ ((noreturn))
child (int fd, const struct sepm_cil_source *sources, size_t n, const struct sepm_cil_options *options,
       const struct sepm_compile_limits *limits)
{
  struct rlimit cpu = { limits->cpu_seconds, limits->cpu_seconds + 1 };
  struct rlimit as = { (rlim_t) limits->memory_mib << 20, (rlim_t) limits->memory_mib << 20 };
  struct sepm_cil_result r = { 0 };
  struct sepm_buf b = { 0 };
  sepm_error_t err = NULL;
  int rc;

  /* The parent's unused heap reservation is address space the limit
   * would not see being used: give it back, and reserve again within
   * the limit. */
  sepm_heap_release_reserve ();
  if (setrlimit (RLIMIT_CPU, &cpu) < 0 || setrlimit (RLIMIT_AS, &as) < 0)
    _exit (120);
  sepm_heap_prefer_huge_pages (SEPM_HEAP_RESERVE < as.rlim_cur / 2 ? SEPM_HEAP_RESERVE : as.rlim_cur / 2);
  rc = sepm_cil_compile (sources, n, options, &r, &err);
  if (rc < 0)
    _exit (121);
  serialise (rc, &r, &b);
  for (size_t off = 0; off < b.len;)
    {
      ssize_t w = write (fd, b.data + off, b.len - off);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        _exit (122);
      off += (size_t) w;
    }
  _exit (0);
}

/* Is the child still running (not sleeping or blocked), and how much CPU
 * has it used?  From /proc/PID/stat: the state after the command's
 * closing parenthesis, then utime and stime, fields 14 and 15. */
static bool
child_is_running (pid_t pid, double *cpu_seconds)
{
  char path[64], text[1024];
  unsigned long utime = 0, stime = 0;
  char state = '?';
  FILE *f;
  size_t n;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  if ((f = fopen (path, "re")) == NULL)
    return false;
  n = fread (text, 1, sizeof text - 1, f);
  fclose (f);
  text[n] = '\0';
  const char *close = strrchr (text, ')');
  if (close == NULL
      || sscanf (close + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &state, &utime, &stime) != 3)
    return false;
  *cpu_seconds = (double) (utime + stime) / (double) sysconf (_SC_CLK_TCK);
  return state == 'R';
}

/* Read the child's answer, bounded in size and in time.  The CPU limit
 * decides what the compile may cost; the clock only catches a child that
 * no longer runs (it would never reach the CPU limit).  A child that is
 * slow because the machine is busy still runs and still gains CPU time:
 * its deadline moves, so that a verdict does not depend on what else the
 * machine is doing.  That ends: each move needs more CPU time, and the
 * kernel stops the child at the CPU limit (a long differential run,
 * starved at nice 19, outlasted a cap of ten deadlines). */
static int
collect (int fd, pid_t pid, const struct sepm_compile_limits *limits, struct sepm_buf *b, char **why)
{
  size_t max = (size_t) limits->output_mib << 20;
  int timeout_ms = (int) (limits->cpu_seconds * 2 + 5) * 1000;
  double deadline = sepm_now_seconds () + timeout_ms / 1000.0;
  double last_cpu = -1;
  char chunk[65536];

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      int left = (int) ((deadline - sepm_now_seconds ()) * 1000);
      int p = left > 0 ? poll (&pfd, 1, left) : 0;
      double cpu = 0;
      if (p < 0 && errno == EINTR)
        continue;
      if (p == 0 && child_is_running (pid, &cpu) && cpu > last_cpu && cpu < limits->cpu_seconds)
        {
          last_cpu = cpu;
          deadline += timeout_ms / 1000.0;
          continue;
        }
      if (p == 0)
        {
          kill (pid, SIGKILL);
          *why = xasprintf ("the policy compiler stopped making progress for %d s", timeout_ms / 1000);
          return 2;
        }
      ssize_t r = read (fd, chunk, sizeof (chunk));
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return 0;
      if (b->len + (size_t) r > max)
        {
          kill (pid, SIGKILL);
          *why = xasprintf ("the policy compiler's result is larger than %lu MiB", limits->output_mib);
          return 2;
        }
      sepm_buf_append (b, chunk, (size_t) r);
    }
}

static char *
describe_status (int status, const struct sepm_compile_limits *limits)
{
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);
      if (sig == SIGXCPU || sig == SIGKILL)
        return xasprintf ("the policy compiler hit its CPU limit of %u s", limits->cpu_seconds);
      if (sig == SIGABRT)
        return xasprintf ("the policy compiler aborted: it crashed or ran out of memory (limit %lu MiB)",
                          limits->memory_mib);
      return xasprintf ("the module crashed the policy compiler (signal %d, %s)", sig, strsignal (sig));
    }
  if (WEXITSTATUS (status) == 121 || WEXITSTATUS (status) == 127 || WEXITSTATUS (status) == 1)
    return xasprintf ("the policy compiler ran out of memory (limit %lu MiB)", limits->memory_mib);
  return xasprintf ("the policy compiler process failed (exit %d)", WEXITSTATUS (status));
}

int
sepm_cil_contained_compile (const struct sepm_cil_source *sources, size_t n_sources,
                            const struct sepm_cil_options *options,
                            const struct sepm_compile_limits *limits,
                            struct sepm_cil_result *out, char **why, sepm_error_t *err)
{
  struct sepm_buf b = { 0 };
  int fds[2], status = 0, rc = -1, child_rc = 0;
  pid_t pid;

  memset (out, 0, sizeof (*out));
  *why = NULL;
  if (pipe2 (fds, O_CLOEXEC) < 0)
    return sepm_error_make (err, errno, "create a pipe for the policy compiler");
  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    {
      close (fds[0]);
      close (fds[1]);
      return sepm_error_make (err, errno, "start the policy compiler process");
    }
  if (pid == 0)
    {
      close (fds[0]);
      child (fds[1], sources, n_sources, options, limits);
    }
  close (fds[1]);
  int collected = collect (fds[0], pid, limits, &b, why);
  close (fds[0]);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (collected == 2)
    rc = 2;
  else if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      *why = describe_status (status, limits);
      rc = 2;
    }
  else if (deserialise (b.data, b.len, out, &child_rc, err) == 0)
    rc = child_rc;
  free (b.data);
  if (rc < 0 || rc == 2)
    sepm_cil_result_release (out);
  return rc;
}
