/* Which system policy a run verifies against, and with which profile and
 * templates: a store (-p ROOT, -s STORE), a binary policy (--policy FILE)
 * or a base policy sepm ships (--base NAME), resolved in one place so the
 * three tools agree (the options themselves are parsed in cli/). */
#ifndef SEPM_POLICY_SOURCE_H
#define SEPM_POLICY_SOURCE_H

#include <stdbool.h>

#include "error.h"
#include "profile.h"
#include "system_policy.h"

struct sepm_policy_source
{
  struct sepm_system_options system;
  const char *root;             /* -p ROOT */
  const char *store_name;       /* -s STORE */
  const char *base;             /* --base NAME or FILE */
  const char *profile_path;
  bool explicit_templates;
  bool resolved;
  /* owned, filled by sepm_policy_source_resolve and _open */
  struct sepm_store_ref store;  /* system.store points here when a store is verified against */
  char *base_path;
  char *default_templates;
  struct sepm_profile *profile;
  struct sepm_system_policy *sys;
  char *note;                   /* what the caller should tell the user, or NULL */
  char *templates_note;         /* the same, when no templates were found */
};

/* Find the base policy and the templates the options mean. */
int sepm_policy_source_resolve (struct sepm_policy_source *p, sepm_error_t *err);

/* Resolve, load the profile and open the system policy. */
int sepm_policy_source_open (struct sepm_policy_source *p, sepm_error_t *err);
void sepm_policy_source_release (struct sepm_policy_source *p);

/* Where sepm's shipped data lives, laid out as the source tree
 * (policy-templates/NAME/): $SEPM_DATA_DIR; else the source tree for a
 * binary run from its build tree; else the configured $(pkgdatadir). */
const char *sepm_policy_source_data_dir (void);

#endif
