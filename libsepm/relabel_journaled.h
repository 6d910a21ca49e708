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

/* A relabel between its plan and its end: the directory holding the root
 * filesystem stays locked (one relabel at a time beside a tree). */
struct sepm_relabel_journaled;

/* Lock beside ROOTFS (a canonical path to a real directory, not a
 * filesystem's root: the journal lives beside it), finish what a killed
 * run left, and plan the relabel with the labels in H, which may be
 * closed afterwards.  Made before the store changes, the plan refuses what
 * would stop the relabel while nothing of this run is written. */
int sepm_relabel_journaled_prepare (const char *rootfs, struct selabel_handle *h,
                                    struct sepm_relabel_journaled **out, sepm_error_t *err);

/* Journal, apply and remove the journal.  Nothing is written when every
 * label is right already. */
int sepm_relabel_journaled_finish (struct sepm_relabel_journaled *r, struct sepm_relabel_stats *stats,
                                   sepm_error_t *err);

/* Unlock and free (NULL is fine). */
void sepm_relabel_journaled_release (struct sepm_relabel_journaled *r);

/* Only finish what a killed run left beside ROOTFS (before another kind of
 * relabel, which must not leave an older journal to be applied over its
 * labels); RECOVERED counts the labels set.  A filesystem's root has no
 * journal. */
int sepm_relabel_journaled_recover (const char *rootfs, size_t *recovered, sepm_error_t *err);

#endif
