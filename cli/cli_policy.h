/* The options every tool takes to name the policy it checks against
 * (-p ROOT, -s STORE, --policy FILE, --base NAME, --profile, --templates,
 * --cache-dir, -q, -v), parsed in one place so the three tools agree. */
#ifndef SEPM_CLI_POLICY_H
#define SEPM_CLI_POLICY_H

#include <getopt.h>
#include <stdbool.h>

#include "policy_source.h"

enum
{
  SEPM_OPT_POLICY = 0x1000,
  SEPM_OPT_BASE,
  SEPM_OPT_PROFILE,
  SEPM_OPT_TEMPLATES,
  SEPM_OPT_CACHE_DIR,
  SEPM_OPT_WERROR,
};

/* Entries for getopt_long's table; -p, -s, -q and -v go in the short
 * options. */
#define SEPM_CLI_POLICY_OPTIONS \
  { "root", required_argument, NULL, 'p' }, \
  { "store", required_argument, NULL, 's' }, \
  { "policy", required_argument, NULL, SEPM_OPT_POLICY }, \
  { "base", required_argument, NULL, SEPM_OPT_BASE }, \
  { "profile", required_argument, NULL, SEPM_OPT_PROFILE }, \
  { "templates", required_argument, NULL, SEPM_OPT_TEMPLATES }, \
  { "cache-dir", required_argument, NULL, SEPM_OPT_CACHE_DIR }, \
  { "Werror", no_argument, NULL, SEPM_OPT_WERROR }, \
  { "quiet", no_argument, NULL, 'q' }, \
  { "verbose", no_argument, NULL, 'v' }

#define SEPM_CLI_POLICY_HELP \
  "  -p, --root ROOT       verify against the policy store under ROOT\n" \
  "  -s, --store STORE     the store name (default: SELINUXTYPE of ROOT/etc/selinux/config)\n" \
  "      --policy FILE     verify against a binary kernel policy (compressed or not)\n" \
  "      --base NAME       verify against a base policy sepm ships (refpolicy), for a\n" \
  "                        machine without SELinux; the default when the host has none\n" \
  "      --profile FILE    allowed parents (default: container_t; container_file_t,\n" \
  "                        container_ro_file_t); see sepm-verify(1)\n" \
  "      --templates FILE  CIL templates compiled with every module (default: sepm's)\n" \
  "      --cache-dir DIR   where verification caches live (default: /var/cache/sepm as root)\n" \
  "      --Werror          treat warnings (admitted, but cannot work as written) as\n" \
  "                        findings that reject\n" \
  "  -q, --quiet           no progress on stderr, only errors and notes\n" \
  "  -v, --verbose         progress with the seconds since the start\n"

struct sepm_cli_policy
{
  struct sepm_policy_source source;     /* what the library resolves and opens */
  int verbosity;                /* -1 -q, 0 progress, 1 -v: progress with times */
  bool werror;                  /* --Werror */
};

/* Consume option C (from getopt_long) when it is one of the policy
 * options: returns true when it was. */
bool sepm_cli_policy_option (struct sepm_cli_policy *p, int c, const char *arg);

/* Check the combination; NULL when it is valid, else a usage message. */
const char *sepm_cli_policy_conflict (const struct sepm_cli_policy *p);

#endif
