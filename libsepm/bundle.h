/* An OCI runtime bundle (`umoci unpack`): where its root filesystem is,
 * which level it runs at, and the labels its config starts it with. */
#ifndef SEPM_BUNDLE_H
#define SEPM_BUNDLE_H

#include "error.h"

/* The bundle's root filesystem's path and its level (the level of
 * process.selinuxLabel or linux.mountLabel, else DEFAULT_LEVEL). */
int sepm_bundle_inspect (const char *bundle, const char *default_level, char **rootfs, char **level,
                         sepm_error_t *err);

/* Set process.selinuxLabel to PROCESS_TYPE and linux.mountLabel to
 * MOUNT_TYPE at LEVEL, replacing config.json atomically. */
int sepm_bundle_set_labels (const char *bundle, const char *process_type, const char *mount_type,
                            const char *level, sepm_error_t *err);

#endif
