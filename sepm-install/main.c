/* sepm-install: the host admin's tool.  Verifies an image's modules
 * against the host policy, installs them in one transaction and relabels
 * the image's files. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsepm/cli.h"

static const char *program = "sepm-install";

static void
print_help (void)
{
  printf ("Usage: %s [OPTION]... IMAGE\n"
          "  or:  %s [OPTION]... --remove IMAGE\n"
          "  or:  %s [OPTION]... --list\n"
          "Install the SELinux policy modules an OCI image carries.\n\n"
          "  -p, --root ROOT       operate on the policy store under ROOT\n"
          "  -s, --store STORE     the store name (default: from ROOT/etc/selinux/config)\n"
          "  -n, --noreload        do not reload the policy after the commit\n"
          "      --remove IMAGE    remove what only IMAGE used\n"
          "      --list            list installed images and modules\n"
          "      --json            machine-readable output\n"
          "  -h, --help            display this help and exit\n"
          "  -V, --version         output version information and exit\n\n"
          "Exit status: 0 done, 1 a policy finding, 2 an error.\n",
          program, program, program);
}

int
main (int argc, char **argv)
{
  static const struct option options[] = {
    { "root", required_argument, NULL, 'p' },
    { "store", required_argument, NULL, 's' },
    { "noreload", no_argument, NULL, 'n' },
    { "remove", required_argument, NULL, 'r' },
    { "list", no_argument, NULL, 'L' },
    { "json", no_argument, NULL, 'j' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  int c;

  while ((c = getopt_long (argc, argv, "p:s:nhV", options, NULL)) != -1)
    {
      switch (c)
        {
        case 'h':
          print_help ();
          return SEPM_EXIT_OK;
        case 'V':
          sepm_cli_print_version (program);
          return SEPM_EXIT_OK;
        case 'p': case 's': case 'n': case 'r': case 'L': case 'j':
          break;
        default:
          return sepm_cli_usage_error (program, "invalid option");
        }
    }
  return sepm_cli_usage_error (program, "installing images is not available in this version");
}
