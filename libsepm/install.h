/* sepm-install's jobs: install an image's modules into a store (verified
 * again against it, in one libsemanage transaction), relabel its root
 * filesystem, remove what only one image used, and list what is there. */
#ifndef SEPM_INSTALL_H
#define SEPM_INSTALL_H

#include <stdbool.h>
#include <stddef.h>

#include "build.h"
#include "policy_source.h"
#include "registry.h"
#include "error.h"
#include "store_ref.h"
#include "store_state.h"
#include "relabel_journaled.h"

struct sepm_install_request
{
  const char *image;            /* an image reference */
  struct sepm_store_ref store;  /* -p and -s, resolved once (store_ref.h) */
  unsigned priority;            /* -X */
  bool no_reload;               /* -n */
  const char *rootfs;           /* --rootfs, or NULL */
  const char *bundle;           /* --bundle, or NULL */
  const char *level;            /* --level; NULL: s0, or the bundle's */
  bool relabel_in_place;        /* --relabel-in-place: restorecon, file by file */
  bool werror;                  /* warnings reject (--Werror) */
  const struct sepm_registry_options *registry;  /* a docker:// image's options, or NULL */
};

struct sepm_install_report
{
  struct sepm_image_report checked;     /* the renamed modules, verified */
  char *image_id;
  char **installed;             /* modules this run added */
  size_t n_installed;
  char **shared;                /* modules that were already there */
  size_t n_shared;
  bool templates_installed;
  bool unchanged;               /* the image was installed already */
  char *entrypoint;             /* installed name of the entry domain */
  char *rootfs;                 /* what was relabelled, or NULL */
  bool unpacked;                /* ROOTFS was made: the image unpacked into it */
  char *level;
  struct sepm_relabel_stats relabelled; /* counted unless with restorecon */
};

/* 0 with the report filled: rejected when it has findings (nothing was
 * installed); -1 on an error (nothing was installed, or the error says
 * what a rerun will finish). */
int sepm_install (struct sepm_policy_source *policy, const struct sepm_install_request *req,
                  struct sepm_install_report *out, sepm_error_t *err);
void sepm_install_report_release (struct sepm_install_report *r);

/* Remove IMAGE (a reference, or an id from the list) and the modules no
 * other image uses, and the templates when no image is left; one
 * transaction.  REMOVED lists the modules. */
int sepm_install_remove (const struct sepm_install_request *req, char ***removed, size_t *n_removed,
                    sepm_error_t *err);

/* The state, read under the lock (release with sepm_store_state_close). */
int sepm_install_list (const struct sepm_install_request *req, struct sepm_store_state *out,
                       sepm_error_t *err);

#endif
