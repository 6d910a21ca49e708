#include <config.h>
#include "cli_policy.h"

bool
sepm_cli_policy_option (struct sepm_cli_policy *cli, int c, const char *arg)
{
  struct sepm_policy_source *p = &cli->source;

  switch (c)
    {
    case 'p': p->root = arg; return true;
    case 's': p->store_name = arg; return true;
    case SEPM_OPT_POLICY: p->system.policy_file = arg; return true;
    case SEPM_OPT_BASE: p->base = arg; return true;
    case SEPM_OPT_PROFILE: p->profile_path = arg; return true;
    case SEPM_OPT_TEMPLATES: p->system.templates_path = arg; p->explicit_templates = true; return true;
    case SEPM_OPT_CACHE_DIR: p->system.cache_dir = arg; return true;
    case SEPM_OPT_WERROR: cli->werror = true; return true;
    case 'q': cli->verbosity = -1; return true;
    case 'v': cli->verbosity = 1; return true;
    default: return false;
    }
}

const char *
sepm_cli_policy_conflict (const struct sepm_cli_policy *cli)
{
  const struct sepm_policy_source *p = &cli->source;
  int sources = (p->system.policy_file != NULL) + (p->base != NULL)
    + (p->root != NULL || p->store_name != NULL);
  return sources > 1 ? "give one of -p/-s, --policy and --base" : NULL;
}
