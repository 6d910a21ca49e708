#include <config.h>
#include "http.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "util.h"

#define MAX_REDIRECTS 5
/* What a stream buffers before it pauses the transfer: the reader, not
 * the network, sets the pace, so a layer never sits in memory whole. */
#define STREAM_HIGH_WATER (1u << 20)
#define MAX_HEADER_VALUE 8192

struct sepm_http
{
  struct sepm_http_options opts;
  /* One multi handle per host: its connection cache keeps the TLS
   * connection open from one request to the next (a ping, a token, the
   * manifests and blobs), so the handshake and the CA bundle are paid
   * once. */
  CURLM *multi;
  char *host;
  struct sepm_buf ca;           /* the system roots plus certs.d's *.crt, or empty */
  char *client_cert, *client_key;
};

struct sepm_http_options
sepm_http_options_default (void)
{
  return (struct sepm_http_options) {
    .tls_verify = true,
    .connect_timeout = (long) sepm_env_ulong ("SEPM_HTTP_CONNECT_TIMEOUT", 30),
    .stall_timeout = (long) sepm_env_ulong ("SEPM_HTTP_STALL_TIMEOUT", 60),
    .reply_timeout = (long) sepm_env_ulong ("SEPM_HTTP_TIMEOUT", 300),
  };
}

static bool
has_suffix (const char *s, const char *suffix)
{
  size_t n = strlen (s), m = strlen (suffix);
  return n > m && strcmp (s + n - m, suffix) == 0;
}

/* containers-certs.d(5): *.crt are CA roots added to the system's; a
 * *.cert with the *.key of the same name is the client certificate. */
static int
read_cert_dir (struct sepm_http *h, const char *dir, bool named, sepm_error_t *err)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  bool any_ca = false;

  if (d == NULL)
    return named ? sepm_error_make (err, errno, "--cert-dir %s", dir) : 0;
  while ((e = readdir (d)) != NULL)
    {
      cleanup_free char *path = xasprintf ("%s/%s", dir, e->d_name);
      if (has_suffix (e->d_name, ".crt"))
        {
          cleanup_free char *pem = NULL;
          size_t len = 0;
          if (sepm_read_file (path, 1u << 20, &pem, &len, err) < 0)
            {
              closedir (d);
              return -1;
            }
          if (!any_ca)
            {
              /* The system's roots stay trusted, as the man page says. */
              const char *system = curl_version_info (CURLVERSION_NOW)->cainfo;
              cleanup_free char *roots = NULL;
              size_t n = 0;
              if (sepm_read_file (system ? system : "/etc/ssl/certs/ca-certificates.crt", 16u << 20, &roots, &n,
                                  NULL) == 0)
                sepm_buf_append (&h->ca, roots, n);
              any_ca = true;
            }
          sepm_buf_puts (&h->ca, "\n");
          sepm_buf_append (&h->ca, pem, len);
        }
      else if (has_suffix (e->d_name, ".cert"))
        {
          free (h->client_cert);
          free (h->client_key);
          h->client_cert = xstrdup (path);
          h->client_key = xstrdup (path);
          strcpy (h->client_key + strlen (path) - 5, ".key");
        }
    }
  closedir (d);
  return 0;
}

int
sepm_http_new (const char *host, const struct sepm_http_options *opts, struct sepm_http **out, sepm_error_t *err)
{
  static bool initialised;
  struct sepm_http *h = xcalloc (1, sizeof (*h));

  if (!initialised)
    {
      if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
        {
          free (h);
          return sepm_error_make (err, 0, "libcurl failed to initialise");
        }
      initialised = true;
    }
  h->opts = *opts;
  h->host = xstrdup (host);
  h->multi = curl_multi_init ();
  if (h->multi == NULL)
    {
      sepm_error_make (err, 0, "libcurl: cannot create a transfer");
      goto fail;
    }
  if (opts->cert_dir)
    {
      if (read_cert_dir (h, opts->cert_dir, true, err) < 0)
        goto fail;
    }
  else
    {
      cleanup_free char *a = xasprintf ("/etc/containers/certs.d/%s", host);
      cleanup_free char *b = xasprintf ("/etc/docker/certs.d/%s", host);
      if (read_cert_dir (h, a, false, err) < 0 || read_cert_dir (h, b, false, err) < 0)
        goto fail;
    }
  *out = h;
  return 0;
fail:
  sepm_http_free (h);
  return -1;
}

