/* Image references in skopeo's transport syntax. */
#ifndef SEPM_IMAGE_REF_H
#define SEPM_IMAGE_REF_H

#include <stdbool.h>

#include "error.h"

enum sepm_transport
{
  SEPM_TRANSPORT_OCI,           /* oci:DIR[:TAG] */
  SEPM_TRANSPORT_OCI_ARCHIVE,   /* oci-archive:FILE[:TAG] */
  SEPM_TRANSPORT_DOCKER_ARCHIVE,        /* docker-archive:FILE[:NAME:TAG] */
  SEPM_TRANSPORT_DOCKER,        /* docker://HOST[:PORT]/REPO[:TAG|@DIGEST], read-only */
  SEPM_TRANSPORT_STORAGE,       /* containers-storage:[STORE]IMAGE, read-only (image_storage.h) */
};

struct sepm_image_ref
{
  enum sepm_transport transport;
  char *path;
  char *tag;                    /* NULL when none was given */
  /* docker:// only (PATH is then HOST/REPO, for messages): */
  char *host;                   /* HOST[:PORT]; docker.io for Docker Hub */
  char *repo;                   /* library/web for Docker Hub's `web` */
  char *digest;                 /* @sha256:..., or NULL */
};

/* For messages: every transport sepm reads. */
#define SEPM_IMAGE_TRANSPORTS "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG], " \
  "docker://HOST/REPO[:TAG|@DIGEST] or containers-storage:IMAGE"

/* Whether TEXT names an image (a transport prefix) rather than a file. */
bool sepm_image_ref_is_image (const char *text);

int sepm_image_ref_parse (const char *text, struct sepm_image_ref *out, sepm_error_t *err);
void sepm_image_ref_release (struct sepm_image_ref *ref);

#endif
