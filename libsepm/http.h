/* HTTP(S) GETs through libcurl, for the registry client: a response is
 * read as a stream (a layer is never held whole) or, capped, whole.
 *
 * Every request is bounded: connect and stall timeouts, a redirect
 * limit, http and https only.  A custom Authorization header is never
 * sent to another host on a redirect (libcurl drops it; sepm never sets
 * CURLOPT_UNRESTRICTED_AUTH), so a registry's token does not follow a
 * blob to its storage host. */
#ifndef SEPM_HTTP_H
#define SEPM_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

struct sepm_http_options
{
  bool tls_verify;              /* --tls-verify (default true) */
  const char *cert_dir;         /* --cert-dir, or NULL: /etc/containers/certs.d/HOST, /etc/docker/certs.d/HOST */
  long connect_timeout;         /* seconds (SEPM_HTTP_CONNECT_TIMEOUT: 30) */
  long stall_timeout;           /* seconds without a byte (SEPM_HTTP_STALL_TIMEOUT: 60) */
  long reply_timeout;           /* seconds for a whole reply read whole (SEPM_HTTP_TIMEOUT: 300) */
  bool allow_http;              /* redirects to http:// (only without TLS verification, or plain HTTP asked) */
};
struct sepm_http_options sepm_http_options_default (void);

/* A client for one host: its TLS settings (certs.d) are read once. */
struct sepm_http;
int sepm_http_new (const char *host, const struct sepm_http_options *opts, struct sepm_http **out,
                   sepm_error_t *err);
void sepm_http_free (struct sepm_http *h);

/* The response headers sepm reads. */
struct sepm_http_headers
{
  char *www_authenticate;
  char *content_type;
  char *docker_content_digest;
  bool conflict;                /* one of them came twice, with different values */
};

/* An open response: status and headers are known, the body is read with
 * sepm_http_stream_read. */
struct sepm_http_stream;
/* HEADERS: NULL-terminated "Name: value" lines.  Fails only when no
 * response came (connection, TLS, timeout); any status is a response. */
int sepm_http_stream_open (struct sepm_http *h, const char *url, const char *const *headers,
                           struct sepm_http_stream **out, sepm_error_t *err);
long sepm_http_stream_status (const struct sepm_http_stream *s);
const struct sepm_http_headers *sepm_http_stream_headers (const struct sepm_http_stream *s);
/* Up to N bytes; 0 at the end; -1 with ERR when the transfer failed. */
ssize_t sepm_http_stream_read (struct sepm_http_stream *s, void *buf, size_t n, sepm_error_t *err);
void sepm_http_stream_close (struct sepm_http_stream *s);

/* A whole response of at most MAX bytes (more is an error). */
struct sepm_http_response
{
  long status;
  struct sepm_http_headers headers;
  char *body;                   /* NUL-terminated */
  size_t len;
};
int sepm_http_get (struct sepm_http *h, const char *url, const char *const *headers, size_t max,
                   struct sepm_http_response *out, sepm_error_t *err);
void sepm_http_response_release (struct sepm_http_response *r);

#endif
