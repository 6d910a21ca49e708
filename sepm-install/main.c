/* sepm-install: the host admin's tool.  Parses options, asks the library
 * to install, remove or list an image's policy, and reports. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>

#include "cli/cli.h"
#include "cli/cli_install.h"
#include "cli/cli_policy.h"
#include "cli/cli_registry.h"
#include "libsepm/heap.h"
#include "libsepm/install.h"
#include "libsepm/report.h"
#include "libsepm/util.h"

static const char *program = "sepm-install";

static void
print_help (void)
{
  printf ("Usage: %s [OPTION]... IMAGE\n"
          "  or:  %s [OPTION]... --remove IMAGE\n"
          "  or:  %s [OPTION]... --list\n"
          "Install the SELinux policy modules an OCI image carries: verify them again\n"
          "against this host's policy, install every layer's modules in one libsemanage\n"
          "transaction, and relabel the image's files.  IMAGE uses skopeo's transports:\n"
          "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG],\n"
          "docker://HOST/REPO[:TAG|@DIGEST], containers-storage:IMAGE (podman's store).\n\n"
          "  -p, --root ROOT       operate on the policy store under ROOT\n"
          "  -s, --store STORE     the store name (default: from ROOT/etc/selinux/config)\n"
          "  -X, --priority N      install at priority N (default 400, as semodule)\n"
          "  -n, --noreload        do not reload the policy after the commit (implied when\n"
          "                        SELinux is disabled)\n"
          "      --rootfs DIR      relabel the image's files in this root filesystem\n"
          "      --bundle DIR      relabel an OCI runtime bundle (umoci unpack) and set its\n"
          "                        process.selinuxLabel and linux.mountLabel\n"
          "      --level LEVEL     the MCS level of the labels (default: the bundle's, or s0)\n"
          "      --relabel-in-place\n"
          "                        relabel file by file with restorecon, without a journal\n"
          "                        (for a filesystem's root; a crash can leave it half done)\n"
          "      --templates FILE  the CIL templates to install with the modules (default: sepm's)\n"
          "      --profile FILE    allowed parents (see sepm-verify(1))\n"
          "      --cache-dir DIR   where verification caches live\n"
          "      --Werror          refuse an image with warnings (see sepm-verify(1))\n"
          "      --remove IMAGE    remove what only IMAGE used (a reference or a listed id)\n"
          "      --list            list installed images and their modules\n"
          "      --json            machine-readable output\n"
          SEPM_CLI_REGISTRY_HELP
          "  -h, --help            display this help and exit\n"
          "  -V, --version         output version information and exit\n\n"
          "Exit status: 0 done, 1 a policy finding (nothing installed), 2 an error.\n",
          program, program, program);
}

static void
print_json (json_t *doc)
{
  sepm_cli_print_json (program, doc);
}

static int
do_install (struct sepm_policy_source *policy, const struct sepm_install_request *req, int json)
{
  struct sepm_install_report r;
  sepm_error_t err = NULL;
  double t0 = sepm_now_seconds ();

  int rc = sepm_install (policy, req, &r, &err);
  /* Resolved against the store it installs into: only the templates can
   * need a word (a base policy is never chosen there). */
  if (policy->templates_note)
    fprintf (stderr, "%s: note: %s\n", program, policy->templates_note);
  if (rc < 0)
    {
      sepm_cli_report_error_json (program, &err, json);
      return SEPM_EXIT_ERROR;
    }
  bool admitted = sepm_image_report_admitted (&r.checked);
  if (json)
    {
      struct sepm_report_timings timings = { policy->sys ? policy->sys->load_seconds : 0, sepm_now_seconds () - t0 };
      json_t *doc = sepm_report_image_json (policy->sys, req->image, &r.checked, &timings);
      json_object_set_new (doc, "install", sepm_cli_install_json (req, &r));
      print_json (doc);
    }
  else
    {
      sepm_report_image_text (stdout, req->image, &r.checked);
      sepm_cli_install_print (req, &r, admitted);
    }
  sepm_install_report_release (&r);
  return admitted ? SEPM_EXIT_OK : SEPM_EXIT_REJECTED;
}

static int
do_remove (const struct sepm_install_request *req, int json)
{
  char **removed = NULL;
  size_t n = 0;
  sepm_error_t err = NULL;

  if (sepm_install_remove (req, &removed, &n, &err) < 0)
    {
      sepm_cli_report_error_json (program, &err, json);
      return SEPM_EXIT_ERROR;
    }
  if (json)
    print_json (json_pack ("{s:s, s:o}", "removed_image", req->image, "removed_modules",
                           sepm_cli_install_strings_json (removed, n)));
  else
    {
      printf ("removed %s\n", req->image);
      sepm_cli_install_print_strings ("removed modules", removed, n);
    }
  for (size_t i = 0; i < n; i++)
    free (removed[i]);
  free (removed);
  return SEPM_EXIT_OK;
}

