/* sepm-build: the image maintainer's tool.  Compiles and checks CIL
 * modules and file labels, then embeds them in an OCI image's config. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsepm/cli.h"

static const char *program = "sepm-build";

static void
print_help (void)
{
  printf ("Usage: %s [OPTION]... --module FILE.cil SOURCE [DEST]\n"
          "Check SELinux policy modules and embed them in an OCI image.\n\n"
          "SOURCE and DEST use skopeo's transports: oci:DIR[:TAG],\n"
          "oci-archive:FILE[:TAG], docker-archive:FILE[:REF].\n\n"
          "  -m, --module FILE     a CIL module to embed (repeatable)\n"
          "  -l, --labels FILE     file labels in file_contexts syntax\n"
          "  -p, --root ROOT       verify against the policy store under ROOT\n"
          "  -s, --store STORE     the store name under ROOT (default: default)\n"
          "      --policy FILE     verify against a binary kernel policy\n"
          "      --json            print a machine-readable report\n"
          "  -h, --help            display this help and exit\n"
          "  -V, --version         output version information and exit\n\n"
          "Exit status: 0 written, 1 a policy finding, 2 an error.\n", program);
}

int
main (int argc, char **argv)
{
  static const struct option options[] = {
    { "module", required_argument, NULL, 'm' },
    { "labels", required_argument, NULL, 'l' },
    { "root", required_argument, NULL, 'p' },
    { "store", required_argument, NULL, 's' },
    { "policy", required_argument, NULL, 'P' },
    { "json", no_argument, NULL, 'j' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  int c;

  while ((c = getopt_long (argc, argv, "m:l:p:s:hV", options, NULL)) != -1)
    {
      switch (c)
        {
        case 'h':
          print_help ();
          return SEPM_EXIT_OK;
        case 'V':
          sepm_cli_print_version (program);
          return SEPM_EXIT_OK;
        case 'm': case 'l': case 'p': case 's': case 'P': case 'j':
          break;
        default:
          return sepm_cli_usage_error (program, "invalid option");
        }
    }
  if (optind >= argc)
    return sepm_cli_usage_error (program, "missing SOURCE image");
  return sepm_cli_usage_error (program, "building images is not available in this version");
}
