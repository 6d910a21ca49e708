/* What a registry's manifest bytes are: an OCI index or Docker manifest
 * list (pick the platform), an OCI or Docker schema-2 manifest (read it),
 * or something sepm refuses (schema 1, unknown).  Parsers of untrusted
 * bytes: tests/fuzz has a harness for them. */
#ifndef SEPM_REGISTRY_MANIFEST_H
#define SEPM_REGISTRY_MANIFEST_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"

#define SEPM_MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define SEPM_MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define SEPM_MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define SEPM_MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"

enum sepm_manifest_kind
{
  SEPM_MANIFEST_IMAGE,          /* OCI manifest or Docker schema 2 */
  SEPM_MANIFEST_INDEX,          /* OCI index or Docker manifest list */
};

/* Parse BYTES (CONTENT_TYPE as the registry sent it, may be NULL) and
 * say what they are; *doc is the JSON. */
int sepm_registry_manifest_parse (const char *bytes, size_t len, const char *content_type, json_t **doc,
                         enum sepm_manifest_kind *kind, sepm_error_t *err);

/* The platform sepm selects from an index. */
struct sepm_platform
{
  const char *os, *architecture, *variant;      /* variant may be NULL: any */
};
/* The host's (uname), with --override-os/-arch/-variant applied. */
struct sepm_platform sepm_platform_host (const char *os, const char *arch, const char *variant);

/* The descriptor of INDEX for PLATFORM: its digest and size. */
int sepm_registry_manifest_pick (json_t *index, const struct sepm_platform *platform, const char **digest, json_int_t *size,
                     sepm_error_t *err);

#endif