void
sepm_http_free (struct sepm_http *h)
{
  if (h == NULL)
    return;
  if (h->multi)
    curl_multi_cleanup (h->multi);
  free (h->host);
  free (h->ca.data);
  free (h->client_cert);
  free (h->client_key);
  free (h);
}

/* ---- streams: libcurl's multi interface, driven by the reader */

struct sepm_http_stream
{
  CURLM *multi;                 /* the host's, shared */
  CURL *easy;
  struct curl_slist *request_headers;
  struct sepm_http_headers headers;
  char errbuf[CURL_ERROR_SIZE];
  struct sepm_buf body;         /* received, not yet read: body.data[off..len) */
  size_t off;
  bool paused, done, got_body;
  CURLcode result;
  char *url;
};

static size_t
on_body (char *data, size_t size, size_t n, void *arg)
{
  struct sepm_http_stream *s = arg;

  if (s->body.len - s->off >= STREAM_HIGH_WATER)
    {
      s->paused = true;
      return CURL_WRITEFUNC_PAUSE;
    }
  if (s->off > 0 && s->off == s->body.len)
    s->off = s->body.len = 0;
  sepm_buf_append (&s->body, data, size * n);
  s->got_body = true;
  return size * n;
}

/* Two readers of one response must not disagree: a header sent twice
 * with different values is a conflict, not "the last one wins". */
static void
keep_header (char **slot, bool *conflict, const char *value, size_t n)
{
  while (n && (value[n - 1] == '\r' || value[n - 1] == '\n' || value[n - 1] == ' '))
    n--;
  while (n && *value == ' ')
    value++, n--;
  char *v = xstrndup (value, n < MAX_HEADER_VALUE ? n : MAX_HEADER_VALUE);
  if (*slot && strcmp (*slot, v) != 0)
    *conflict = true;
  free (*slot);
  *slot = v;
}

static void
release_headers (struct sepm_http_headers *h)
{
  free (h->www_authenticate);
  free (h->content_type);
  free (h->docker_content_digest);
  memset (h, 0, sizeof (*h));
}

static size_t
on_header (char *data, size_t size, size_t n, void *arg)
{
  struct sepm_http_stream *s = arg;
  size_t len = size * n;
  static const struct
  {
    const char *name;
    size_t offset;
  } wanted[] = {
    { "www-authenticate:", offsetof (struct sepm_http_headers, www_authenticate) },
    { "content-type:", offsetof (struct sepm_http_headers, content_type) },
    { "docker-content-digest:", offsetof (struct sepm_http_headers, docker_content_digest) },
  };

  /* Trailers, after the body, change nothing that was read. */
  if (s->got_body)
    return len;
  /* A redirect's headers are not the final response's. */
  if (len >= 5 && strncmp (data, "HTTP/", 5) == 0)
    release_headers (&s->headers);
  for (size_t i = 0; i < sizeof (wanted) / sizeof (*wanted); i++)
    {
      size_t k = strlen (wanted[i].name);
      if (len > k && strncasecmp (data, wanted[i].name, k) == 0)
        keep_header ((char **) ((char *) &s->headers + wanted[i].offset), &s->headers.conflict, data + k, len - k);
    }
  return len;
}

/* One step of the transfer: false when it is over. */
static bool
drive (struct sepm_http_stream *s)
{
  int running = 0, left;
  CURLMsg *m;

  if (s->done)
    return false;
  curl_multi_perform (s->multi, &running);
  while ((m = curl_multi_info_read (s->multi, &left)) != NULL)
    if (m->msg == CURLMSG_DONE && m->easy_handle == s->easy)
      {
        s->result = m->data.result;
        s->done = true;
      }
  if (!s->done && running)
    curl_multi_poll (s->multi, NULL, 0, 1000, NULL);
  else if (!running)
    s->done = true;
  return !s->done;
}

