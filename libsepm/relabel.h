/* Relabelling an unpacked image: the image's labels, with the installed
 * type names and a level, applied to its root filesystem.  Works with
 * SELinux off (the xattrs are set all the same); contexts are validated
 * against the store's binary policy, as `setfiles -c` does.
 *
 * By default the labels are set in place after a journal of them is on
 * disk, so the next run finishes what a crash interrupts
 * (relabel_journaled.h); with restorecon (for a filesystem's root, which
 * has nowhere beside it for a journal), file by file, which a crash can
 * leave half done. */
#ifndef SEPM_RELABEL_H
#define SEPM_RELABEL_H

#include <stdbool.h>

#include "error.h"
#include "relabel_journaled.h"

/* Label ROOTFS's files that FILE_CONTEXTS (the text of a file_contexts
 * file with full contexts) matches; files it does not match are left
 * alone.  Never follows a symbolic link: a link is labelled itself, and
 * ROOTFS must be a real directory.  POLICY_PATH, when given, is the
 * binary policy every context must be valid in.  STATS is filled
 * (with restorecon, IN_PLACE, only what a killed run's journal set). */
/* Before anything changes: ROOTFS is a real directory and not an OCI
 * bundle; LEVEL is valid in the binary policy POLICY_PATH (the store's
 * before the install: modules cannot add sensitivities or categories). */
int sepm_relabel_check_rootfs (const char *rootfs, sepm_error_t *err);
int sepm_relabel_check_level (const char *policy_path, const char *level, sepm_error_t *err);

/* The relabel's plan, made and thrown away before the store changes: it
 * refuses what the relabel itself would (names of one file that the
 * labels give different types), so that a refusal leaves nothing half
 * installed. */
int sepm_relabel_check_plan (const char *rootfs, const char *file_contexts, sepm_error_t *err);

int sepm_relabel_rootfs (const char *rootfs, const char *file_contexts, const char *policy_path, bool in_place,
                         struct sepm_relabel_stats *stats, sepm_error_t *err);

#endif
