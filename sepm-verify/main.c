/* sepm-verify: the registry's admission check.  Parses options, asks the
 * library to verify each SOURCE, prints the report. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "libsepm/build.h"
#include "libsepm/heap.h"
#include "cli/cli.h"
#include "cli/cli_policy.h"
#include "cli/cli_registry.h"
#include "cli/cli_serve.h"
#include "libsepm/image_ref.h"
#include "libsepm/report.h"
#include "libsepm/util.h"
#include "libsepm/verify.h"

/* A module is a few KiB of CIL; anything above this is refused. */
#define MAX_MODULE_BYTES (1u << 20)

static const char *program = "sepm-verify";

static void
print_help (void)
{
  printf ("Usage: %s [OPTION]... SOURCE...\n"
          "Prove that SELinux policy modules stay inside container_t and leave the\n"
          "system policy alone.  Each SOURCE is a CIL module file, or an image in one\n"
          "of skopeo's transports, oci:DIR[:TAG], oci-archive:FILE[:TAG],\n"
          "docker-archive:FILE[:NAME:TAG], docker://HOST/REPO[:TAG|@DIGEST] and\n"
          "containers-storage:IMAGE (podman's store, exported with skopeo), whose\n"
          "embedded modules, of every layer, are verified together with its labels.\n\n"
          SEPM_CLI_POLICY_HELP
          "      --full            exact mode: compile the whole store with each module\n"
          "      --together        verify all SOURCEs as one set, as an image's layers are\n"
          "                        installed: a module may bound its types by another's\n"
          "      --report          show how many of its parent's permissions each module\n"
          "                        domain keeps, by class (least privilege)\n"
          "      --json            print one JSON report on stdout (with those counts)\n"
          "      --slice-only      for the differential test: reject (fast.deferred) a\n"
          "                        module fast mode would re-check in exact mode\n"
          SEPM_CLI_REGISTRY_HELP
          SEPM_CLI_SERVE_HELP
          "  -h, --help            display this help and exit\n"
          "  -V, --version         output version information and exit\n\n"
          "Exit status: 0 admitted, 1 rejected, 2 could not verify.\n", program);
}

struct verify_options
{
  struct sepm_cli_policy policy;
  struct sepm_cli_registry registry;
  struct sepm_cli_serve serve;
  int json;
  int report;
  int together;
};

/* Each image is verified on its own: its layers' modules together. */
static int
verify_images (struct sepm_system_policy *sys, const struct sepm_profile *profile, char **refs, int n,
               const struct sepm_registry_options *registry, int json, int report, bool werror, double t0,
               sepm_error_t *err)
{
  json_t *docs = json_array ();
  int admitted = 1;

  for (int i = 0; i < n; i++)
    {
      struct sepm_image_report r;
      if (!sepm_image_ref_is_image (refs[i]))
        {
          json_decref (docs);
          return sepm_error_make (err, 0, "`%s`: give images and CIL files in separate runs", refs[i]);
        }
      if (sepm_image_verify (sys, profile, refs[i], registry, &r, err) < 0)
        {
          json_decref (docs);
          return -1;
        }
      if (werror)
        sepm_image_report_promote_warnings (&r);
      struct sepm_report_timings timings = { sys->load_seconds, sepm_now_seconds () - t0 };
      if (json)
        json_array_append_new (docs, sepm_report_image_json (sys, refs[i], &r, &timings));
      else
        {
          if (report)
            sepm_report_least_privilege_text (stdout, r.results, r.n_results);
          sepm_report_image_text (stdout, refs[i], &r);
        }
      admitted = admitted && sepm_image_report_admitted (&r);
      sepm_image_report_release (&r);
    }
  if (json)
    sepm_cli_print_json (program, json_array_size (docs) == 1 ? json_incref (json_array_get (docs, 0))
                         : json_incref (docs));
  json_decref (docs);
  return admitted ? SEPM_EXIT_OK : SEPM_EXIT_REJECTED;
}

