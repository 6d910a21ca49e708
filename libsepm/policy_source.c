#include <config.h>
#include "policy_source.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* What a base NAME means: a binary policy sepm ships beside its
 * templates, built from the named distribution's packages. */
#define BASE_POLICY_FILE "base.pol.xz"
#define TEMPLATES_FILE "sepm.cil"
#define DEFAULT_BASE "refpolicy"

/* A binary run from the build tree it was built in, before `make
 * install`: its data is the source tree's. */
static bool
running_from_build_tree (void)
{
  cleanup_free char *exe = realpath ("/proc/self/exe", NULL);
  size_t n = strlen (SEPM_BUILD_DIR);

  return exe && n > 1 && strncmp (exe, SEPM_BUILD_DIR, n) == 0 && exe[n] == '/';
}

const char *
sepm_policy_source_data_dir (void)
{
  const char *env = getenv ("SEPM_DATA_DIR");
  if (env && *env)
    return env;
  return running_from_build_tree () ? SEPM_SOURCE_DIR : SEPM_DATADIR;
}

/* The host has a policy store when its SELinux config names one. */
static bool
host_has_policy (void)
{
  return access ("/etc/selinux/config", F_OK) == 0;
}

int
sepm_policy_source_resolve (struct sepm_policy_source *p, sepm_error_t *err)
{
  const char *base = p->base;
  const char *data = sepm_policy_source_data_dir ();

  if (p->resolved)
    return 0;
  p->resolved = true;

  /* A caller that named the store itself (sepm-install) has resolved it. */
  if (base == NULL && p->system.policy_file == NULL && p->system.store == NULL
      && (p->root != NULL || p->store_name != NULL || host_has_policy ()))
    {
      sepm_store_ref_resolve (p->root, p->store_name, &p->store);
      p->system.store = &p->store;
    }
  if (base == NULL && p->system.policy_file == NULL && p->system.store == NULL)
    {
      base = DEFAULT_BASE;
      p->note = xasprintf ("this host has no SELinux policy: verifying against sepm's base policy `%s` "
                           "(give -p ROOT or --policy FILE to use another)", base);
    }
  if (base)
    {
      /* A NAME is one of sepm's; anything with a slash is a file. */
      p->base_path = strchr (base, '/') ? xstrdup (base)
        : xasprintf ("%s/policy-templates/%s/" BASE_POLICY_FILE, data, base);
      if (access (p->base_path, R_OK) != 0)
        return sepm_error_make (err, 0, "no base policy `%s` (looked for %s); sepm ships `" DEFAULT_BASE "`",
                                base, p->base_path);
      p->system.policy_file = p->base_path;
    }
  if (!p->explicit_templates)
    {
      /* The shipped templates, when they are installed. */
      p->default_templates = xasprintf ("%s/policy-templates/%s/" TEMPLATES_FILE, data,
                                        base && !strchr (base, '/') ? base : DEFAULT_BASE);
      if (access (p->default_templates, R_OK) == 0)
        p->system.templates_path = p->default_templates;
      else
        p->templates_note = xasprintf ("no templates at %s: a module that inherits or calls sepm.v1 "
                                       "blocks will not compile (give --templates FILE, or SEPM_DATA_DIR=DIR "
                                       "with DIR/policy-templates/)", p->default_templates);
    }
  return 0;
}

int
sepm_policy_source_open (struct sepm_policy_source *p, sepm_error_t *err)
{
  if (sepm_policy_source_resolve (p, err) < 0)
    return -1;
  if (p->profile_path ? sepm_profile_load (p->profile_path, &p->profile, err) < 0
                      : (p->profile = sepm_profile_default ()) == NULL)
    return -1;
  p->system.profile = p->profile;
  return sepm_system_policy_open (&p->system, &p->sys, err);
}

void
sepm_policy_source_release (struct sepm_policy_source *p)
{
  sepm_system_policy_free (p->sys);
  sepm_profile_free (p->profile);
  free (p->base_path);
  free (p->default_templates);
  free (p->note);
  free (p->templates_note);
  if (p->system.store == &p->store)
    p->system.store = NULL;
  sepm_store_ref_release (&p->store);
  p->sys = NULL;
  p->profile = NULL;
  p->base_path = p->default_templates = p->note = p->templates_note = NULL;
  p->resolved = false;
}
