#include <config.h>
#include "cli_registry.h"

#include <string.h>

void
sepm_cli_registry_init (struct sepm_cli_registry *r)
{
  memset (r, 0, sizeof (*r));
  r->options.tls_verify = 1;
}

bool
sepm_cli_registry_option (struct sepm_cli_registry *r, int c, const char *arg)
{
  struct sepm_registry_options *o = &r->options;

  switch (c)
    {
    case SEPM_OPT_CREDS: o->creds = arg; return true;
    case SEPM_OPT_AUTHFILE: o->authfile = arg; return true;
    case SEPM_OPT_CERT_DIR: o->cert_dir = arg; return true;
    case SEPM_OPT_OVERRIDE_OS: o->override_os = arg; return true;
    case SEPM_OPT_OVERRIDE_ARCH: o->override_arch = arg; return true;
    case SEPM_OPT_OVERRIDE_VARIANT: o->override_variant = arg; return true;
    case SEPM_OPT_TLS_VERIFY:
      /* skopeo's boolean flag: --tls-verify, --tls-verify=true|false */
      if (arg == NULL || strcmp (arg, "true") == 0 || strcmp (arg, "1") == 0)
        o->tls_verify = 1;
      else if (strcmp (arg, "false") == 0 || strcmp (arg, "0") == 0)
        o->tls_verify = 0;
      else
        r->bad = "--tls-verify takes true or false";
      return true;
    default: return false;
    }
}
