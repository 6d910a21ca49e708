#include <config.h>
#include "registry.h"

#include <string.h>
#include <curl/curl.h>

#include "hash.h"
#include "image.h"
#include "registry_auth.h"
#include "registry_manifest.h"
#include "util.h"

#define MAX_ERROR_BODY (64u << 10)
#define MAX_TOKEN_REPLY (64u << 10)

struct sepm_registry
{
  struct sepm_registry_options opts;
  struct sepm_http *http;
  char *base;                   /* https://HOST (or http:// with --tls-verify=false) */
  char *host, *repo, *tag, *digest;
  char *user, *pass, *creds_from;
  char *authorization;          /* the header's value, or NULL: never printed */
};

static const char *const ACCEPT_MANIFESTS =
  "Accept: " SEPM_MT_OCI_MANIFEST ", " SEPM_MT_DOCKER_MANIFEST ", " SEPM_MT_OCI_INDEX ", " SEPM_MT_DOCKER_LIST;

/* "unauthorized", "manifest unknown: ...": the registry's own words, from
 * its error body ({"errors":[{"code","message"}]}), when it sent them. */
static char *
registry_says (const struct sepm_http_response *resp)
{
  json_t *doc = json_loadb (resp->body, resp->len, 0, NULL);
  json_t *first = json_array_get (json_object_get (doc, "errors"), 0);
  const char *code = json_string_value (json_object_get (first, "code"));
  const char *message = json_string_value (json_object_get (first, "message"));
  char *out = NULL;

  if (code || message)
    out = xasprintf ("%.80s%s%.200s", code ? code : "", code && message ? ": " : "", message ? message : "");
  json_decref (doc);
  /* Printed: keep it to printable ASCII. */
  for (char *p = out; p && *p; p++)
    if (*p < 0x20 || *p > 0x7e)
      *p = '?';
  return out;
}

static int
unauthorized (struct sepm_registry *r, long status, const char *what, sepm_error_t *err)
{
  if (r->user)
    {
      cleanup_free char *user = sepm_printable (r->user, 64);
      sepm_error_make (err, 0, "%s: %s: unauthorized (HTTP %ld): the registry refused the credentials of `%s` "
                       "(from %s)", r->host, what, status, user, r->creds_from);
      return sepm_error_set_hint (err, "Check the user name and password, or log in again with "
                                  "`skopeo login %s`.", r->host);
    }
  sepm_error_make (err, 0, "%s: %s: unauthorized (HTTP %ld): the registry wants credentials", r->host, what, status);
  return sepm_error_set_hint (err, "Pass --creds USER:PASSWORD or --authfile FILE, or log in with "
                              "`skopeo login %s`.", r->host);
}

static int
http_failure (struct sepm_registry *r, const char *what, const struct sepm_http_response *resp, sepm_error_t *err)
{
  cleanup_free char *says = registry_says (resp);

  if (resp->status == 401 || resp->status == 403)
    return unauthorized (r, resp->status, what, err);
  return sepm_error_make (err, 0, "%s: %s: HTTP %ld%s%s", r->host, what, resp->status, says ? ": " : "",
                          says ? says : "");
}

static int answer_challenge (struct sepm_registry *r, const char *header, sepm_error_t *err);

/* Whether a 401 may be answered again: a token expires, and a registry
 * may let /v2/ through anonymously and challenge on the repository.  A
 * Bearer token from a scan request is all there is. */
static bool
may_authenticate_again (const struct sepm_registry *r)
{
  return !(r->opts.authorization && sepm_str_has_prefix (r->opts.authorization, "Bearer "));
}

/* GET PATH (under /v2/REPO/) with the session's Authorization; a 401 is
 * answered once. */
