/* Relabelling an unpacked image: the image's labels, with the installed
 * type names and a level, applied to its root filesystem by libselinux's
 * restorecon machinery under an alternate root.  Works with SELinux off
 * (the xattrs are set all the same); contexts are validated against the
 * store's binary policy, as `setfiles -c` does. */
#ifndef SEPM_RELABEL_H
#define SEPM_RELABEL_H

#include "error.h"

/* Label ROOTFS's files that FILE_CONTEXTS (the text of a file_contexts
 * file with full contexts) matches; files it does not match are left
 * alone.  Never follows a symbolic link: a link is labelled itself, and
 * ROOTFS must be a real directory.  POLICY_PATH, when given, is the
 * binary policy every context must be valid in. */
int sepm_relabel_rootfs (const char *rootfs, const char *file_contexts, const char *policy_path,
                         sepm_error_t *err);

/* An OCI runtime bundle (`umoci unpack`): its root filesystem's path and
 * its level (the level of process.selinuxLabel or linux.mountLabel, else
 * DEFAULT_LEVEL). */
int sepm_bundle_inspect (const char *bundle, const char *default_level, char **rootfs, char **level,
                         sepm_error_t *err);

/* Set process.selinuxLabel to PROCESS_TYPE and linux.mountLabel to
 * MOUNT_TYPE at LEVEL, replacing config.json atomically. */
int sepm_bundle_set_labels (const char *bundle, const char *process_type, const char *mount_type,
                            const char *level, sepm_error_t *err);

#endif
