/* The store an image's modules will live in: the other images' modules
 * that stay enabled after the commit, and the rule that one image's
 * modules never name another's.
 *
 * The host verifies an image in the context it is installed into
 * (docs/verification.md, "On the host"): the system (the store without
 * any sepm module), the templates that will be enabled, and every sepm
 * module that will be enabled after the commit, this image's and the
 * other images', verified together as one set.  What the set adds is then
 * exactly what the commit adds.  A registry verified each image against
 * the system alone; the two verdicts differ only where images interact,
 * and every such interaction is a rejection here that names both
 * images. */
#ifndef SEPM_INSTALL_CONTEXT_H
#define SEPM_INSTALL_CONTEXT_H

#include <stddef.h>

#include "findings.h"
#include "install_names.h"
#include "store_state.h"
#include "store_tx.h"

struct sepm_other_module
{
  char *name;                   /* sepm_web_HASH */
  char *block;                  /* web_HASH */
  char *image;                  /* the reference of an image that uses it, or "an unknown image" */
  char *cil;                    /* as the store has it */
  size_t cil_len;
};

struct sepm_install_context
{
  struct sepm_other_module *others;
  size_t n_others;
  /* For each of the image's modules (NAMES' order): the reference of
   * another image that installed the same module already, or NULL.  Such
   * a module is that image's too: its types are the other image's types,
   * and the image's other modules may not reach them. */
  char **shared_with;
  size_t n_shared_with;
};

/* The sepm modules of the store (INSTALLED, from
 * sepm_store_tx_modules_with_prefix) that are not the templates and not
 * among NAMES, with their text and the image that uses them. */
int sepm_install_context_load (struct sepm_store_tx *tx, const struct sepm_store_state *st,
                               char *const *installed, size_t n_installed,
                               const struct sepm_install_names *names, const char *image_id,
                               struct sepm_install_context *out, sepm_error_t *err);

/* A finding (install.cross-image) for every name in the image's modules
 * that belongs to another image's module, a module it shares with another
 * image included, and for every name of the image's in another's. */
void sepm_install_context_cross_refs (const struct sepm_install_context *ctx, const struct sepm_install_names *names,
                                      const char *image, struct sepm_findings *findings);

/* Refuse a store whose libsemanage settings would compile the modules
 * into a policy other than the one verified: `preserve-tunables = true`
 * keeps a module's tunableif branches as conditional rules that a boolean
 * can switch on, where sepm verified the branch the tunable's default
 * chose.  ROOT's semanage.conf is read, else the system's, as libsemanage
 * does. */
int sepm_install_context_check_settings (const struct sepm_store_ref *store, sepm_error_t *err);

void sepm_install_context_release (struct sepm_install_context *ctx);

#endif
