/* The relabel's journal: every label a relabel in place will set, written
 * beside the root filesystem and on disk before the first label changes.
 * A run killed while it sets them leaves the journal, and the next run
 * sets them all (setting a label twice is harmless), so the tree is the
 * old one or, once the journal is applied, the new one.
 *
 * The file is NUL-separated text, so that any name an image holds fits:
 *   "sepm-relabel-journal 1" ROOT_INO N, then N times INO TYPE OLD NEW PATH,
 *   then "end".
 * It is written under a temporary name and renamed: at its own name it is
 * always whole. */
#ifndef SEPM_RELABEL_JOURNAL_H
#define SEPM_RELABEL_JOURNAL_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "relabel_plan.h"

struct sepm_relabel_journal_entry
{
  ino_t ino;
  mode_t type;                  /* S_IFMT bits */
  char *old;                    /* "" for none */
  char *label;                  /* the label it gets */
  char *path;                   /* inside the root: "/usr/bin/env" */
};

struct sepm_relabel_journal
{
  ino_t root_ino;               /* the tree it is for */
  struct sepm_relabel_journal_entry *entries;   /* sorted by path */
  size_t n;
};

/* The journal of PLAN for the tree whose root is ROOT_INO (the plan's
 * strings are borrowed: release PLAN after J). */
void sepm_relabel_journal_from_plan (const struct sepm_relabel_plan *plan, ino_t root_ino,
                                     struct sepm_relabel_journal *j);

/* Write J as NAME in PARENT_FD, durably: TMP_NAME, fsync, rename, fsync
 * of the directory. */
int sepm_relabel_journal_write (int parent_fd, const char *tmp_name, const char *name,
                                const struct sepm_relabel_journal *j, sepm_error_t *err);

/* Read NAME in PARENT_FD into J (owning its strings): 1, or 0 when there
 * is no journal. */
int sepm_relabel_journal_read (int parent_fd, const char *name, struct sepm_relabel_journal *j,
                               sepm_error_t *err);

/* Remove NAME in PARENT_FD durably (a journal that reappears after a
 * crash would be applied again: harmless, but not wanted). */
int sepm_relabel_journal_remove (int parent_fd, const char *name, sepm_error_t *err);

/* Release a journal read with sepm_relabel_journal_read. */
void sepm_relabel_journal_release (struct sepm_relabel_journal *j);

#endif
