/* Content-addressed names for an image's modules on the host.
 *
 * Block names are global in CIL, so two images that both ship a `web`
 * module cannot both load it as `web`.  On install every module's block
 * becomes NAME_<hash> and its libsemanage module sepm_NAME_<hash>, where
 * the hash covers the module's text and the hashes of the image's other
 * modules it names.  Different modules under one name then sit side by
 * side, and the same module (with the same dependencies) from two images
 * gets one name and is installed once. */
#ifndef SEPM_INSTALL_NAMES_H
#define SEPM_INSTALL_NAMES_H

#include <stddef.h>

#include "error.h"
#include "image_label.h"

#define SEPM_INSTALL_HASH_CHARS 12
#define SEPM_INSTALL_PREFIX "sepm_"
#define SEPM_TEMPLATES_MODULE SEPM_INSTALL_PREFIX "templates"

struct sepm_installed_module
{
  char *block;                  /* as the image has it: web */
  char *installed_block;        /* web_<hash> */
  char *installed_name;         /* sepm_web_<hash>, the libsemanage module */
  char *cil;                    /* the text with every module block renamed */
  size_t cil_len;
  size_t entry;                 /* the policy entry it came from */
};

struct sepm_install_names
{
  struct sepm_installed_module *modules;
  size_t n;
};

/* Name and rename every module of ENTRIES (in order: lower layers first). */
int sepm_install_names_compute (const struct sepm_policy_entry *entries, size_t n_entries,
                                struct sepm_install_names *out, sepm_error_t *err);

/* A module type as installed (web.exec -> web_<hash>.exec); a copy of TYPE
 * when it names no module of the image. */
char *sepm_install_names_type (const struct sepm_install_names *names, const char *type);

void sepm_install_names_release (struct sepm_install_names *names);

#endif
