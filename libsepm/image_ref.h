/* Image references in skopeo's transport syntax. */
#ifndef SEPM_IMAGE_REF_H
#define SEPM_IMAGE_REF_H

#include "error.h"

enum sepm_transport
{
  SEPM_TRANSPORT_OCI,           /* oci:DIR[:TAG] */
  SEPM_TRANSPORT_OCI_ARCHIVE,   /* oci-archive:FILE[:TAG] */
  SEPM_TRANSPORT_DOCKER_ARCHIVE,        /* docker-archive:FILE[:NAME:TAG] */
};

struct sepm_image_ref
{
  enum sepm_transport transport;
  char *path;
  char *tag;                    /* NULL when none was given */
};

int sepm_image_ref_parse (const char *text, struct sepm_image_ref *out, sepm_error_t *err);
void sepm_image_ref_release (struct sepm_image_ref *ref);

#endif
