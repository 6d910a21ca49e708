/* Verifying modules against a system policy: compile, then discharge
 * every proof obligation of docs/verification.md. */
#ifndef SEPM_VERIFY_H
#define SEPM_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "findings.h"
#include "profile.h"
#include "system_policy.h"

struct sepm_module_type
{
  char *name;
  char *bounds;                 /* NULL when unbounded */
  char *root_parent;            /* NULL when the chain ends nowhere allowed */
  bool is_domain;
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

int sepm_verify_module (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                        const char *path, const char *text, size_t len,
                        struct sepm_module_result *out, sepm_error_t *err);
void sepm_module_result_release (struct sepm_module_result *r);

#endif