static int
get (struct sepm_registry *r, const char *path, const char *accept, size_t max, struct sepm_http_response *resp,
     sepm_error_t *err)
{
  cleanup_free char *url = xasprintf ("%s/v2/%s/%s", r->base, r->repo, path);

  for (int attempt = 0;; attempt++)
    {
      cleanup_secret char *auth = r->authorization ? xasprintf ("Authorization: %s", r->authorization) : NULL;
      const char *headers[3] = { accept, NULL, NULL };
      if (auth)
        headers[accept ? 1 : 0] = auth;
      if (sepm_http_get (r->http, url, headers, max, resp, err) < 0)
        return -1;
      if (resp->status != 401 || attempt > 0 || !may_authenticate_again (r) || !resp->headers.www_authenticate)
        return 0;
      cleanup_free char *challenge = xstrdup (resp->headers.www_authenticate);
      sepm_http_response_release (resp);
      if (answer_challenge (r, challenge, err) < 0)
        return -1;
    }
}

static int
fetch_token (struct sepm_registry *r, const struct sepm_challenge *c, sepm_error_t *err)
{
  /* Credentials go to the realm: over TLS whenever the registry is. */
  if (sepm_str_has_prefix (r->base, "https://") && r->opts.tls_verify && !sepm_str_has_prefix (c->realm, "https://"))
    {
      cleanup_free char *shown = sepm_printable (c->realm, 200);
      return sepm_error_make (err, 0, "%s: the registry sends for a token to `%s`, which is not https: sepm "
                              "sends no credentials in the clear", r->host, shown);
    }
  cleanup_free char *scope = xasprintf ("repository:%s:pull", r->repo);
  char *service = curl_easy_escape (NULL, c->service ? c->service : "", 0);
  char *escaped_scope = curl_easy_escape (NULL, scope, 0);
  cleanup_free char *url = xasprintf ("%s%sservice=%s&scope=%s", c->realm, strchr (c->realm, '?') ? "&" : "?",
                                      service, escaped_scope);
  cleanup_secret char *basic = r->user ? sepm_registry_auth_basic (r->user, r->pass) : NULL;
  cleanup_secret char *header = basic ? xasprintf ("Authorization: %s", basic) : NULL;
  const char *headers[] = { header, NULL };
  struct sepm_http_response resp;
  char *token = NULL;

  curl_free (service);
  curl_free (escaped_scope);
  if (sepm_http_get (r->http, url, headers, MAX_TOKEN_REPLY, &resp, err) < 0)
    return sepm_error_wrap (err, "%s: the token endpoint", r->host);
  if (resp.status != 200)
    {
      int rc = resp.status == 401 || resp.status == 403 ? unauthorized (r, resp.status, "token", err)
                                                         : http_failure (r, "token", &resp, err);
      sepm_http_response_release (&resp);
      return rc;
    }
  if (sepm_registry_auth_token_parse (resp.body, resp.len, &token, err) < 0)
    {
      sepm_http_response_release (&resp);
      return sepm_error_wrap (err, "%s", r->host);
    }
  sepm_http_response_release (&resp);
  free (r->authorization);
  r->authorization = xasprintf ("Bearer %s", token);
  free (token);
  return 0;
}

static int
answer_challenge (struct sepm_registry *r, const char *header, sepm_error_t *err)
{
  struct sepm_challenge c;
  int rc;

  if (sepm_challenge_parse (header, &c, err) < 0)
    return sepm_error_wrap (err, "%s", r->host);
  if (c.scheme == SEPM_CHALLENGE_BASIC)
    {
      rc = 0;
      if (r->user == NULL)
        rc = unauthorized (r, 401, "/v2/", err);
      else
        {
          free (r->authorization);
          r->authorization = sepm_registry_auth_basic (r->user, r->pass);
        }
    }
  else
    rc = fetch_token (r, &c, err);
  sepm_challenge_release (&c);
  return rc;
}

/* GET /v2/: is it a registry, how does it authenticate, and does it
 * speak TLS (plain HTTP only with --tls-verify=false, as skopeo). */
