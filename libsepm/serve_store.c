#include <config.h>
#include "serve_store.h"

#include <string.h>
#include <time.h>
#include <openssl/rand.h>

#include "hash.h"
#include "util.h"

/* A job or result file is sepm's own JSON: small. */
#define MAX_STORE_FILE (16u << 20)

int
sepm_serve_store_open (struct sepm_serve_store *s, const char *dir, const char *policy_key, sepm_error_t *err)
{
  memset (s, 0, sizeof (*s));
  s->jobs = xasprintf ("%s/jobs", dir);
  s->results = xasprintf ("%s/results", dir);
  s->policy_key = xstrdup (policy_key ? policy_key : "none");
  if (sepm_mkdir_p (s->jobs, 0700, err) < 0 || sepm_mkdir_p (s->results, 0700, err) < 0)
    {
      sepm_serve_store_close (s);
      return sepm_error_wrap (err, "--serve-state %s", dir);
    }
  return 0;
}

void
sepm_serve_store_close (struct sepm_serve_store *s)
{
  free (s->jobs);
  free (s->results);
  free (s->policy_key);
  memset (s, 0, sizeof (*s));
}

void
sepm_serve_store_new_id (char id[33])
{
  unsigned char raw[16];
  if (RAND_bytes (raw, sizeof raw) != 1)
    abort ();
  for (int i = 0; i < 16; i++)
    sprintf (id + 2 * i, "%02x", raw[i]);
}

bool
sepm_serve_store_valid_id (const char *id)
{
  return strlen (id) == 32 && strspn (id, "0123456789abcdef") == 32;
}

json_t *
sepm_serve_store_job (const struct sepm_scan_request *req, const char *state)
{
  char stamp[32];
  time_t now = time (NULL);
  struct tm tm;

  gmtime_r (&now, &tm);
  strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return json_pack ("{s:s, s:s, s:{s:s, s:s, s:s, s:s?, s:s?, s:b}}", "state", state, "generated_at", stamp,
                    "artifact", "registry", req->host, "repository", req->repository, "digest", req->digest,
                    "tag", req->tag, "mime_type", req->mime_type, "plain_http", req->plain_http);
}

static int
put (const char *path, json_t *doc, sepm_error_t *err)
{
  cleanup_free char *text = json_dumps (doc, JSON_COMPACT);
  if (text == NULL)
    return sepm_error_make (err, 0, "%s: cannot encode", path);
  return sepm_write_file_atomic (path, text, strlen (text), err);
}

static json_t *
get (const char *path)
{
  cleanup_free char *text = NULL;
  size_t len = 0;
  if (sepm_read_file (path, MAX_STORE_FILE, &text, &len, NULL) < 0)
    return NULL;
  return json_loadb (text, len, 0, NULL);
}

int
sepm_serve_store_put_job (struct sepm_serve_store *s, const char *id, json_t *job, sepm_error_t *err)
{
  cleanup_free char *path = xasprintf ("%s/%s.json", s->jobs, id);
  return put (path, job, err);
}

json_t *
sepm_serve_store_get_job (struct sepm_serve_store *s, const char *id)
{
  if (!sepm_serve_store_valid_id (id))
    return NULL;
  cleanup_free char *path = xasprintf ("%s/%s.json", s->jobs, id);
  return get (path);
}

/* results/HEX-KEY.json, the policy key hashed to keep the name short. */
static char *
result_path (struct sepm_serve_store *s, const char *digest)
{
  char key[65];
  sepm_sha256_hex (s->policy_key, strlen (s->policy_key), key);
  return xasprintf ("%s/%.64s-%.16s.json", s->results, digest + 7, key);
}

json_t *
sepm_serve_store_get_result (struct sepm_serve_store *s, const char *digest)
{
  cleanup_free char *path = result_path (s, digest);
  return get (path);
}

int
sepm_serve_store_put_result (struct sepm_serve_store *s, const char *digest, json_t *report, sepm_error_t *err)
{
  cleanup_free char *path = result_path (s, digest);
  /* An operator may empty the results to have everything scanned again. */
  if (sepm_mkdir_p (s->results, 0700, err) < 0)
    return -1;
  return put (path, report, err);
}
