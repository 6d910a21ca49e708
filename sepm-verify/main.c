/* sepm-verify: the registry's admission check. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsepm/cli.h"

static const char *program = "sepm-verify";

static void
print_help (void)
{
  printf ("Usage: %s [OPTION]... SOURCE...\n"
          "Prove that SELinux policy modules stay inside container_t and leave the\n"
          "system policy alone.  SOURCE is a CIL module file.\n\n"
          "  -p, --root ROOT       verify against the policy store under ROOT\n"
          "  -s, --store STORE     the store name under ROOT (default: default)\n"
          "      --policy FILE     verify against a binary kernel policy\n"
          "      --json            print one JSON report on stdout\n"
          "  -h, --help            display this help and exit\n"
          "  -V, --version         output version information and exit\n\n"
          "Exit status: 0 admitted, 1 rejected, 2 could not verify.\n", program);
}

int
main (int argc, char **argv)
{
  static const struct option options[] = {
    { "root", required_argument, NULL, 'p' },
    { "store", required_argument, NULL, 's' },
    { "policy", required_argument, NULL, 'P' },
    { "json", no_argument, NULL, 'j' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  int c;

  while ((c = getopt_long (argc, argv, "p:s:hV", options, NULL)) != -1)
    {
      switch (c)
        {
        case 'h':
          print_help ();
          return SEPM_EXIT_OK;
        case 'V':
          sepm_cli_print_version (program);
          return SEPM_EXIT_OK;
        case 'p': case 's': case 'P': case 'j':
          break;
        default:
          return sepm_cli_usage_error (program, "invalid option");
        }
    }
  if (optind >= argc)
    return sepm_cli_usage_error (program, "missing SOURCE");
  return SEPM_EXIT_ERROR;
}
