/* Relabelling a root filesystem all at once.  A new tree is built beside
 * it: a directory for each of its directories, a hard link for each file
 * that keeps its label, a copy for each file that gets a new one (labels
 * belong to inodes, so a link would relabel the live file too).  Then
 * renameat2(RENAME_EXCHANGE) swaps the two in one step and the old tree
 * is removed.  A run killed at any point leaves the root filesystem
 * entirely old or entirely new; the next run removes what it left beside. */
#ifndef SEPM_RELABEL_SWAP_H
#define SEPM_RELABEL_SWAP_H

#include <stddef.h>
#include <selinux/label.h>

#include "error.h"

struct sepm_relabel_stats
{
  size_t entries;               /* every entry of the tree */
  size_t changed;               /* files whose label changed */
};

/* Relabel ROOTFS (a canonical path to a real directory, not a mount
 * point) with the labels in H.  Nothing is written when every label is
 * right already. */
int sepm_relabel_swap (const char *rootfs, struct selabel_handle *h, struct sepm_relabel_stats *stats,
                       sepm_error_t *err);

#endif
