#include <config.h>
#include "verify.h"

#include <string.h>

#include "cil_compile.h"
#include "obligations.h"
#include "policy_binary.h"
#include "policy_compare.h"
#include "sexpr.h"
#include "util.h"

/* A module is small; a megabyte of CIL is already suspicious. */
#define MAX_PARSE_DEPTH 64

/* "... at FILE:LINE" in a compiler message: the line, when FILE is ours. */
static unsigned
message_line (const char *msg, const char *path)
{
  cleanup_free char *needle = xasprintf ("%s:", path);
  const char *p = strstr (msg, needle);
  return p ? (unsigned) strtoul (p + strlen (needle), NULL, 10) : 0;
}

static void
report_compile_error (struct sepm_module_result *r, const struct sepm_cil_result *res)
{
  struct sepm_buf text = { 0 };
  unsigned line = 0;

  for (size_t i = 0; i < res->n_messages && i < 8; i++)
    {
      if (text.len)
        sepm_buf_puts (&text, "; ");
      sepm_buf_puts (&text, res->messages[i]);
      if (line == 0)
        line = message_line (res->messages[i], r->path);
    }
  sepm_findings_add (&r->findings, "compile.error", r->path, line, NULL,
                     "Fix the CIL at the line named; `secilc` gives the same message.",
                     "the module does not compile against the system policy: %s",
                     text.len ? text.data : "no message from the compiler");
  free (text.data);
}

static char *
trimmed (const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return xstrdup (s);
}

/* libsepol reports a neverallow violation as
 *   neverallow check failed at FILE:LINE
 *     (neverallow ...)
 *       <root> ... allow at MODULE:LINE
 *         (allow ...)
 * and a typebounds violation as "Child type X exceeds bounds of parent Y"
 * followed by the same trace. */
static void
report_checker_messages (struct sepm_module_result *r, const struct sepm_cil_result *res)
{
  for (size_t i = 0; i < res->n_messages; i++)
    {
      const char *m = res->messages[i];
      bool never = strstr (m, "check failed at") != NULL;
      bool bounds = strncmp (m, "Child type ", 11) == 0;
      cleanup_free char *rule = NULL;
      cleanup_free char *offending = NULL;
      unsigned line = 0;

      if (!never && !bounds)
        continue;
      rule = i + 1 < res->n_messages ? trimmed (res->messages[i + 1]) : xstrdup ("?");
      for (size_t j = i + 2; j < res->n_messages && res->messages[j][0] == ' '; j++)
        {
          unsigned l = message_line (res->messages[j], r->path);
          if (l)
            line = l;
          char *t = trimmed (res->messages[j]);
          if (t[0] == '(')
            {
              free (offending);
              offending = t;
            }
          else
            free (t);
        }
      if (never)
        sepm_findings_add (&r->findings, "system.neverallow", r->path, line, offending,
                           "The system policy forbids this for every type; remove the rule.",
                           "violates the system's %s%s%s", rule, offending ? ": " : "",
                           offending ? offending : "");
      else
        /* libsepol found a bounds violation; sepm's own check reports it
         * with more context, but the compiler's word alone must reject. */
        sepm_findings_add (&r->findings, "bounds.exceeds", r->path, line, offending,
                           "Remove the permissions, or grant only what the parent already has.",
                           "%s (found by libsepol)", m);
    }
}

static bool
has_bounds_finding_for (const struct sepm_findings *f, const char *message)
{
  /* "Child type X exceeds bounds of parent Y": does sepm's own check name X? */
  const char *x = message + 11;
  size_t n = strcspn (x, " ");
  for (size_t i = 0; i < f->n; i++)
    if (strcmp (f->items[i].rule_id, "bounds.exceeds") == 0 && strstr (f->items[i].message, "(found by libsepol)") == NULL
        && strncmp (f->items[i].message, x, n) == 0 && f->items[i].message[n] == ' ')
      return true;
  return false;
}

/* Keep the libsepol bounds findings only where sepm's check did not
 * already explain the same type. */