static int
do_list (const struct sepm_install_request *req, int json)
{
  struct sepm_store_state st;
  sepm_error_t err = NULL;

  if (sepm_install_list (req, &st, &err) < 0)
    {
      sepm_cli_report_error_json (program, &err, json);
      return SEPM_EXIT_ERROR;
    }
  if (json)
    print_json (sepm_cli_install_state_json (&st));
  else
    sepm_cli_install_state_print (&st);
  sepm_store_state_close (&st);
  return SEPM_EXIT_OK;
}

int
main (int argc, char **argv)
{
  enum { OPT_REMOVE = 256, OPT_LIST, OPT_JSON, OPT_ROOTFS, OPT_BUNDLE, OPT_LEVEL, OPT_IN_PLACE };
  static const struct option options[] = {
    { "root", required_argument, NULL, 'p' },
    { "store", required_argument, NULL, 's' },
    { "priority", required_argument, NULL, 'X' },
    { "noreload", no_argument, NULL, 'n' },
    { "templates", required_argument, NULL, SEPM_OPT_TEMPLATES },
    { "profile", required_argument, NULL, SEPM_OPT_PROFILE },
    { "cache-dir", required_argument, NULL, SEPM_OPT_CACHE_DIR },
    { "Werror", no_argument, NULL, SEPM_OPT_WERROR },
    { "rootfs", required_argument, NULL, OPT_ROOTFS },
    { "bundle", required_argument, NULL, OPT_BUNDLE },
    { "level", required_argument, NULL, OPT_LEVEL },
    { "relabel-in-place", no_argument, NULL, OPT_IN_PLACE },
    { "remove", required_argument, NULL, OPT_REMOVE },
    { "list", no_argument, NULL, OPT_LIST },
    { "json", no_argument, NULL, OPT_JSON },
    SEPM_CLI_REGISTRY_OPTIONS,
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  struct sepm_cli_policy policy = { .source.system.mode = SEPM_MODE_FAST };
  struct sepm_install_request req = { .priority = 400 };
  struct sepm_cli_registry registry;
  const char *remove = NULL, *root = NULL, *store = NULL;
  int list = 0, json = 0, c, rc;
  char *end;

  sepm_heap_prefer_huge_pages (SEPM_HEAP_RESERVE);
  sepm_cli_registry_init (&registry);
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":p:s:X:nqvhV", options, NULL)) != -1)
    switch (c)
      {
      case 'h': print_help (); return SEPM_EXIT_OK;
      case 'V': sepm_cli_print_version (program); return SEPM_EXIT_OK;
      case 'p': root = optarg; break;
      case 's': store = optarg; break;
      case 'X':
        req.priority = (unsigned) strtoul (optarg, &end, 10);
        if (*end || req.priority < 1 || req.priority > 999)
          return sepm_cli_usage_error (program, "priority `%s` is not a number from 1 to 999", optarg);
        break;
      case 'n': req.no_reload = true; break;
      case OPT_ROOTFS: req.rootfs = optarg; break;
      case OPT_BUNDLE: req.bundle = optarg; break;
      case OPT_LEVEL: req.level = optarg; break;
      case OPT_IN_PLACE: req.relabel_in_place = true; break;
      case OPT_REMOVE: remove = optarg; break;
      case OPT_LIST: list = 1; break;
      case OPT_JSON: json = 1; break;
      default:
        if (!sepm_cli_policy_option (&policy, c, optarg) && !sepm_cli_registry_option (&registry, c, optarg))
          return sepm_cli_bad_option (program, argv, c);
      }
  if (registry.bad)
    return sepm_cli_usage_error (program, "%s", registry.bad);
  req.registry = &registry.options;
  if ((remove != NULL) + list > 1 || ((remove || list) && optind < argc))
    return sepm_cli_usage_error (program, "give one of IMAGE, --remove IMAGE and --list");
  if (req.rootfs && req.bundle)
    return sepm_cli_usage_error (program, "give --rootfs or --bundle, not both");
  sepm_cli_progress_init (program, policy.verbosity);
  req.werror = policy.werror;
  sepm_store_ref_resolve (root, store, &req.store);
  if (list)
    rc = do_list (&req, json);
  else if (remove)
    {
      req.image = remove;
      rc = do_remove (&req, json);
    }
  else if (optind >= argc)
    rc = sepm_cli_usage_error (program, "missing IMAGE");
  else if (argc - optind > 1)
    rc = sepm_cli_usage_error (program, "one IMAGE at a time");
  else
    {
      req.image = argv[optind];
      rc = do_install (&policy.source, &req, json);
    }
  sepm_policy_source_release (&policy.source);
  sepm_store_ref_release (&req.store);
  return rc;
}
