/* sepm-build: the image maintainer's tool.  Parses options, asks the
 * library to verify the modules and labels and embed them, and reports. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsepm/build.h"
#include "libsepm/heap.h"
#include "cli/cli.h"
#include "cli/cli_policy.h"
#include "cli/cli_registry.h"
#include "cli/cli_suggest.h"
#include "libsepm/report.h"
#include "libsepm/util.h"

static const char *program = "sepm-build";

static void
print_help (void)
{
  printf ("Usage: %s [OPTION]... --module FILE.cil SOURCE [DEST]\n"
          "  or:  %s [OPTION]... --module FILE.cil --suggest AUDIT [--apply FILE]\n"
          "Verify SELinux policy modules and file labels, and embed them in an OCI image.\n\n"
          "SOURCE and DEST use skopeo's transports: oci:DIR[:TAG], oci-archive:FILE[:TAG]\n"
          "and docker-archive:FILE[:NAME:TAG].  Without DEST the image is changed in place.\n"
          "With --dockerfile, SOURCE may also be docker://HOST/REPO[:TAG|@DIGEST] or\n"
          "containers-storage:IMAGE.\n\n"
          "  -m, --module FILE     a CIL module to embed (repeatable); its filecon\n"
          "                        statements are moved into the labels\n"
          "  -l, --labels FILE     file labels in file_contexts syntax, naming module types\n"
          "  -e, --entrypoint TYPE the image's entry domain, for runtimes that label the\n"
          "                        whole root filesystem alike (podman label=type:TYPE)\n"
          SEPM_CLI_POLICY_HELP
          "      --dockerfile      print a Dockerfile LABEL line instead of writing\n"
          "      --suggest AUDIT   print what to add to the modules for the denials in AUDIT\n"
          "                        (audit.log, ausearch -i, dmesg; - for stdin); no image\n"
          "      --apply FILE      with --suggest: write the module with the grantable\n"
          "                        statements to FILE, verified whole\n"
          "      --json            print a machine-readable report\n"
          SEPM_CLI_REGISTRY_HELP
          "  -h, --help            display this help and exit\n"
          "  -V, --version         output version information and exit\n\n"
          "Exit status: 0 written, 1 a policy finding (nothing written), 2 an error\n"
          "(nothing written).  With --suggest: 0 done, 1 the --apply module was rejected,\n"
          "2 an error.\n", program, program);
}

int
main (int argc, char **argv)
{
  enum { OPT_JSON = 256, OPT_DOCKERFILE, OPT_SUGGEST, OPT_APPLY };
  static const struct option options[] = {
    { "module", required_argument, NULL, 'm' },
    { "labels", required_argument, NULL, 'l' },
    { "entrypoint", required_argument, NULL, 'e' },
    SEPM_CLI_POLICY_OPTIONS,
    SEPM_CLI_REGISTRY_OPTIONS,
    { "dockerfile", no_argument, NULL, OPT_DOCKERFILE },
    { "suggest", required_argument, NULL, OPT_SUGGEST },
    { "apply", required_argument, NULL, OPT_APPLY },
    { "json", no_argument, NULL, OPT_JSON },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  struct sepm_cli_policy policy = { .source.system.mode = SEPM_MODE_FAST };
  struct sepm_build_request req = { 0 };
  struct sepm_cli_registry registry;
  const char **modules = xcalloc (argc + 1, sizeof (char *));
  const char *conflict;
  struct sepm_image_report report = { 0 };
  sepm_error_t err = NULL;
  int json = 0, c, rc;
  const char *suggest = NULL, *apply = NULL;
  double t0 = sepm_now_seconds ();

  sepm_heap_prefer_huge_pages (SEPM_HEAP_RESERVE);
  sepm_cli_registry_init (&registry);
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":m:l:e:p:s:qvhV", options, NULL)) != -1)
    switch (c)
      {
      case 'h': print_help (); free (modules); return SEPM_EXIT_OK;
      case 'V': sepm_cli_print_version (program); free (modules); return SEPM_EXIT_OK;
      case 'm': modules[req.n_modules++] = optarg; break;
      case 'l': req.labels_path = optarg; break;
      case 'e': req.entrypoint = optarg; break;
      case OPT_DOCKERFILE: req.dockerfile = true; break;
      case OPT_SUGGEST: suggest = optarg; break;
      case OPT_APPLY: apply = optarg; break;
      case OPT_JSON: json = 1; break;
      default:
        if (sepm_cli_policy_option (&policy, c, optarg) || sepm_cli_registry_option (&registry, c, optarg))
          break;
        free (modules);
        return sepm_cli_bad_option (program, argv, c);
      }
  req.werror = policy.werror;
  req.registry = &registry.options;
  if (registry.bad)
    {
      free (modules);
      return sepm_cli_usage_error (program, "%s", registry.bad);
    }
  if (suggest || apply)
    {
      if (!suggest || optind < argc || req.n_modules == 0)
        {
          free (modules);
          return sepm_cli_usage_error (program, !suggest ? "--apply goes with --suggest AUDIT"
                                       : optind < argc ? "--suggest reads no image" : "--suggest needs --module FILE.cil");
        }
      if ((conflict = sepm_cli_policy_conflict (&policy)) != NULL)
        {
          free (modules);
          return sepm_cli_usage_error (program, "%s", conflict);
        }
      sepm_cli_progress_init (program, policy.verbosity);
      rc = sepm_cli_suggest (program, &policy, suggest, modules, req.n_modules, apply, json);
      sepm_policy_source_release (&policy.source);
      free (modules);
      return rc;
    }
  if (optind >= argc || argc - optind > 2)
    {
      free (modules);
      return sepm_cli_usage_error (program, optind >= argc ? "missing SOURCE image" : "too many arguments");
    }
  if ((conflict = sepm_cli_policy_conflict (&policy)) != NULL)
    {
      free (modules);
      return sepm_cli_usage_error (program, "%s", conflict);
    }
  if (req.n_modules == 0)
    {
      free (modules);
      return sepm_cli_usage_error (program, "no module given; name one with --module FILE.cil");
    }
  req.module_paths = modules;
  req.source = argv[optind];
  req.dest = optind + 1 < argc ? argv[optind + 1] : NULL;

  sepm_cli_progress_init (program, policy.verbosity);
  if (sepm_policy_source_open (&policy.source, &err) < 0)
    goto error;
  if (policy.source.note)
    fprintf (stderr, "%s: note: %s\n", program, policy.source.note);
  if (policy.source.templates_note)
    fprintf (stderr, "%s: note: %s\n", program, policy.source.templates_note);
  if (sepm_build (policy.source.sys, policy.source.profile, &req, &report, &err) < 0)
    goto error;

  struct sepm_report_timings timings = { policy.source.sys->load_seconds, sepm_now_seconds () - t0 };
  if (json)
    {
      sepm_cli_print_json (program, sepm_report_image_json (policy.source.sys, req.dest ? req.dest : req.source,
                                                            &report, &timings));
    }
  else if (sepm_image_report_admitted (&report) && req.dockerfile)
    printf ("LABEL %s=\"%s\"\n", report.label_key, report.label_value);
  else
    {
      /* The findings are about the image being written. */
      sepm_report_image_text (stdout, req.dest ? req.dest : req.source, &report);
      if (report.manifest_digest)
        printf ("wrote %s (label %s, manifest %s)\n", report.written, report.label_key, report.manifest_digest);
    }
  rc = sepm_image_report_admitted (&report) ? SEPM_EXIT_OK : SEPM_EXIT_REJECTED;
  goto out;

error:
  sepm_cli_report_error_json (program, &err, json);
  rc = SEPM_EXIT_ERROR;
out:
  sepm_image_report_release (&report);
  sepm_policy_source_release (&policy.source);
  free (modules);
  return rc;
}
