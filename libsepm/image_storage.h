/* containers-storage:[DRIVER@ROOT+RUNROOT:OPTIONS]IMAGE: the local store
 * of podman, buildah and CRI-O. */
#ifndef SEPM_IMAGE_STORAGE_H
#define SEPM_IMAGE_STORAGE_H

#include "error.h"

/* Export the store's image REF (what follows `containers-storage:`) into
 * a new private directory *DIR, as the OCI layout *DIR/layout tagged
 * `image`.  The caller reads it as any oci: layout, every digest checked,
 * and removes *DIR with sepm_image_archive_remove_dir. */
int sepm_image_storage_export (const char *ref, char **dir, sepm_error_t *err);

#endif
