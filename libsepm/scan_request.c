#include <config.h>
#include "scan_request.h"

#include <string.h>
#include <jansson.h>

#include "image_ref.h"
#include "registry_manifest.h"
#include "util.h"

#define MAX_AUTHORIZATION 16384

void
sepm_scan_request_release (struct sepm_scan_request *r)
{
  free (r->host);
  if (r->authorization)
    explicit_bzero (r->authorization, strlen (r->authorization));
  free (r->authorization);
  free (r->repository);
  free (r->digest);
  free (r->tag);
  free (r->mime_type);
  memset (r, 0, sizeof (*r));
}

char *
sepm_scan_request_reference (const struct sepm_scan_request *r)
{
  return xasprintf ("docker://%s/%s@%s", r->host, r->repository, r->digest);
}

/* A string member, or NULL; *bad when it is there and not a string. */
static const char *
member (json_t *obj, const char *key, bool *bad)
{
  json_t *v = json_object_get (obj, key);
  if (v && !json_is_string (v) && !json_is_null (v))
    *bad = true;
  return json_string_value (v);
}

static int
invalid (int *status, int code, sepm_error_t *err, const char *what)
{
  *status = code;
  return sepm_error_make (err, 0, "%s", what);
}

int
sepm_scan_request_parse (const char *body, size_t len, struct sepm_scan_request *out, int *status,
                         sepm_error_t *err)
{
  json_error_t jerr;
  json_t *doc, *registry, *artifact;
  bool bad = false;
  const char *url, *auth, *repo, *digest, *tag, *mime;
  int rc = -1;

  memset (out, 0, sizeof (*out));
  if (len > SEPM_SCAN_REQUEST_MAX)
    return invalid (status, 413, err, "the scan request is larger than 64 KiB");
  doc = json_loadb (body, len, JSON_REJECT_DUPLICATES, &jerr);
  registry = json_object_get (doc, "registry");
  artifact = json_object_get (doc, "artifact");
  if (!json_is_object (doc) || !json_is_object (registry) || !json_is_object (artifact))
    {
      invalid (status, 400, err, "the scan request is not a JSON object with `registry` and `artifact` objects");
      goto out;
    }
  url = member (registry, "url", &bad);
  auth = member (registry, "authorization", &bad);
  repo = member (artifact, "repository", &bad);
  digest = member (artifact, "digest", &bad);
  tag = member (artifact, "tag", &bad);
  mime = member (artifact, "mime_type", &bad);
  if (bad)
    {
      invalid (status, 400, err, "a field of the scan request that must be a string is not one");
      goto out;
    }
  if (url == NULL || repo == NULL || digest == NULL)
    {
      invalid (status, 422, err, "the scan request lacks registry.url, artifact.repository or artifact.digest");
      goto out;
    }
  /* registry.url: http(s)://HOST[:PORT] with at most a trailing slash. */
  out->plain_http = sepm_str_has_prefix (url, "http://");
  if (!out->plain_http && !sepm_str_has_prefix (url, "https://"))
    {
      invalid (status, 422, err, "registry.url is not an http or https URL");
      goto out;
    }
  out->host = xstrdup (url + (out->plain_http ? 7 : 8));
  size_t n = strlen (out->host);
  if (n && out->host[n - 1] == '/')
    out->host[--n] = '\0';
  out->repository = xstrdup (repo);
  out->digest = xstrdup (digest);
  out->tag = tag && *tag ? xstrdup (tag) : NULL;
  out->mime_type = mime && *mime ? xstrdup (mime) : NULL;
  /* The reference parser checks host, repository and digest as it
   * would for the command line: one grammar for both. */
  {
    cleanup_free char *ref = sepm_scan_request_reference (out);
    struct sepm_image_ref parsed;
    sepm_error_t why = NULL;
    if (n == 0 || strchr (out->host, '/') || strchr (out->host, '@')
        || sepm_image_ref_parse (ref, &parsed, &why) < 0 || parsed.digest == NULL
        || strcmp (parsed.host, out->host) != 0 || strcmp (parsed.repo, out->repository) != 0)
      {
        *status = 422;
        sepm_error_make (err, 0, "the artifact is not one sepm can name: %s",
                         why ? why->msg : "registry.url must be http(s)://HOST[:PORT], the repository a path in it");
        sepm_error_release (&why);
        goto out;
      }
    sepm_image_ref_release (&parsed);
  }
  if (out->mime_type && strcmp (out->mime_type, SEPM_MT_OCI_MANIFEST) != 0
      && strcmp (out->mime_type, SEPM_MT_DOCKER_MANIFEST) != 0)
    {
      invalid (status, 422, err, "artifact.mime_type is not an image manifest sepm scans (OCI or Docker schema 2)");
      goto out;
    }
  if (auth && *auth)
    {
      if (strlen (auth) > MAX_AUTHORIZATION || strpbrk (auth, "\r\n")
          || !(sepm_str_has_prefix (auth, "Basic ") || sepm_str_has_prefix (auth, "Bearer ")))
        {
          invalid (status, 422, err, "registry.authorization is not `Basic ...` or `Bearer ...`");
          goto out;
        }
      out->authorization = xstrdup (auth);
    }
  rc = 0;
out:
  json_decref (doc);
  if (rc < 0)
    sepm_scan_request_release (out);
  return rc;
}