static void
drop_redundant_libsepol_findings (struct sepm_findings *f)
{
  size_t k = 0;
  for (size_t i = 0; i < f->n; i++)
    {
      struct sepm_finding *x = &f->items[i];
      const char *tag = strstr (x->message, " (found by libsepol)");
      if (tag && has_bounds_finding_for (f, x->message))
        {
          free (x->rule_id); free (x->severity); free (x->message);
          free (x->file); free (x->statement); free (x->hint);
          continue;
        }
      f->items[k++] = *x;
    }
  f->n = k;
}

static uint32_t *
parent_values (const policydb_t *pdb, char *const *names, size_t n)
{
  uint32_t *v = xcalloc (n + 1, sizeof (*v));
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    {
      uint32_t value = sepm_policydb_type_value (pdb, names[i]);
      if (value)
        v[k++] = value;
    }
  return v;
}

static void
describe_types (struct sepm_module_result *r, const struct sepm_compare *c,
                const struct sepm_obligation_context *ctx)
{
  for (uint32_t v = 1; v <= c->n_types; v++)
    {
      uint32_t b = sepm_compare_bounds (c, v), root = c->root_parent[v];
      if (!c->is_module_type[v])
        continue;
      r->types = xrealloc (r->types, (r->n_types + 1) * sizeof (*r->types));
      r->types[r->n_types++] = (struct sepm_module_type) {
        .name = xstrdup (sepm_compare_type_name (c, v)),
        .bounds = b ? xstrdup (sepm_compare_type_name (c, b)) : NULL,
        .root_parent = sepm_is_allowed_parent (ctx, root) ? xstrdup (sepm_compare_type_name (c, root)) : NULL,
        .is_domain = sepm_is_domain_parent (ctx, root),
      };
    }
}

static void
run_obligations (struct sepm_module_result *r, struct sepm_system_policy *sys,
                 const struct sepm_profile *profile, policydb_t *comb, const struct sexpr *tree)
{
  struct sepm_compare cmp;
  cleanup_free uint32_t *domains = parent_values (comb, profile->domain_parents, profile->n_domain_parents);
  cleanup_free uint32_t *objects = parent_values (comb, profile->object_parents, profile->n_object_parents);
  struct sepm_obligation_context ctx = {
    .cmp = &cmp, .module_path = r->path, .namespace_name = r->name, .tree = tree,
    .domain_parents = domains, .object_parents = objects, .findings = &r->findings,
  };

  sepm_compare_init (&cmp, sys->base, comb);
  /* In the order of docs/verification.md. */
  sepm_check_namespace_names (&ctx);
  sepm_check_type_bounds_declared (&ctx);
  sepm_check_bounds (&ctx);
  sepm_check_attributes (&ctx);
  sepm_check_roles (&ctx);
  sepm_check_system_rules (&ctx);
  sepm_check_system_attributes (&ctx);
  sepm_check_system_declarations (&ctx);
  sepm_check_text_only_statements (&ctx);
  sepm_check_hierarchy (&ctx);
  describe_types (r, &cmp, &ctx);
  sepm_compare_release (&cmp);
}

/* Compile the module with the given system sources and run every
 * obligation; returns -1 only when sepm itself failed. */
static int
check_with (struct sepm_system_policy *sys, const struct sepm_profile *profile,
            const struct sepm_cil_source *system, size_t n_system, bool exact,
            const char *text, size_t len, const struct sexpr *tree,
            struct sepm_module_result *out, sepm_error_t *err)
{
  struct sepm_cil_source *sources = xcalloc (n_system + 1, sizeof (*sources));
  struct sepm_cil_result checked = { 0 }, built = { 0 };
  /* Fast mode checks neverallows itself (neverallow.h says why); exact
   * mode lets the compiler do it, as semodule would with expand-check=1. */
  bool own_neverallow_check = !exact && !sys->neverallows.needs_compiler;
  struct sepm_cil_options with_checks = { .check_neverallow = !own_neverallow_check };
  struct sepm_cil_options without_checks = { 0 };
  int rc;

  memcpy (sources, system, n_system * sizeof (*sources));
  sources[n_system] = (struct sepm_cil_source) { out->path, text, len };

