#include <config.h>
#include "report.h"

#include <inttypes.h>
#include <string.h>

#include "util.h"

int
sepm_report_admitted (const struct sepm_module_result *results, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (sepm_findings_errors (&results[i].findings))
      return 0;
  return 1;
}

/* Findings of one rule on one statement: a few are enough to act on in
 * text (the JSON lists them all). */
#define SHOWN_PER_STATEMENT 3

static bool
same_run (const struct sepm_finding *a, const struct sepm_finding *b)
{
  return a->line == b->line && strcmp (a->rule_id, b->rule_id) == 0 && sepm_str_same (a->file, b->file)
         && sepm_str_same (a->statement, b->statement);
}

static void
finding_text (FILE *out, const char *file, const struct sepm_finding *f)
{
  if (f->line)
    fprintf (out, "%s:%u: %s: %s [%s]\n", file, f->line, f->severity, f->message, f->rule_id);
  else
    fprintf (out, "%s: %s: %s [%s]\n", file, f->severity, f->message, f->rule_id);
  if (f->statement)
    fprintf (out, "    %s\n", f->statement);
  if (f->hint)
    fprintf (out, "  hint: %s\n", f->hint);
}

static void
findings_text (FILE *out, const char *default_file, const struct sepm_findings *findings)
{
  size_t in_run = 0;

  for (size_t k = 0; k < findings->n; k++)
    {
      const struct sepm_finding *f = &findings->items[k];
      const char *file = f->file ? f->file : default_file;
      bool last_of_run = k + 1 == findings->n || !same_run (f, &findings->items[k + 1]);

      in_run = k > 0 && same_run (f, &findings->items[k - 1]) ? in_run + 1 : 1;
      if (in_run <= SHOWN_PER_STATEMENT)
        finding_text (out, file, f);
      if (last_of_run && in_run > SHOWN_PER_STATEMENT)
        {
          if (f->line)
            fprintf (out, "%s:%u: note: %zu more %s findings of this statement (--json lists them all)\n", file,
                     f->line, in_run - SHOWN_PER_STATEMENT, f->rule_id);
          else
            fprintf (out, "%s: note: %zu more %s findings like this one (--json lists them all)\n", file,
                     in_run - SHOWN_PER_STATEMENT, f->rule_id);
        }
    }
  if (findings->omitted)
    fprintf (out, "%s: note: %zu more findings were not kept (at most 100 of one rule)\n", default_file,
             findings->omitted);
}

static const char *
plural_warnings (size_t n)
{
  static char buf[32];
  snprintf (buf, sizeof buf, "%zu warning%s", n, n == 1 ? "" : "s");
  return buf;
}

void
sepm_report_text (FILE *out, const struct sepm_module_result *results, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      const struct sepm_module_result *r = &results[i];
      findings_text (out, r->path, &r->findings);
      size_t errors = sepm_findings_errors (&r->findings), warnings = r->findings.n - errors;
      if (errors)
        fprintf (out, "%s: rejected (%zu finding%s)\n", r->path, errors, errors == 1 ? "" : "s");
      else
        fprintf (out, "%s: admitted (%zu type%s, each bounded%s%s)\n", r->path, r->n_types,
                 r->n_types == 1 ? "" : "s", warnings ? "; " : "", warnings ? plural_warnings (warnings) : "");
    }
}

static json_t *
string_or_null (const char *s)
{
  return s ? json_string (s) : json_null ();
}

static json_t *
findings_json (const struct sepm_findings *list)
{
  json_t *findings = json_array ();
  for (size_t i = 0; i < list->n; i++)
    {
      const struct sepm_finding *f = &list->items[i];
      json_array_append_new (findings, json_pack ("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
                                                  "rule", f->rule_id, "severity", f->severity,
                                                  "message", f->message,
                                                  "file", string_or_null (f->file),
                                                  "line", f->line ? json_integer (f->line) : json_null (),
                                                  "statement", string_or_null (f->statement),
                                                  "hint", string_or_null (f->hint)));
    }
  return findings;
}

static double
fraction (uint64_t part, uint64_t whole)
{
  return whole ? (double) part / (double) whole : 0.0;
}

static json_t *
share_json (const struct sepm_privilege_share *s)
{
  json_t *classes = json_array ();

  if (s->parent == 0)
    return json_null ();
  for (size_t i = 0; i < s->n; i++)
    json_array_append_new (classes, json_pack ("{s:s, s:I, s:I, s:f}", "class", s->classes[i].cls,
                                               "kept", (json_int_t) s->classes[i].kept,
                                               "parent", (json_int_t) s->classes[i].parent,
                                               "fraction", fraction (s->classes[i].kept, s->classes[i].parent)));
  return json_pack ("{s:I, s:I, s:f, s:o}", "kept", (json_int_t) s->kept, "parent", (json_int_t) s->parent,
                    "fraction", fraction (s->kept, s->parent), "classes", classes);
}

