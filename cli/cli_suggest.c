#include <config.h>
#include "cli/cli_suggest.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "libsepm/progress.h"
#include "libsepm/report.h"
#include "libsepm/suggest.h"
#include "libsepm/util.h"

#define MAX_AUDIT_BYTES (256u << 20)
#define MAX_MODULE_BYTES (1u << 20)

static int
read_audit (const char *path, char **text, size_t *len, sepm_error_t *err)
{
  if (strcmp (path, "-") != 0)
    return sepm_read_file (path, MAX_AUDIT_BYTES, text, len, err);
  struct sepm_buf b = { 0 };
  char chunk[65536];
  ssize_t n;
  while ((n = read (STDIN_FILENO, chunk, sizeof chunk)) > 0)
    {
      if (b.len + (size_t) n > MAX_AUDIT_BYTES)
        {
          free (b.data);
          return sepm_error_make (err, 0, "standard input: more than %u MiB of audit records", MAX_AUDIT_BYTES >> 20);
        }
      sepm_buf_append (&b, chunk, (size_t) n);
    }
  if (n < 0)
    {
      free (b.data);
      return sepm_error_make (err, 0, "read the audit records from standard input");
    }
  sepm_buf_puts (&b, "");
  *text = b.data;
  *len = b.len;
  return 0;
}

static json_t *
report_json (const char *audit, const struct sepm_suggest_report *r, const char *const *modules, const char *applied)
{
  json_t *items = json_array ();
  for (size_t i = 0; i < r->n; i++)
    {
      const struct sepm_suggestion *s = &r->items[i];
      json_t *perms = json_array ();
      for (size_t p = 0; p < s->n_perms; p++)
        json_array_append_new (perms, json_string (s->perms[p]));
      json_array_append_new (items, json_pack ("{s:s, s:i, s:i, s:s, s:s, s:s, s:s, s:o, s:s?, s:s?, s:s?, s:s?}",
                                               "case", sepm_suggest_case_name (s->kind), "line", (int) s->line,
                                               "records", (int) s->n_records, "module", modules[s->module],
                                               "source", s->source, "target", s->target, "class", s->tclass,
                                               "perms", perms, "statement", s->statement, "macro", s->macro,
                                               "reason", s->reason, "rule", s->rule_id));
    }
  json_t *malformed = json_array ();
  for (size_t i = 0; i < r->n_malformed; i++)
    json_array_append_new (malformed, json_string (r->malformed[i]));
  return json_pack ("{s:s, s:I, s:I, s:o, s:I, s:s?, s:o}", "audit", audit, "records", (json_int_t) r->records,
                    "other", (json_int_t) r->other, "malformed", malformed, "skipped", (json_int_t) r->skipped,
                    "applied", applied, "suggestions", items);
}

static void
print_text (const char *audit, const struct sepm_suggest_report *r)
{
  size_t count[SEPM_SUGGEST_UNKNOWN + 1] = { 0 };
  for (size_t i = 0; i < r->n; i++)
    {
      const struct sepm_suggestion *s = &r->items[i];
      count[s->kind]++;
      printf ("%s:%u: %s: %s -> %s %s {", audit, s->line, sepm_suggest_case_name (s->kind), s->source, s->target,
              s->tclass);
      for (size_t p = 0; p < s->n_perms; p++)
        printf (" %s", s->perms[p]);
      if (s->n_records > 1)
        printf (" } (%zu records)\n", s->n_records);
      else
        printf (" }\n");
      if (s->statement)
        printf ("    %s\n", s->statement);
      if (s->macro)
        printf ("    or, with the templates (more than was denied): %s\n", s->macro);
      if (s->reason)
        printf ("    %s%s%s%s\n", s->reason, s->rule_id ? " [" : "", s->rule_id ? s->rule_id : "", s->rule_id ? "]" : "");
    }
  for (size_t i = 0; i < r->n_malformed; i++)
    printf ("%s: skipped: %s\n", audit, r->malformed[i]);
  printf ("%zu denials: %zu grantable, %zu masked by bounds, %zu constraint, %zu forbidden, %zu transition, "
          "%zu allowed by bounds, %zu unknown; %zu records about other types, %zu lines or records skipped\n", r->n,
          count[SEPM_SUGGEST_GRANTABLE], count[SEPM_SUGGEST_MASKED], count[SEPM_SUGGEST_CONSTRAINED],
          count[SEPM_SUGGEST_FORBIDDEN], count[SEPM_SUGGEST_TRANSITION], count[SEPM_SUGGEST_ALLOWED],
          count[SEPM_SUGGEST_UNKNOWN], r->other, r->skipped);
}