static int
ping (struct sepm_registry *r, sepm_error_t *err)
{
  struct sepm_http_response resp;
  cleanup_free char *url = xasprintf ("%s/v2/", r->base);
  cleanup_free char *auth = r->authorization ? xasprintf ("Authorization: %s", r->authorization) : NULL;
  const char *headers[] = { auth, NULL };
  int rc = 0;

  if (sepm_http_get (r->http, url, headers, MAX_ERROR_BODY, &resp, err) < 0)
    {
      if (r->opts.tls_verify || r->opts.plain_http)
        return -1;
      sepm_error_release (err);
      free (r->base);
      r->base = xasprintf ("http://%s", r->host);
      free (url);
      url = xasprintf ("%s/v2/", r->base);
      if (sepm_http_get (r->http, url, NULL, MAX_ERROR_BODY, &resp, err) < 0)
        return -1;
    }
  if (resp.status == 401 && r->authorization)
    rc = unauthorized (r, 401, "/v2/", err);
  else if (resp.status == 401)
    rc = answer_challenge (r, resp.headers.www_authenticate, err);
  else if (resp.status != 200)
    rc = sepm_error_make (err, 0, "%s: GET /v2/ answered HTTP %ld: not a registry of the distribution spec",
                          r->host, resp.status);
  sepm_http_response_release (&resp);
  return rc;
}

int
sepm_registry_open (const struct sepm_image_ref *ref, const struct sepm_registry_options *opts,
                    struct sepm_registry **out, sepm_error_t *err)
{
  struct sepm_registry *r = xcalloc (1, sizeof (*r));
  struct sepm_http_options http = sepm_http_options_default ();
  struct sepm_registry_credentials_source src = { opts->creds, opts->authfile };
  /* Docker Hub's API lives on another host than its name. */
  const char *api = strcmp (ref->host, "docker.io") == 0 ? "registry-1.docker.io" : ref->host;

  r->opts = *opts;
  r->host = xstrdup (ref->host);
  r->repo = xstrdup (ref->repo);
  r->tag = ref->tag ? xstrdup (ref->tag) : NULL;
  r->digest = ref->digest ? xstrdup (ref->digest) : NULL;
  r->base = xasprintf ("%s://%s", opts->plain_http ? "http" : "https", api);
  http.tls_verify = opts->tls_verify != 0;
  http.allow_http = opts->tls_verify == 0 || opts->plain_http;
  http.cert_dir = opts->cert_dir;
  if (opts->authorization && sepm_str_has_prefix (opts->authorization, "Bearer "))
    {
      r->authorization = xstrdup (opts->authorization);
      r->creds_from = xstrdup ("the scan request");
    }
  else if (opts->authorization && sepm_str_has_prefix (opts->authorization, "Basic "))
    {
      if (sepm_registry_auth_basic_decode (opts->authorization + 6, &r->user, &r->pass) < 0)
        {
          sepm_registry_free (r);
          return sepm_error_make (err, 0, "%s: the scan request's Basic authorization is not base64 of "
                                  "USER:PASSWORD", ref->host);
        }
      r->creds_from = xstrdup ("the scan request");
    }
  if ((!opts->authorization && !opts->no_ambient_credentials
       && sepm_registry_auth_credentials (&src, ref->host, ref->repo, &r->user, &r->pass, &r->creds_from, err) < 0)
      || sepm_http_new (ref->host, &http, &r->http, err) < 0 || ping (r, err) < 0)
    {
      sepm_registry_free (r);
      return -1;
    }
  *out = r;
  return 0;
}

void
sepm_registry_free (struct sepm_registry *r)
{
  if (r == NULL)
    return;
  sepm_http_free (r->http);
  free (r->base);
  free (r->host);
  free (r->repo);
  free (r->tag);
  free (r->digest);
  free (r->user);
  if (r->pass)
    explicit_bzero (r->pass, strlen (r->pass));
  free (r->pass);
  free (r->creds_from);
  if (r->authorization)
    explicit_bzero (r->authorization, strlen (r->authorization));
  free (r->authorization);
  free (r);
}

