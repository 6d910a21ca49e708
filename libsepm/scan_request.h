/* Harbor's scan request (pluggable scanner API v1.2, POST /api/v1/scan),
 * read strictly: every field sepm uses is checked before a worker sees it.
 * A parser of untrusted bytes: tests/fuzz has a harness for it. */
#ifndef SEPM_SCAN_REQUEST_H
#define SEPM_SCAN_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define SEPM_SCAN_REQUEST_MAX (64u << 10)

struct sepm_scan_request
{
  bool plain_http;              /* registry.url is http:// */
  char *host;                   /* HOST[:PORT] of registry.url */
  char *authorization;          /* "Basic ..." or "Bearer ...", or NULL */
  char *repository;
  char *digest;                 /* sha256:... */
  char *tag;                    /* or NULL */
  char *mime_type;              /* or NULL */
};

/* 0; or -1 with ERR and *STATUS the HTTP answer: 400 for what is not the
 * request's JSON shape, 422 for a field sepm cannot use. */
int sepm_scan_request_parse (const char *body, size_t len, struct sepm_scan_request *out, int *status,
                             sepm_error_t *err);
/* docker://HOST/REPOSITORY@DIGEST */
char *sepm_scan_request_reference (const struct sepm_scan_request *r);
void sepm_scan_request_release (struct sepm_scan_request *r);

#endif