static int
transfer_error (struct sepm_http_stream *s, sepm_error_t *err)
{
  cleanup_free char *why = sepm_printable (s->errbuf[0] ? s->errbuf : curl_easy_strerror (s->result), 300);
  /* The URL may be a token realm a hostile registry chose. */
  cleanup_free char *url = sepm_printable (s->url, 300);

  switch (s->result)
    {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      sepm_error_make (err, 0, "%s: x509: the certificate is not trusted (%s)", url, why);
      return sepm_error_set_hint (err, "Give the registry's CA with --cert-dir DIR (a directory of *.crt files), "
                                  "or put it in /etc/containers/certs.d/HOST:PORT/; --tls-verify=false turns "
                                  "verification off.");
    case CURLE_OPERATION_TIMEDOUT:
      sepm_error_make (err, 0, "%s: timed out: %s", url, why);
      return sepm_error_set_hint (err, "The registry stopped answering; SEPM_HTTP_STALL_TIMEOUT and "
                                  "SEPM_HTTP_CONNECT_TIMEOUT set the limits in seconds.");
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      sepm_error_make (err, 0, "%s: cannot connect: %s", url, why);
      return sepm_error_set_hint (err, "Check the registry's host and port, and that it is running.");
    case CURLE_TOO_MANY_REDIRECTS:
      return sepm_error_make (err, 0, "%s: more than %d redirects", url, MAX_REDIRECTS);
    default:
      return sepm_error_make (err, 0, "%s: %s", url, why);
    }
}

static int
open_stream (struct sepm_http *h, const char *url, const char *const *headers, long deadline,
             struct sepm_http_stream **out, sepm_error_t *err)
{
  struct sepm_http_stream *s = xcalloc (1, sizeof (*s));