static bool
digest_matches (const char *data, size_t len, const char *digest, char hex[65])
{
  sepm_sha256_hex (data, len, hex);
  return sepm_str_has_prefix (digest, "sha256:") && strcmp (digest + 7, hex) == 0;
}

/* One manifest by tag or digest: its bytes, checked against the digest
 * asked for, or against the registry's Docker-Content-Digest. */
static int
get_manifest (struct sepm_registry *r, const char *reference, const char *want_digest, json_int_t want_size,
              struct sepm_http_response *resp, char **digest, sepm_error_t *err)
{
  cleanup_free char *path = xasprintf ("manifests/%s", reference);
  char hex[65];

  if (get (r, path, ACCEPT_MANIFESTS, SEPM_IMAGE_MAX_JSON, resp, err) < 0)
    return sepm_error_wrap (err, "%s/%s: manifest %s", r->host, r->repo, reference);
  if (resp->status == 404)
    {
      sepm_http_response_release (resp);
      sepm_error_make (err, 0, "%s: manifest unknown: no %s `%s` in %s (HTTP 404)", r->host,
                       want_digest ? "manifest" : "tag", reference, r->repo);
      return sepm_error_set_hint (err, "List the tags with `skopeo list-tags docker://%s/%s`.", r->host, r->repo);
    }
  if (resp->status != 200)
    {
      cleanup_free char *what = xasprintf ("%s manifest %s", r->repo, reference);
      int rc = http_failure (r, what, resp, err);
      sepm_http_response_release (resp);
      return rc;
    }
  if (resp->headers.conflict)
    {
      sepm_http_response_release (resp);
      return sepm_error_make (err, 0, "%s/%s: manifest %s: the registry sent two different Content-Type or "
                              "Docker-Content-Digest headers", r->host, r->repo, reference);
    }
  sepm_sha256_hex (resp->body, resp->len, hex);
  *digest = xasprintf ("sha256:%s", hex);
  const char *claimed = want_digest ? want_digest : resp->headers.docker_content_digest;
  if ((claimed && strcmp (claimed, *digest) != 0) || (want_size >= 0 && (json_int_t) resp->len != want_size))
    {
      sepm_error_make (err, 0, "%s/%s: manifest %s: its content is %s (%zu bytes), not %s: the registry "
                       "served corrupt or tampered bytes", r->host, r->repo, reference, *digest, resp->len,
                       claimed ? claimed : "the size its index gives");
      free (*digest);
      *digest = NULL;
      sepm_http_response_release (resp);
      return -1;
    }
  return 0;
}

int
sepm_registry_image_manifest (struct sepm_registry *r, json_t **manifest, char **digest, json_t **index,
                              char **bytes, size_t *len, sepm_error_t *err)
{
  struct sepm_http_response resp;
  enum sepm_manifest_kind kind;
  json_t *doc = NULL;
  const char *reference = r->digest ? r->digest : r->tag;

  *manifest = *index = NULL;
  *digest = *bytes = NULL;
  if (get_manifest (r, reference, r->digest, -1, &resp, digest, err) < 0)
    return -1;
  if (sepm_registry_manifest_parse (resp.body, resp.len, resp.headers.content_type, &doc, &kind, err) < 0)
    goto fail;
  if (kind == SEPM_MANIFEST_INDEX)
    {
      struct sepm_platform p = sepm_platform_host (r->opts.override_os, r->opts.override_arch,
                                                   r->opts.override_variant);
      const char *pick;
      json_int_t size;
      if (sepm_registry_manifest_pick (doc, &p, &pick, &size, err) < 0)
        goto fail;
      cleanup_free char *chosen = xstrdup (pick);
      *index = doc;
      doc = NULL;
      free (*digest);
      *digest = NULL;
      sepm_http_response_release (&resp);
      if (get_manifest (r, chosen, chosen, size, &resp, digest, err) < 0)
        goto fail;
      if (sepm_registry_manifest_parse (resp.body, resp.len, resp.headers.content_type, &doc, &kind, err) < 0)
        goto fail;
      if (kind != SEPM_MANIFEST_IMAGE)
        {
          sepm_error_make (err, 0, "an index inside an index; sepm reads one level");
          goto fail;
        }
    }
  *manifest = doc;
  *bytes = resp.body;
  *len = resp.len;
  resp.body = NULL;
  sepm_http_response_release (&resp);
  return 0;
fail:
  json_decref (doc);
  json_decref (*index);
  *index = NULL;
  free (*digest);
  *digest = NULL;
  sepm_http_response_release (&resp);
  return sepm_error_wrap (err, "%s/%s:%s", r->host, r->repo, reference);
}

