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

/* Before anything changes: ROOTFS is a real directory; a tree the user
 * named (not one sepm unpacked, whose files are the image's and may be
 * anything) is not an OCI bundle either; LEVEL is valid in the binary
 * policy POLICY_PATH (the store's before the install: modules cannot add
 * sensitivities or categories). */
int sepm_relabel_check_rootfs (const char *rootfs, sepm_error_t *err);
int sepm_relabel_check_not_bundle (const char *rootfs, sepm_error_t *err);
int sepm_relabel_check_level (const char *policy_path, const char *level, sepm_error_t *err);

/* A relabel planned before the store changes and run after it. */
struct sepm_relabel;

/* Check ROOTFS (as sepm_relabel_check_rootfs), lock beside it, finish what
 * a killed relabel left, and plan the relabel with FILE_CONTEXTS (the text
 * of a file_contexts file with full contexts; files it does not match are
 * left alone): a plan the relabel would refuse (names of one file that
 * the labels give different types, a file shared with something outside
 * the tree) refuses the install while nothing of it is written.  IN_PLACE:
 * restorecon's relabel, which plans nothing but checks the same. */
int sepm_relabel_prepare (const char *rootfs, const char *file_contexts, bool in_place, struct sepm_relabel **out,
                          sepm_error_t *err);

/* Run the relabel R planned, every context valid in the binary policy
 * POLICY_PATH (when given), as `setfiles -c` checks.  Never follows a
 * symbolic link: a link is labelled itself. */
int sepm_relabel_run (struct sepm_relabel *r, const char *policy_path, struct sepm_relabel_stats *stats,
                      sepm_error_t *err);

/* Unlock and free (NULL is fine). */
void sepm_relabel_release (struct sepm_relabel *r);

/* All three at once. */
int sepm_relabel_rootfs (const char *rootfs, const char *file_contexts, const char *policy_path, bool in_place,
                         struct sepm_relabel_stats *stats, sepm_error_t *err);

#endif
