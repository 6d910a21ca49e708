/* A read-only client of one repository on a registry (the OCI
 * distribution spec): authentication, manifests and blobs.  Every
 * manifest and blob it returns whole is checked against its digest; a
 * streamed blob is checked by its reader (image.c), which hashes it. */
#ifndef SEPM_REGISTRY_H
#define SEPM_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "error.h"
#include "http.h"
#include "image_ref.h"

/* skopeo's options for a docker:// source. */
struct sepm_registry_options
{
  const char *creds;            /* --creds USER[:PASS] */
  const char *authfile;         /* --authfile FILE */
  const char *cert_dir;         /* --cert-dir DIR */
  int tls_verify;               /* --tls-verify: 1 (default) or 0 */
  const char *override_os, *override_arch, *override_variant;
  /* From a scan request (--serve): Harbor's Authorization for the
   * registry ("Basic ..." answers the challenge as --creds would;
   * "Bearer ..." is sent as it is), and whether its URL is http://. */
  const char *authorization;
  bool plain_http;
  /* --serve: no credentials of the server's own (--creds, auth files)
   * for a registry a scan request names. */
  bool no_ambient_credentials;
};

struct sepm_registry;

/* Reach REF's repository (REF is a docker:// reference) and authenticate
 * for pulling from it. */
int sepm_registry_open (const struct sepm_image_ref *ref, const struct sepm_registry_options *opts,
                        struct sepm_registry **out, sepm_error_t *err);
void sepm_registry_free (struct sepm_registry *r);

/* The image manifest REF names, through an index when it names one (the
 * platform from OPTS).  *bytes are the manifest's raw bytes, *digest
 * their sha256; *index the index passed through, or NULL. */
int sepm_registry_image_manifest (struct sepm_registry *r, json_t **manifest, char **digest, json_t **index,
                                  char **bytes, size_t *len, sepm_error_t *err);

/* A blob of at most MAX bytes, checked against DIGEST (and SIZE when it
 * is not negative). */
int sepm_registry_blob (struct sepm_registry *r, const char *digest, json_int_t size, size_t max, char **data,
                        size_t *len, sepm_error_t *err);

/* A blob as a stream: the caller hashes what it reads. */
int sepm_registry_blob_stream (struct sepm_registry *r, const char *digest, struct sepm_http_stream **out,
                               sepm_error_t *err);

#endif
