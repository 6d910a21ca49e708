/* sepm-install --rootfs DIR when DIR does not exist yet: the image's
 * layers are unpacked while they are verified, into `rootfs` inside a
 * private directory beside DIR (.sepm-unpack.NAME, mode 0700: no other
 * user can reach the tree while it is built), labelled there, and
 * renamed to DIR last.  DIR is then absent or complete, never partial;
 * what a killed run left beside it is removed by the next.
 *
 * An image's setuid files and file capabilities are kept, as runtimes
 * keep them, so DIR must lie inside a directory other users cannot enter
 * (as podman's storage is): otherwise any user could run them. */
#ifndef SEPM_INSTALL_UNPACK_H
#define SEPM_INSTALL_UNPACK_H

#include <stdbool.h>

#include "error.h"
#include "layer_unpack.h"

struct sepm_install_unpack
{
  char *target;                 /* DIR */
  char *staging;                /* where it is built; NULL when DIR exists (relabel it) */
  int parent_fd;                /* locked for the whole run */
  int wrapper_fd;               /* .sepm-unpack.NAME */
  char *wrapper_name;
  struct sepm_unpack *unpack;
};

/* Decide: DIR exists (nothing to unpack: *X stays empty) or is to be
 * made.  Refuses a DIR whose parent is not a real directory or that other
 * users could reach, and a run beside which another one is working. */
int sepm_install_unpack_begin (const char *rootfs, struct sepm_install_unpack *x, sepm_error_t *err);
/* Every file of the unpacked tree gets the container's file label at
 * LEVEL, then the image's own labels: the file_contexts to relabel it
 * with, built from the image's (FILE_CONTEXTS). */
char *sepm_install_unpack_file_contexts (const char *file_contexts, const char *level);
/* The directories' metadata applied; libarchive done. */
int sepm_install_unpack_complete (struct sepm_install_unpack *x, sepm_error_t *err);
/* Move the finished, labelled tree to DIR. */
int sepm_install_unpack_finish (struct sepm_install_unpack *x, sepm_error_t *err);
void sepm_install_unpack_release (struct sepm_install_unpack *x);

#endif