int
sepm_cli_suggest (const char *program, struct sepm_cli_policy *policy, const char *audit_path,
                  const char *const *modules, size_t n_modules, const char *apply, bool json)
{
  struct sepm_module_input *in = xcalloc (n_modules + 1, sizeof (*in));
  char **texts = xcalloc (n_modules + 1, sizeof (char *));
  struct sepm_suggest_report r = { 0 };
  struct sepm_module_result verdict = { 0 };
  cleanup_free char *audit = NULL, *applied = NULL;
  size_t audit_len = 0;
  sepm_error_t err = NULL;
  int rc = SEPM_EXIT_ERROR;

  if (apply && n_modules != 1)
    {
      free (in);
      free (texts);
      return sepm_cli_usage_error (program, "--apply writes one module: give exactly one --module");
    }
  for (size_t i = 0; i < n_modules; i++)
    {
      size_t len = 0;
      if (sepm_read_file (modules[i], MAX_MODULE_BYTES, &texts[i], &len, &err) < 0)
        goto error;
      in[i] = (struct sepm_module_input) { modules[i], texts[i], len, false, 0 };
    }
  if (read_audit (audit_path, &audit, &audit_len, &err) < 0 || sepm_policy_source_open (&policy->source, &err) < 0)
    goto error;
  sepm_progress ("deciding the denials of %s against %s", audit_path, policy->source.sys->description);
  if (sepm_suggest (policy->source.sys, policy->source.profile, in, n_modules, audit_path, audit, audit_len, &r,
                    &err) < 0)
    goto error;
  rc = SEPM_EXIT_OK;
  if (apply)
    {
      size_t len = 0;
      cleanup_free char *text = sepm_suggest_apply (in[0].text, in[0].len, &r, 0, audit_path, &len);
      if (text == NULL)
        {
          sepm_error_make (&err, 0, "%s: no top-level block to add the statements to", modules[0]);
          goto error;
        }
      /* The module as written is verified whole: --apply fails unless
       * it is admitted. */
      if (sepm_verify_module (policy->source.sys, policy->source.profile, apply, text, len, &verdict, &err) < 0)
        goto error;
      if (sepm_findings_errors (&verdict.findings))
        {
          if (!json)
            sepm_report_text (stdout, &verdict, 1);
          rc = SEPM_EXIT_REJECTED;
        }
      else if (sepm_write_file_atomic (apply, text, len, &err) < 0)
        goto error;
      else
        applied = xstrdup (apply);
    }
  if (json)
    sepm_cli_print_json (program, report_json (audit_path, &r, modules, applied));
  else
    {
      print_text (audit_path, &r);
      if (applied)
        printf ("wrote %s with the grantable statements; it is admitted\n", applied);
      else if (apply)
        printf ("%s not written: the module with the statements is rejected\n", apply);
    }
  goto out;
error:
  sepm_cli_report_error_json (program, &err, json);
  rc = SEPM_EXIT_ERROR;
out:
  sepm_module_result_release (&verdict);
  sepm_suggest_report_release (&r);
  for (size_t i = 0; i < n_modules; i++)
    free (texts[i]);
  free (texts);
  free (in);
  return rc;
}