static int
blob_status (struct sepm_registry *r, const char *digest, long status, sepm_error_t *err)
{
  if (status == 404)
    return sepm_error_make (err, 0, "%s: blob unknown: %s is not in %s (HTTP 404)", r->host, digest, r->repo);
  if (status == 401 || status == 403)
    return unauthorized (r, status, digest, err);
  return sepm_error_make (err, 0, "%s: %s blob %s: HTTP %ld", r->host, r->repo, digest, status);
}

int
sepm_registry_blob (struct sepm_registry *r, const char *digest, json_int_t size, size_t max, char **data,
                    size_t *len, sepm_error_t *err)
{
  struct sepm_http_response resp;
  cleanup_free char *path = xasprintf ("blobs/%s", digest);
  char hex[65];

  if (get (r, path, NULL, max, &resp, err) < 0)
    return sepm_error_wrap (err, "%s/%s: blob %s", r->host, r->repo, digest);
  if (resp.status != 200)
    {
      long status = resp.status;
      sepm_http_response_release (&resp);
      return blob_status (r, digest, status, err);
    }
  if (!digest_matches (resp.body, resp.len, digest, hex) || (size >= 0 && (json_int_t) resp.len != size))
    {
      size_t got = resp.len;
      sepm_http_response_release (&resp);
      return sepm_error_make (err, 0, "%s/%s: blob %s: its content is sha256:%s (%zu bytes): the registry "
                              "served corrupt or tampered bytes", r->host, r->repo, digest, hex, got);
    }
  *data = resp.body;
  *len = resp.len;
  resp.body = NULL;
  sepm_http_response_release (&resp);
  return 0;
}

int
sepm_registry_blob_stream (struct sepm_registry *r, const char *digest, struct sepm_http_stream **out,
                           sepm_error_t *err)
{
  cleanup_free char *url = xasprintf ("%s/v2/%s/blobs/%s", r->base, r->repo, digest);
  long status;

  for (int attempt = 0;; attempt++)
    {
      cleanup_secret char *auth = r->authorization ? xasprintf ("Authorization: %s", r->authorization) : NULL;
      const char *headers[] = { auth, NULL };
      if (sepm_http_stream_open (r->http, url, headers, out, err) < 0)
        return sepm_error_wrap (err, "%s/%s: blob %s", r->host, r->repo, digest);
      status = sepm_http_stream_status (*out);
      const char *challenge = sepm_http_stream_headers (*out)->www_authenticate;
      if (status != 401 || attempt > 0 || !may_authenticate_again (r) || challenge == NULL)
        break;
      cleanup_free char *copy = xstrdup (challenge);
      sepm_http_stream_close (*out);
      *out = NULL;
      if (answer_challenge (r, copy, err) < 0)
        return -1;
    }
  if (status != 200)
    {
      sepm_http_stream_close (*out);
      *out = NULL;
      return blob_status (r, digest, status, err);
    }
  return 0;
}