void
sepm_report_least_privilege_text (FILE *out, const struct sepm_module_result *results, size_t n)
{
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < results[i].n_types; k++)
      {
        const struct sepm_module_type *t = &results[i].types[k];
        const struct sepm_privilege_share *s = &t->share;
        size_t none = 0;
        if (!t->is_domain || s->parent == 0)
          continue;
        /* The class column is as wide as the longest class shown
         * (netlink_kobject_uevent_socket is 29 characters). */
        int width = 24;
        for (size_t c = 0; c < s->n; c++)
          if (s->classes[c].kept && (int) strlen (s->classes[c].cls) > width)
            width = (int) strlen (s->classes[c].cls);
        fprintf (out, "%s keeps %" PRIu64 " of %s's %" PRIu64 " permissions (%.2f%%)\n", t->name, s->kept,
                 t->root_parent, s->parent, 100.0 * fraction (s->kept, s->parent));
        for (size_t c = 0; c < s->n; c++)
          if (s->classes[c].kept)
            fprintf (out, "    %-*s %8" PRIu64 " of %8" PRIu64 "  %6.2f%%\n", width, s->classes[c].cls,
                     s->classes[c].kept, s->classes[c].parent,
                     100.0 * fraction (s->classes[c].kept, s->classes[c].parent));
          else
            none++;
        if (none)
          fprintf (out, "    (none of the %zu other classes %s has)\n", none, t->root_parent);
      }
}

static json_t *
module_json (const struct sepm_module_result *r)
{
  json_t *types = json_array (), *findings = findings_json (&r->findings);

  for (size_t i = 0; i < r->n_types; i++)
    json_array_append_new (types, json_pack ("{s:s, s:o, s:o, s:s, s:o}",
                                             "name", r->types[i].name,
                                             "bounds", string_or_null (r->types[i].bounds),
                                             "root_parent", string_or_null (r->types[i].root_parent),
                                             "kind", r->types[i].is_domain ? "domain" : "object",
                                             "least_privilege", share_json (&r->types[i].share)));
  return json_pack ("{s:s, s:o, s:s, s:s, s:o, s:o, s:f}",
                    "file", r->path, "name", string_or_null (r->name),
                    "verdict", sepm_findings_errors (&r->findings) ? "reject" : "admit",
                    "checked_in", r->mode == SEPM_MODE_FAST ? "fast" : "exact",
                    "types", types, "findings", findings, "seconds", r->seconds);
}

json_t *
sepm_report_json (const struct sepm_system_policy *sys, const struct sepm_module_result *results,
                  size_t n, const struct sepm_report_timings *timings)
{
  json_t *modules = json_array ();

  for (size_t i = 0; i < n; i++)
    json_array_append_new (modules, module_json (&results[i]));
  return json_pack ("{s:s, s:s, s:{s:s, s:s, s:b, s:s?}, s:o, s:{s:f, s:f}}",
                    "verdict", sepm_report_admitted (results, n) ? "admit" : "reject",
                    "mode", sys->mode == SEPM_MODE_FAST ? "fast" : "exact",
                    "policy", "source", sys->description, "cache_key", sys->cache_key,
                    "cache_hit", sys->cache_hit, "templates", sys->templates_name,
                    "modules", modules,
                    "timings", "load_seconds", timings->load_seconds,
                    "total_seconds", timings->total_seconds);
}

void
sepm_report_image_text (FILE *out, const char *image, const struct sepm_image_report *r)
{
  sepm_report_text (out, r->results, r->n_results);
  findings_text (out, image, &r->image);
  if (sepm_image_report_admitted (r))
    fprintf (out, "%s: admitted (%zu module%s%s%s)\n", image, r->n_results, r->n_results == 1 ? "" : "s",
             r->entrypoint ? ", entry domain " : "", r->entrypoint ? r->entrypoint : "");
  else
    fprintf (out, "%s: rejected\n", image);
}

json_t *
sepm_report_image_json (const struct sepm_system_policy *sys, const char *image,
                        const struct sepm_image_report *r, const struct sepm_report_timings *timings)
{
  json_t *doc = sepm_report_json (sys, r->results, r->n_results, timings);
  json_t *layers = json_array ();

  for (size_t i = 0; i < r->n_layers; i++)
    {
      json_t *mods = json_array ();
      for (char **m = r->layers[i].modules; m && *m; m++)
        json_array_append_new (mods, json_string (*m));
      json_array_append_new (layers, json_pack ("{s:s, s:o}", "diff_id", r->layers[i].diff_id, "modules", mods));
    }

  json_object_set_new (doc, "verdict", json_string (sepm_image_report_admitted (r) ? "admit" : "reject"));
  json_object_set_new (doc, "image", json_pack ("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "reference", image,
                                                "layers", layers,
                                                "entrypoint", string_or_null (r->entrypoint),
                                                "findings", findings_json (&r->image),
                                                "label", string_or_null (r->label_key),
                                                "label_value", string_or_null (r->label_value),
                                                "manifest_digest", string_or_null (r->manifest_digest),
                                                "written", string_or_null (r->written)));
  return doc;
}
