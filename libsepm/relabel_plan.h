/* Which files of a root filesystem a relabel changes, decided before
 * anything is written: every entry is looked up in the image's labels
 * (libselinux's matcher, as restorecon would) and compared with the label
 * it has.  Labels belong to inodes, so the plan is kept per inode: the
 * names of one hard-linked file must agree on its label, and a file
 * relabelled in place must have no name outside the tree. */
#ifndef SEPM_RELABEL_PLAN_H
#define SEPM_RELABEL_PLAN_H

#include <stddef.h>
#include <sys/stat.h>
#include <selinux/label.h>

#include "error.h"

struct sepm_relabel_change
{
  dev_t dev;
  ino_t ino;
  mode_t type;                  /* S_IFMT bits: the same inode number on another kind of file is not it */
  char *context;                /* the label it gets */
  char *old;                    /* the label it has ("" for none) */
  char *path;                   /* a name of it inside the tree */
};

struct sepm_relabel_plan
{
  struct sepm_relabel_change *changes;  /* sorted by inode */
  size_t n_changes;
  size_t n_entries;             /* every entry of the tree */
};

/* Plan the relabel of the tree at ROOT_FD (ROOT_NAME names it in errors)
 * with the labels in H. */
int sepm_relabel_plan_make (int root_fd, const char *root_name, struct selabel_handle *h,
                            struct sepm_relabel_plan *plan, sepm_error_t *err);

/* Only what would make sepm_relabel_plan_make refuse the tree: its
 * hard-linked files, checked as the plan would.  A file with one name
 * cannot be refused, and is not looked at: before the commit this costs a
 * walk, not a plan. */
int sepm_relabel_plan_check_links (int root_fd, const char *root_name, struct selabel_handle *h,
                                   sepm_error_t *err);

void sepm_relabel_plan_release (struct sepm_relabel_plan *plan);

#endif