  s->url = xstrdup (url);
  s->multi = h->multi;
  s->easy = curl_easy_init ();
  if (s->easy == NULL)
    {
      sepm_http_stream_close (s);
      return sepm_error_make (err, 0, "libcurl: cannot create a transfer");
    }
  for (const char *const *p = headers; p && *p; p++)
    s->request_headers = curl_slist_append (s->request_headers, *p);
  /* The options that keep a transfer safe must take, or nothing is sent. */
  if (curl_easy_setopt (s->easy, CURLOPT_URL, url) != CURLE_OK
      || curl_easy_setopt (s->easy, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK
      || curl_easy_setopt (s->easy, CURLOPT_REDIR_PROTOCOLS_STR, h->opts.allow_http ? "http,https" : "https") != CURLE_OK
      || curl_easy_setopt (s->easy, CURLOPT_MAXREDIRS, (long) MAX_REDIRECTS) != CURLE_OK
      || curl_easy_setopt (s->easy, CURLOPT_TIMEOUT, deadline) != CURLE_OK)
    {
      cleanup_free char *shown = sepm_printable (url, 300);
      sepm_http_stream_close (s);
      return sepm_error_make (err, 0, "%s: libcurl refused a URL or a safety option", shown);
    }
  curl_easy_setopt (s->easy, CURLOPT_HTTPHEADER, s->request_headers);
  curl_easy_setopt (s->easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (s->easy, CURLOPT_CONNECTTIMEOUT, h->opts.connect_timeout);
  curl_easy_setopt (s->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (s->easy, CURLOPT_LOW_SPEED_TIME, h->opts.stall_timeout);
  curl_easy_setopt (s->easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (s->easy, CURLOPT_USERAGENT, "sepm/" PACKAGE_VERSION);
  curl_easy_setopt (s->easy, CURLOPT_ERRORBUFFER, s->errbuf);
  curl_easy_setopt (s->easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (s->easy, CURLOPT_WRITEDATA, s);
  curl_easy_setopt (s->easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (s->easy, CURLOPT_HEADERDATA, s);
  /* Compression is the registry's, inside the blob: bytes are hashed as sent. */
  curl_easy_setopt (s->easy, CURLOPT_ACCEPT_ENCODING, NULL);
  if (!h->opts.tls_verify)
    {
      curl_easy_setopt (s->easy, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt (s->easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
  if (h->ca.len)
    {
      struct curl_blob blob = { h->ca.data, h->ca.len, CURL_BLOB_COPY };
      curl_easy_setopt (s->easy, CURLOPT_CAINFO_BLOB, &blob);
    }
  if (h->client_cert)
    {
      curl_easy_setopt (s->easy, CURLOPT_SSLCERT, h->client_cert);
      curl_easy_setopt (s->easy, CURLOPT_SSLKEY, h->client_key);
    }
  curl_multi_add_handle (s->multi, s->easy);
  /* The status is known once the body starts or the transfer ends. */
  while (!s->got_body && drive (s))
    ;
  if (s->done && s->result != CURLE_OK)
    {
      transfer_error (s, err);
      sepm_http_stream_close (s);
      return -1;
    }
  *out = s;
  return 0;
}

int
sepm_http_stream_open (struct sepm_http *h, const char *url, const char *const *headers,
                       struct sepm_http_stream **out, sepm_error_t *err)
{
  /* A stream is paced by its reader; only a stall ends it. */
  return open_stream (h, url, headers, 0, out, err);
}

long
sepm_http_stream_status (const struct sepm_http_stream *s)
{
  long status = 0;
  curl_easy_getinfo (s->easy, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

const struct sepm_http_headers *
sepm_http_stream_headers (const struct sepm_http_stream *s)
{
  return &s->headers;
}

ssize_t
sepm_http_stream_read (struct sepm_http_stream *s, void *buf, size_t n, sepm_error_t *err)
{
  while (s->off == s->body.len)
    {
      if (s->paused)
        {
          s->paused = false;
          curl_easy_pause (s->easy, CURLPAUSE_CONT);
          continue;
        }
      if (!drive (s) && s->off == s->body.len)
        {
          if (s->result != CURLE_OK)
            return transfer_error (s, err);
          return 0;
        }
    }
  if (n > s->body.len - s->off)
    n = s->body.len - s->off;
  memcpy (buf, s->body.data + s->off, n);
  s->off += n;
  return (ssize_t) n;
}

void
sepm_http_stream_close (struct sepm_http_stream *s)
{
  if (s == NULL)
    return;
  if (s->easy)
    {
      curl_multi_remove_handle (s->multi, s->easy);
      curl_easy_cleanup (s->easy);
    }
  curl_slist_free_all (s->request_headers);
  release_headers (&s->headers);
  free (s->body.data);
  free (s->url);
  free (s);
}

int
sepm_http_get (struct sepm_http *h, const char *url, const char *const *headers, size_t max,
               struct sepm_http_response *out, sepm_error_t *err)
{
  struct sepm_http_stream *s;
  struct sepm_buf body = { 0 };
  char chunk[65536];
  ssize_t n;

  memset (out, 0, sizeof (*out));
  /* A reply read whole has a deadline: a drip of a byte a second would
   * never stall. */
  if (open_stream (h, url, headers, h->opts.reply_timeout, &s, err) < 0)
    return -1;
  while ((n = sepm_http_stream_read (s, chunk, sizeof chunk, err)) > 0)
    {
      if (body.len + n > max)
        {
          sepm_http_stream_close (s);
          free (body.data);
          return sepm_error_make (err, 0, "%s: the reply is larger than %zu bytes", url, max);
        }
      sepm_buf_append (&body, chunk, n);
    }
  if (n < 0)
    {
      sepm_http_stream_close (s);
      free (body.data);
      return -1;
    }
  out->status = sepm_http_stream_status (s);
  out->headers = s->headers;
  memset (&s->headers, 0, sizeof (s->headers));
  out->body = body.data ? body.data : xstrdup ("");
  out->len = body.len;
  sepm_http_stream_close (s);
  return 0;
}

void
sepm_http_response_release (struct sepm_http_response *r)
{
  release_headers (&r->headers);
  free (r->body);
  memset (r, 0, sizeof (*r));
}