static int
parse_options (int argc, char **argv, struct verify_options *o)
{
  enum { OPT_FULL = 256, OPT_JSON, OPT_TOGETHER, OPT_REPORT, OPT_SLICE_ONLY };
  static const struct option options[] = {
    SEPM_CLI_POLICY_OPTIONS,
    SEPM_CLI_REGISTRY_OPTIONS,
    SEPM_CLI_SERVE_OPTIONS,
    { "full", no_argument, NULL, OPT_FULL },
    { "json", no_argument, NULL, OPT_JSON },
    { "report", no_argument, NULL, OPT_REPORT },
    { "slice-only", no_argument, NULL, OPT_SLICE_ONLY },
    { "together", no_argument, NULL, OPT_TOGETHER },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
  };
  const char *conflict;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, ":p:s:qvhV", options, NULL)) != -1)
    switch (c)
      {
      case 'h': print_help (); return 0;
      case 'V': sepm_cli_print_version (program); return 0;
      case OPT_FULL: o->policy.source.system.mode = SEPM_MODE_EXACT; break;
      case OPT_JSON: o->json = 1; break;
      case OPT_REPORT: o->report = 1; break;
      case OPT_TOGETHER: o->together = 1; break;
      case OPT_SLICE_ONLY: o->policy.source.system.slice_only = true; break;
      default:
        if (!sepm_cli_policy_option (&o->policy, c, optarg) && !sepm_cli_registry_option (&o->registry, c, optarg)
            && !sepm_cli_serve_option (&o->serve, c, optarg))
          return sepm_cli_bad_option (program, argv, c);
      }
  if (o->registry.bad || o->serve.bad)
    return sepm_cli_usage_error (program, "%s", o->registry.bad ? o->registry.bad : o->serve.bad);
  if (o->policy.source.system.slice_only && o->policy.source.system.mode == SEPM_MODE_EXACT)
    return sepm_cli_usage_error (program, "--slice-only is for fast mode; leave out --full");
  if ((conflict = sepm_cli_policy_conflict (&o->policy)) != NULL)
    return sepm_cli_usage_error (program, "%s", conflict);
  if (o->serve.address && optind < argc)
    return sepm_cli_usage_error (program, "--serve takes no SOURCE: Harbor names the images");
  if (optind >= argc && !o->serve.address)
    return sepm_cli_usage_error (program, "missing SOURCE");
  return -1;
}

int
main (int argc, char **argv)
{
  struct verify_options o = { .policy.source.system.mode = SEPM_MODE_FAST };
  struct sepm_system_policy *sys;
  const struct sepm_profile *profile;
  struct sepm_module_result *results = NULL;
  struct sepm_module_input *inputs = NULL;
  char **texts = NULL;
  sepm_error_t err = NULL;
  size_t n = 0, n_inputs = 0;
  double t0 = sepm_now_seconds ();
  int rc;

  sepm_heap_prefer_huge_pages (SEPM_HEAP_RESERVE);
  sepm_cli_registry_init (&o.registry);
  sepm_cli_serve_init (&o.serve);
  rc = parse_options (argc, argv, &o);

  if (rc >= 0)
    return rc;
  /* A server's stderr is its JSON log: progress and notes go there. */
  sepm_cli_progress_init (program, o.serve.address ? -1 : o.policy.verbosity);
  if (sepm_policy_source_open (&o.policy.source, &err) < 0)
    goto error;
  if (o.policy.source.note && !o.serve.address)
    fprintf (stderr, "%s: note: %s\n", program, o.policy.source.note);
  if (o.policy.source.templates_note && !o.serve.address)
    fprintf (stderr, "%s: note: %s\n", program, o.policy.source.templates_note);
  sys = o.policy.source.sys;
  profile = o.policy.source.profile;
  if (o.serve.address)
    {
      rc = sepm_cli_serve_run (program, &o.serve, &o.policy.source, &o.registry.options, o.policy.werror);
      goto out;
    }

  if (sepm_image_ref_is_image (argv[optind]))
    {
      rc = verify_images (sys, profile, argv + optind, argc - optind, &o.registry.options, o.json, o.report, o.policy.werror, t0, &err);
      if (rc < 0)
        goto error;
      goto out;
    }
  inputs = xcalloc (argc - optind, sizeof (*inputs));
  texts = xcalloc (argc - optind, sizeof (*texts));
  results = xcalloc (argc - optind, sizeof (*results));
  for (int i = optind; i < argc; i++, n_inputs++)
    {
      size_t len = 0;
      if (sepm_read_file (argv[i], MAX_MODULE_BYTES, &texts[n_inputs], &len, &err) < 0)
        goto error;
      inputs[n_inputs] = (struct sepm_module_input) { argv[i], texts[n_inputs], len };
    }
  if (o.together)
    {
      if (sepm_verify_modules (sys, profile, inputs, n_inputs, results, &err) < 0)
        goto error;
      n = n_inputs;
    }
  else
    for (; n < n_inputs; n++)
      if (sepm_verify_module (sys, profile, inputs[n].path, inputs[n].text, inputs[n].len,
                              &results[n], &err) < 0)
        goto error;

  for (size_t i = 0; o.policy.werror && i < n; i++)
    sepm_findings_promote_warnings (&results[i].findings);
  struct sepm_report_timings timings = { sys->load_seconds, sepm_now_seconds () - t0 };
  if (o.json)
    {
      sepm_cli_print_json (program, sepm_report_json (sys, results, n, &timings));
    }
  else
    {
      if (o.report)
        sepm_report_least_privilege_text (stdout, results, n);
      sepm_report_text (stdout, results, n);
    }
  rc = sepm_report_admitted (results, n) ? SEPM_EXIT_OK : SEPM_EXIT_REJECTED;
  goto out;

error:
  sepm_cli_report_error_json (program, &err, o.json);
  rc = SEPM_EXIT_ERROR;
out:
  for (size_t i = 0; i < n; i++)
    sepm_module_result_release (&results[i]);
  free (results);
  for (size_t i = 0; i < n_inputs; i++)
    free (texts[i]);
  free (texts);
  free (inputs);
  sepm_policy_source_release (&o.policy.source);
  return rc;
}
