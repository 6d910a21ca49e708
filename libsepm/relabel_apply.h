/* Setting the labels a relabel's journal lists, in place.  Each name is
 * reached from the root one directory at a time with O_NOFOLLOW, never
 * leaving the root's filesystem, and the label is set on the name itself
 * (lsetxattr: a symbolic link is labelled, not followed).  A name that no
 * longer holds the inode the journal recorded is skipped: that file is not
 * the one planned, and the next plan sees it. */
#ifndef SEPM_RELABEL_APPLY_H
#define SEPM_RELABEL_APPLY_H

#include <stddef.h>

#include "error.h"
#include "relabel_journal.h"

/* Apply J to the tree at ROOT_FD (ROOT_NAME names it in errors) and sync
 * its filesystem; APPLIED counts the labels set. */
int sepm_relabel_apply (int root_fd, const char *root_name, const struct sepm_relabel_journal *j, size_t *applied,
                        sepm_error_t *err);

#endif
