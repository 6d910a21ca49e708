/* skopeo's options for a docker:// image (--creds, --authfile,
 * --cert-dir, --tls-verify, --override-os/-arch/-variant), parsed in one
 * place so the three tools agree. */
#ifndef SEPM_CLI_REGISTRY_H
#define SEPM_CLI_REGISTRY_H

#include <getopt.h>
#include <stdbool.h>

#include "libsepm/registry.h"

enum
{
  SEPM_OPT_CREDS = 0x1100,
  SEPM_OPT_AUTHFILE,
  SEPM_OPT_CERT_DIR,
  SEPM_OPT_TLS_VERIFY,
  SEPM_OPT_OVERRIDE_OS,
  SEPM_OPT_OVERRIDE_ARCH,
  SEPM_OPT_OVERRIDE_VARIANT,
};

#define SEPM_CLI_REGISTRY_OPTIONS \
  { "creds", required_argument, NULL, SEPM_OPT_CREDS }, \
  { "authfile", required_argument, NULL, SEPM_OPT_AUTHFILE }, \
  { "cert-dir", required_argument, NULL, SEPM_OPT_CERT_DIR }, \
  { "tls-verify", optional_argument, NULL, SEPM_OPT_TLS_VERIFY }, \
  { "override-os", required_argument, NULL, SEPM_OPT_OVERRIDE_OS }, \
  { "override-arch", required_argument, NULL, SEPM_OPT_OVERRIDE_ARCH }, \
  { "override-variant", required_argument, NULL, SEPM_OPT_OVERRIDE_VARIANT }

#define SEPM_CLI_REGISTRY_HELP \
  "For docker://HOST[:PORT]/REPO[:TAG|@DIGEST] (read-only, as skopeo):\n" \
  "      --creds USER[:PASS]  credentials for the registry\n" \
  "      --authfile FILE   credentials file (default: REGISTRY_AUTH_FILE, then\n" \
  "                        $XDG_RUNTIME_DIR/containers/auth.json, then\n" \
  "                        ~/.config/containers/auth.json, ~/.docker/config.json)\n" \
  "      --cert-dir DIR    *.crt CAs and a *.cert/*.key client certificate (default:\n" \
  "                        /etc/containers/certs.d/HOST:PORT)\n" \
  "      --tls-verify=BOOL verify the registry's certificate (default true); false\n" \
  "                        also allows plain HTTP\n" \
  "      --override-os OS, --override-arch ARCH, --override-variant VARIANT\n" \
  "                        the platform to pick from an index (default: this host's)\n"

struct sepm_cli_registry
{
  struct sepm_registry_options options;
  const char *bad;              /* a value that is not one, for the usage message */
};

void sepm_cli_registry_init (struct sepm_cli_registry *r);
/* Consume option C when it is one of the registry options. */
bool sepm_cli_registry_option (struct sepm_cli_registry *r, int c, const char *arg);

#endif
