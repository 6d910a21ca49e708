/* Verifying modules against a system policy: compile, then discharge
 * every proof obligation of docs/verification.md. */
#ifndef SEPM_VERIFY_H
#define SEPM_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "findings.h"
#include "least_privilege.h"
#include "profile.h"
#include "system_policy.h"

struct sepm_module_type
{
  char *name;
  char *bounds;                 /* NULL when unbounded */
  char *root_parent;            /* NULL when the chain ends nowhere allowed */
  bool is_domain;
  /* Domains: the share of root_parent's permissions this one keeps. */
  struct sepm_privilege_share share;
  /* Domains: how many process type transitions enter it, and the module
   * file types whose execution does (NULL-terminated, may be NULL). */
  size_t n_transitions;
  char **exec_types;
};

struct sepm_module_result
{
  char *path;
  char *name;                   /* the top-level block, NULL when there is none */
  struct sepm_module_type *types;
  size_t n_types;
  struct sepm_findings findings;
  enum sepm_verify_mode mode;   /* exact when fast mode fell back to it */
  double seconds;
};

struct sepm_module_input
{
  const char *path;             /* a name for messages: a file, or image:label */
  const char *text;
  size_t len;
  /* The text must already be in canonical form (cil_canonical.h): so it
   * is in every image sepm-build writes.  A file a person wrote need not
   * be; its canonical form is what is verified. */
  bool canonical_required;
  /* Which image the module belongs to, when the modules of several images
   * are verified side by side (sepm-install, install_context.h): 0 for the
   * image being installed.  All 0 otherwise. */
  int group;
};

/* Verify one module against the system policy. */
int sepm_verify_module (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                        const char *path, const char *text, size_t len,
                        struct sepm_module_result *out, sepm_error_t *err);

/* Verify N modules together, as they will be installed together (an
 * image's layers): one compile, in which a module's types may be bounded
 * by another's.  OUT holds N results.  Returns -1 only when sepm itself
 * failed; findings are results. */
int sepm_verify_modules (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                         const struct sepm_module_input *modules, size_t n,
                         struct sepm_module_result *out, sepm_error_t *err);
void sepm_module_result_release (struct sepm_module_result *r);

#endif
