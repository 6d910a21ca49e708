/* Relabelling a root filesystem in place, all or nothing across crashes:
 * plan every change, write the journal of them beside the tree
 * (relabel_journal.h) and put it on disk, set the labels, sync, remove the
 * journal.  A run killed at any point leaves either no journal (the tree
 * is the old one, or the new one) or a whole journal, which the next run
 * applies before anything else: the tree is then the new one.  Only
 * between a kill and that run is it part old, part new. */
#ifndef SEPM_RELABEL_JOURNALED_H
#define SEPM_RELABEL_JOURNALED_H

#include <stddef.h>
#include <selinux/label.h>

#include "error.h"

struct sepm_relabel_stats
{
  size_t entries;               /* every entry of the tree */
  size_t changed;               /* files whose label changed */
  size_t recovered;             /* labels an interrupted run's journal set first */
};

/* Relabel ROOTFS (a canonical path to a real directory, not a
 * filesystem's root: the journal lives beside it) with the labels in H,
 * after finishing what a killed run left.  Nothing is written when every
 * label is right already. */
int sepm_relabel_journaled (const char *rootfs, struct selabel_handle *h, struct sepm_relabel_stats *stats,
                            sepm_error_t *err);

/* Only finish what a killed run left beside ROOTFS (before another kind of
 * relabel, which must not leave an older journal to be applied over its
 * labels); RECOVERED counts the labels set.  A filesystem's root has no
 * journal. */
int sepm_relabel_journaled_recover (const char *rootfs, size_t *recovered, sepm_error_t *err);

#endif