  /* First with libsepol's neverallow and bounds checks; when they fail,
   * again without, so that every obligation still gets a policy to see. */
  rc = sepm_cil_compile (sources, n_system + 1, &with_checks, &checked, err);
  if (rc == 1)
    {
      rc = sepm_cil_compile (sources, n_system + 1, &without_checks, &built, err);
      if (rc == 0)
        report_checker_messages (out, &checked);
      else if (rc == 1)
        report_compile_error (out, &built);
    }
  free (sources);
  if (rc >= 0 && (checked.pdb || built.pdb))
    {
      policydb_t *comb = checked.pdb ? checked.pdb : built.pdb;
      run_obligations (out, sys, profile, comb, tree);
      if (own_neverallow_check
          && sepm_neverallows_check (&sys->neverallows, comb, tree, out->path, &out->findings, err) < 0)
        rc = -1;
    }
  drop_redundant_libsepol_findings (&out->findings);
  sepm_cil_result_release (&checked);
  sepm_cil_result_release (&built);
  return rc < 0 ? -1 : 0;
}

/* The slice gives exact mode's verdict only while every system attribute
 * that holds a module type also holds its root parent, and the module
 * declares nothing outside its namespace (docs/verification.md, "The
 * slice").  A module that breaks either is checked again in exact mode. */
static bool
breaks_slice_premise (const struct sepm_findings *f)
{
  return sepm_findings_has (f, "attr.not-in-parent") || sepm_findings_has (f, "namespace.outside");
}

static void
copy_findings (struct sepm_findings *to, const struct sepm_findings *from)
{
  for (size_t i = 0; i < from->n; i++)
    sepm_findings_add (to, from->items[i].rule_id, from->items[i].file, from->items[i].line,
                       from->items[i].statement, from->items[i].hint, "%s", from->items[i].message);
}

static void
reset_result (struct sepm_module_result *r, const struct sepm_findings *keep)
{
  for (size_t i = 0; i < r->n_types; i++)
    {
      free (r->types[i].name);
      free (r->types[i].bounds);
      free (r->types[i].root_parent);
    }
  free (r->types);
  r->types = NULL;
  r->n_types = 0;
  sepm_findings_release (&r->findings);
  copy_findings (&r->findings, keep);
}

int
sepm_verify_module (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                    const char *path, const char *text, size_t len,
                    struct sepm_module_result *out, sepm_error_t *err)
{
  struct sexpr *tree = NULL;
  sepm_error_t parse_err = NULL;
  struct sepm_findings structural = { 0 };
  double t0 = sepm_now_seconds ();
  int rc = 0;

  memset (out, 0, sizeof (*out));
  out->path = xstrdup (path);
  out->mode = sys->mode;
  if (sepm_sexpr_parse (path, text, len, MAX_PARSE_DEPTH, &tree, &parse_err) < 0)
    {
      sepm_findings_add (&out->findings, "compile.error", path, 0, NULL,
                         "Fix the CIL syntax.", "%s", parse_err->msg);
      sepm_error_release (&parse_err);
      goto done;
    }
  sepm_check_namespace_structure (tree, path, &out->findings, &out->name);
  copy_findings (&structural, &out->findings);

  rc = check_with (sys, profile, sys->sources, sys->n_sources, sys->mode == SEPM_MODE_EXACT,
                   text, len, tree, out, err);
  if (rc == 0 && sys->mode == SEPM_MODE_FAST && breaks_slice_premise (&out->findings))
    {
      reset_result (out, &structural);
      out->mode = SEPM_MODE_EXACT;
      rc = sepm_system_policy_load_exact (sys, err);
      if (rc == 0)
        rc = check_with (sys, profile, sys->exact_sources, sys->n_exact_sources, true, text, len,
                       tree, out, err);
    }
  if (rc < 0)
    {
      sepm_findings_release (&structural);
      sepm_sexpr_free (tree);
      sepm_module_result_release (out);
      return sepm_error_wrap (err, "verify `%s`", path);
    }

done:
  sepm_findings_release (&structural);
  sepm_sexpr_free (tree);
  out->seconds = sepm_now_seconds () - t0;
  return 0;
}

void
sepm_module_result_release (struct sepm_module_result *r)
{
  for (size_t i = 0; i < r->n_types; i++)
    {
      free (r->types[i].name);
      free (r->types[i].bounds);
      free (r->types[i].root_parent);
    }
  free (r->types);
  free (r->path);
  free (r->name);
  sepm_findings_release (&r->findings);
  memset (r, 0, sizeof (*r));
}
