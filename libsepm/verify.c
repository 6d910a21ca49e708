#include <config.h>
#include "verify.h"

#include "progress.h"

#include <string.h>
#include <sys/resource.h>

#include "cil_canonical.h"
#include "cil_compile.h"
#include "cil_contained.h"
#include "compile_message.h"
#include "domain_entry.h"
#include "neverallow.h"
#include "obligations.h"
#include "policydb.h"
#include "policy_compare.h"
#include "sexpr.h"
#include "util.h"

/* A module is small; a megabyte of CIL is already suspicious. */
#define MAX_PARSE_DEPTH 64

/* The modules being verified together, and where their findings go. */
struct unit
{
  struct sepm_module_view *views;
  struct sepm_module_result *results;
  size_t n;
};

/* "... at FILE:LINE" in a compiler message: the line, when FILE is PATH. */
static unsigned
message_line (const char *msg, const char *path)
{
  cleanup_free char *needle = xasprintf ("%s:", path);
  const char *p = strstr (msg, needle);
  return p ? (unsigned) strtoul (p + strlen (needle), NULL, 10) : 0;
}

/* The module a compiler message is about, and its line there. */
static size_t
message_module (const struct unit *u, const char *msg, unsigned *line)
{
  for (size_t i = 0; i < u->n; i++)
    if ((*line = message_line (msg, u->views[i].path)) != 0)
      return i;
  *line = 0;
  return 0;
}

/* The names the statement at LINE of module M fails on, when the
 * compiler did not say (compile_message.h). */
static char *
unknown_names (const struct unit *u, size_t m, unsigned line, const struct sepm_system_policy *sys)
{
  struct sepm_declared_names declared = { 0 };
  struct sexpr *templates = NULL;
  sepm_error_t ignored = NULL;
  char *names;

  for (size_t i = 0; i < u->n; i++)
    sepm_compile_message_declared (&declared, u->views[i].tree);
  if (sys->templates_text
      && sepm_sexpr_parse ("templates", sys->templates_text, sys->templates_len, 256, &templates, &ignored) == 0)
    sepm_compile_message_declared (&declared, templates);
  sepm_error_release (&ignored);
  names = sepm_compile_message_unknown_names (u->views[m].tree, line,
                                              sys->slice_base ? sys->slice_base : sys->base, &declared);
  sepm_sexpr_free (templates);
  sepm_compile_message_declared_release (&declared);
  return names;
}

/* The compiler refused the set.  The finding goes to the module and line
 * its messages name; "Unknown keyword X" names neither, and goes to the
 * statement that has that keyword.  With SYS, a statement that failed to
 * resolve is shown with the names it uses that nothing declares. */
static void
report_compile_error (struct unit *u, const struct sepm_cil_result *res, const char *hint,
                      const struct sepm_system_policy *sys)
{
  struct sepm_buf text = { 0 };
  unsigned line = 0;
  size_t m = 0;
  bool resolve = false;
  cleanup_free char *unknown = NULL;

  for (size_t i = 0; i < res->n_messages && i < 8; i++)
    {
      unsigned l;
      size_t which = message_module (u, res->messages[i], &l);
      if (text.len)
        sepm_buf_puts (&text, "; ");
      sepm_buf_puts (&text, res->messages[i]);
      for (size_t k = 0; l == 0 && k < u->n; k++)
        if ((l = sepm_compile_message_keyword_line (u->views[k].tree, res->messages[i])) != 0)
          which = k;
      if (line == 0 && l)
        {
          line = l, m = which;
          resolve = strstr (res->messages[i], "Failed to resolve ") != NULL;
        }
    }
  if (sys && resolve)
    unknown = unknown_names (u, m, line, sys);
  if (unknown)
    {
      sepm_buf_puts (&text, "; nothing declares ");
      sepm_buf_puts (&text, unknown);
    }
  sepm_findings_add (&u->results[m].findings, "compile.error", u->views[m].path, line, NULL,
                     hint ? hint : "Fix the CIL at the line named; `secilc` gives the same message.",
                     "the module does not compile against the system policy: %s",
                     text.len ? text.data : "no message from the compiler");
  /* The set is compiled as one: none of the others was verified either,
   * and none may read as admitted. */
  for (size_t i = 0; i < u->n; i++)
    if (i != m)
      sepm_findings_add (&u->results[i].findings, "compile.error", u->views[i].path, 0, NULL,
                         "Fix the module named; the modules are verified together.",
                         "not verified: %s, verified with it, does not compile", u->views[m].path);
  free (text.data);
}

static char *
trimmed (const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return xstrdup (s);
}

/* One message of libsepol's checker: what was broken, and by whom. */
struct violation
{
  const char *message, *rule;
  bool never;
  size_t author;                /* the neverallow's module, when NEVER_LINE */
  unsigned never_line;
  size_t child_owner;           /* a bounds violation's child's module, or u->n */
};

/* The module whose block holds NAME (`web.worker`), or U->N. */
static size_t
name_owner (const struct unit *u, const char *name, size_t len)
{
  for (size_t i = 0; i < u->n; i++)
    {
      const char *ns = u->views[i].namespace_name;
      size_t n = ns ? strlen (ns) : 0;
      if (ns && n < len && strncmp (name, ns, n) == 0 && name[n] == '.')
        return i;
    }
  return u->n;
}

/* Charge V's rule OFFENDING, written at LINE of module WHICH (LINE 0: by
 * no module). */
static void
report_violation (struct unit *u, const struct violation *v, size_t which, unsigned line,
                  const char *offending)
{
  /* A rule no module wrote (the system's) that breaks a module's
   * neverallow: the neverallow's author is the culprit. */
  if (v->never && v->never_line && line == 0)
    which = v->author;
  /* A system rule beyond a module type's bound: the type reached it
   * through an attribute its own module made it join (another module
   * would have named the type, and sepm's own check charges that one).
   * Not the set's first module (the long run's seed 2, m01100). */
  if (!v->never && line == 0 && v->child_owner < u->n)
    which = v->child_owner;
  struct sepm_findings *f = &u->results[which].findings;
  if (v->never && v->never_line)
    sepm_findings_add (f, "module.neverallow", u->views[which].path, line, offending,
                       "The rule breaks a neverallow of the modules themselves; remove one of them.",
                       "violates the neverallow at %s:%u%s: %s", u->views[v->author].path, v->never_line,
                       v->author == which ? " (its own)" : "", v->rule);
  else if (v->never)
    sepm_findings_add (f, "system.neverallow", u->views[which].path, line, offending,
                       "The system policy forbids this for every type; remove the rule.",
                       "violates the system's %s%s%s", v->rule, offending ? ": " : "",
                       offending ? offending : "");
  else
    /* libsepol found a bounds violation; sepm's own check reports it
     * with more context, but the compiler's word alone must reject. */
    sepm_findings_add (f, "bounds.exceeds", u->views[which].path, line, offending,
                       "Remove the permissions, or grant only what the parent already has.",
                       "%s (found by libsepol)", v->message);
}

/* Which modules' findings grew since BEFORE. */
static void
mark_charged (const struct unit *u, const size_t *before, bool *charged)
{
  for (size_t i = 0; i < u->n; i++)
    charged[i] = u->results[i].findings.n > before[i];
}

static void
snapshot_counts (const struct unit *u, size_t *counts)
{
  for (size_t i = 0; i < u->n; i++)
    counts[i] = u->results[i].findings.n;
}

/* libsepol reports a neverallow violation as
 *   neverallow check failed at FILE:LINE
 *     (neverallow ...)
 *       <root> ... allow at MODULE:LINE
 *         (allow ...)
 * and a typebounds violation as "Child type X exceeds bounds of parent Y"
 * followed by the same trace.
 *
 * Message I is a violation (neverallow when NEVER, else bounds); report
 * it.  Its trace lists the rules that break it, each as location lines
 * and then the rule: each rule is charged to the module whose location came last
 * before it.  Two modules that break one neverallow are both charged (the
 * long differential run's seed 1, m05933: only the last of them was).
 * Returns whether the trace lists only some of the rules. */
static bool
report_violation_message (struct unit *u, const struct sepm_cil_result *res, size_t i, bool never)
{
  const char *m = res->messages[i];
  cleanup_free char *rule = i + 1 < res->n_messages ? trimmed (res->messages[i + 1]) : xstrdup ("?");
  cleanup_free char *offending = NULL;
  unsigned line = 0;
  size_t which = 0, reported = 0;
  bool partial = false;
  struct violation v = { m, rule, never, 0, 0, u->n };

  /* Whose neverallow: "check failed at FILE:LINE" names its file. */
  if (never)
    v.author = message_module (u, m, &v.never_line);
  else
    v.child_owner = name_owner (u, m + strlen ("Child type "), strcspn (m + strlen ("Child type "), " "));
  for (size_t j = i + 2; j < res->n_messages && res->messages[j][0] == ' '; j++)
    {
      unsigned l;
      size_t w = message_module (u, res->messages[j], &l);
      char *t = trimmed (res->messages[j]);
      partial = partial || strstr (t, "matching rules shown") != NULL;
      if (l)
        line = l, which = w;
      if (t[0] != '(')
        {
          free (t);
          continue;
        }
      free (offending);
      offending = t;
      if (line || v.never_line)
        {
          report_violation (u, &v, line ? which : 0, line, offending);
          reported++;
        }
      line = 0;
    }
  if (reported == 0)
    report_violation (u, &v, which, line, offending);
  return partial;
}

static bool
log_cut (const struct sepm_cil_result *res)
{
  return res->n_messages && strcmp (res->messages[res->n_messages - 1], SEPM_CIL_LOG_CUT) == 0;
}

/* libsepol lists only the first rules of a violation ("Only first 4 of
 * 801 matching rules shown"; all of them only at a log level that changes
 * what the compiler accepts), and sepm cuts the log: a module the log did
 * not charge may have written one of the rest, and cannot be cleared. */
static void
report_not_cleared (struct unit *u, const bool *charged, const char *what)
{
  for (size_t i = 0; i < u->n; i++)
    if (!charged[i])
      sepm_findings_add (&u->results[i].findings, "compile.error", u->views[i].path, 0, NULL,
                         "Verify this module alone, or first fix the modules with the most findings.",
                         "not cleared: libsepol's checks refused this set, and its messages name only some "
                         "of the rules behind: %s", what);
}

/* RES: the compile with libsepol's checks, which failed.  USER_ROLE: the
 * same policy failed the user or role bounds check (read from the compile
 * without the checks), which explains a refusal with no message sepm
 * reads. */
static void
report_checker_messages (struct unit *u, const struct sepm_cil_result *res, bool user_role)
{
  size_t violations = 0;
  size_t *start = xcalloc (u->n, sizeof (*start));
  size_t *before = xcalloc (u->n, sizeof (*before));
  bool *by_any = xcalloc (u->n, sizeof (*by_any));
  bool *by_this = xcalloc (u->n, sizeof (*by_this));

  snapshot_counts (u, start);
  for (size_t i = 0; i < res->n_messages; i++)
    {
      const char *m = res->messages[i];
      bool never = strstr (m, "check failed at") != NULL;
      if (!never && strncmp (m, "Child type ", 11) != 0)
        continue;
      violations++;
      snapshot_counts (u, before);
      bool partial = report_violation_message (u, res, i, never);
      mark_charged (u, before, by_this);
      if (partial)
        {
          /* A neverallow's line is its rule; a bounds message names the child. */
          cleanup_free char *what = trimmed (never && i + 1 < res->n_messages ? res->messages[i + 1] : m);
          report_not_cleared (u, by_this, what);
        }
    }
  mark_charged (u, start, by_any);
  /* The checks refused the policy for a reason sepm does not read: the
   * store would refuse it too, so no module may read as admitted. */
  if (violations == 0 && !user_role)
    report_compile_error (u, res, SEPM_CHECKS_REFUSED_HINT, NULL);
  else if (log_cut (res))
    report_not_cleared (u, by_any, "them (the log stops at 2,000 lines)");
  free (start);
  free (before);
  free (by_any);
  free (by_this);
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
      if (strstr (x->message, " (found by libsepol)") && has_bounds_finding_for (f, x->message))
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

static size_t
owner_of (const struct unit *u, const char *name)
{
  for (size_t i = 0; i < u->n; i++)
    {
      const char *ns = u->views[i].namespace_name;
      size_t n = ns ? strlen (ns) : 0;
      if (ns && strncmp (name, ns, n) == 0 && name[n] == '.')
        return i;
    }
  return 0;
}

struct anchor_warning
{
  const struct sepm_compare *c;
  struct sepm_module_result *r;
  uint32_t child, parent;
};

static void
warn_anchor_grant (void *arg, uint32_t target, uint32_t anchor, uint32_t cls, uint32_t perms)
{
  struct anchor_warning *w = arg;
  const struct sepm_compare *c = w->c;
  cleanup_free char *granted = sepm_compare_perms_to_string (c->comb, cls, perms);
  const char *child = sepm_compare_type_name (c, w->child), *parent = sepm_compare_type_name (c, w->parent);

  sepm_findings_warn (&w->r->findings, "bounds.anchor", w->r->path, 0, NULL,
                      "The kernel bounds a child domain by its parent's rights on the target's own bound, so "
                      "the bounds do not take this away; grant the child only what it should have.",
                      "%s may %s %s (%s), which its parent %s may not; the kernel lets it, because %s may on "
                      "%s's bound %s", child, granted, sepm_compare_type_name (c, target),
                      sepm_compare_class_name (c->comb, cls), parent, parent, sepm_compare_type_name (c, target),
                      sepm_compare_type_name (c, anchor));
}

static char **
exec_type_names (const struct sepm_compare *c, const struct sepm_domain_entry *e)
{
  char **names = xcalloc (e->n_exec_types + 1, sizeof (char *));
  for (size_t i = 0; i < e->n_exec_types; i++)
    names[i] = xstrdup (sepm_compare_type_name (c, e->exec_types[i]));
  return names;
}

static void
describe_types (struct unit *u, const struct sepm_compare *c, const struct sepm_obligation_context *ctx)
{
  struct sepm_domain_entry *entries = sepm_domain_entry_find (c);
  /* The files and other objects of the modules, but for the programs
   * that enter a domain: that a child may run its own program, which its
   * parent may not, is the transition working. */
  cleanup_free bool *objects = xcalloc (c->n_types + 1, sizeof (bool));

  for (uint32_t v = 1; v <= c->n_types; v++)
    objects[v] = c->is_module_type[v] && !sepm_obligation_is_domain_parent (ctx, c->root_parent[v]);
  for (uint32_t v = 1; v <= c->n_types; v++)
    for (size_t k = 0; k < entries[v].n_exec_types; k++)
      objects[entries[v].exec_types[k]] = false;
  for (uint32_t v = 1; v <= c->n_types; v++)
    {
      uint32_t b = sepm_compare_bounds (c, v), root = c->root_parent[v];
      struct sepm_module_result *r;
      if (!c->is_module_type[v])
        continue;
      r = &u->results[owner_of (u, sepm_compare_type_name (c, v))];
      r->types = xrealloc (r->types, (r->n_types + 1) * sizeof (*r->types));
      r->types[r->n_types++] = (struct sepm_module_type) {
        .name = xstrdup (sepm_compare_type_name (c, v)),
        .bounds = b ? xstrdup (sepm_compare_type_name (c, b)) : NULL,
        .root_parent = sepm_obligation_is_allowed_parent (ctx, root) ? xstrdup (sepm_compare_type_name (c, root)) : NULL,
        .is_domain = sepm_obligation_is_domain_parent (ctx, root),
      };
      struct sepm_module_type *t = &r->types[r->n_types - 1];
      if (!t->is_domain)
        continue;
      sepm_least_privilege (c, v, root, &t->share);
      t->n_transitions = entries[v].n_transitions;
      t->exec_types = exec_type_names (c, &entries[v]);
      /* Only a child of another module domain: a domain bounded by the
       * system's is checked against the system's rights everywhere. */
      if (b && c->is_module_type[b])
        {
          struct anchor_warning w = { c, r, v, b };
          sepm_least_privilege_anchor_grants (c, v, b, objects, warn_anchor_grant, &w);
        }
    }
  sepm_domain_entry_free (entries, c->n_types);
}

/* Findings were gathered in one list; each goes to the module its file
 * names. */
static void
distribute (struct unit *u, struct sepm_findings *all)
{
  for (size_t i = 0; i < all->n; i++)
    {
      const struct sepm_finding *f = &all->items[i];
      size_t m = 0;
      for (size_t k = 0; f->file && k < u->n; k++)
        if (strcmp (f->file, u->views[k].path) == 0)
          m = k;
      sepm_findings_copy (&u->results[m].findings, f, f->file ? f->file : u->views[m].path);
    }
}

static int
run_obligations (struct unit *u, struct sepm_system_policy *sys, const struct sepm_profile *profile,
                 const struct sepm_cil_result *compiled, bool exact, bool own_neverallow_check,
                 sepm_error_t *err)
{
  policydb_t *comb = compiled->pdb;
  /* Each mode compares with the system built from its own sources: the
   * store in exact mode, the slice in fast mode (docs/verification.md,
   * "Two modes, one verdict"). */
  policydb_t *base = exact ? sys->base : sys->slice_base;
  struct sepm_compare cmp;
  struct sepm_findings all = { 0 };
  cleanup_free uint32_t *domains = parent_values (comb, profile->domain_parents, profile->n_domain_parents);
  cleanup_free uint32_t *objects = parent_values (comb, profile->object_parents, profile->n_object_parents);
  struct sepm_obligation_context ctx = {
    .cmp = &cmp, .modules = u->views, .n_modules = u->n,
    .domain_parents = domains, .object_parents = objects, .findings = &all,
    .base_aux = exact ? sys->base_aux : sys->slice_base_aux,
    .base_aux_len = exact ? sys->base_aux_len : sys->slice_base_aux_len,
    .comb_aux = compiled->aux, .comb_aux_len = compiled->aux_len,
    .user_role_bounds_refused = compiled->user_role_bounds_refused,
  };
  int rc = 0;

  sepm_compare_init (&cmp, base, comb);
  /* In the order of docs/verification.md. */
  sepm_obligation_check_namespace_names (&ctx);
  sepm_obligation_check_type_bounds_declared (&ctx);
  sepm_obligation_check_bounds (&ctx);
  sepm_obligation_check_attributes (&ctx);
  sepm_obligation_check_roles (&ctx);
  sepm_obligation_check_constraint_bindings (&ctx);
  sepm_obligation_check_system_rules (&ctx);
  sepm_diff_check (&ctx);
  sepm_obligation_check_text_only_statements (&ctx);
  sepm_obligation_check_hierarchy (&ctx);
  sepm_obligation_check_image_boundaries (&ctx);
  sepm_obligation_check_user_role_bounds (&ctx);
  /* Without the compiler's checks, sepm runs their equivalents. */
  if (own_neverallow_check)
    {
      sepm_obligation_check_bounds_as_compiler (&ctx);
      rc = sepm_neverallows_check (&sys->neverallows, &ctx, err);
    }
  describe_types (u, &cmp, &ctx);
  distribute (u, &all);
  sepm_findings_release (&all);
  sepm_obligation_context_release (&ctx);
  sepm_compare_release (&cmp);
  return rc;
}

/* The compiler crashed, hung or hit a limit on these modules together:
 * each of them is rejected, for none could be checked. */
static void
report_contained_failure (struct unit *u, const char *why)
{
  for (size_t i = 0; i < u->n; i++)
    sepm_findings_add (&u->results[i].findings, "compile.contained", u->views[i].path, 0, NULL,
                       "A module that libsepol cannot compile within the limits is refused; simplify it, or "
                       "raise the limits (docs/security.md) if it is honest.",
                       "%s%s", why, u->n > 1 ? " (on this image's modules together)" : "");
}

static bool
tree_has_head (const struct sexpr *e, const char *keyword)
{
  const char *head = sepm_sexpr_head (e);
  if (head && strcmp (head, keyword) == 0)
    return true;
  for (size_t i = 0; e->is_list && i < e->n_items; i++)
    if (tree_has_head (e->items[i], keyword))
      return true;
  return false;
}

/* sepm's own neverallow check knows the system's rules only (neverallow.h);
 * a module that writes one gets the compiler's, which checks them all. */
static bool
has_neverallow (const struct unit *u)
{
  for (size_t i = 0; i < u->n; i++)
    if (u->views[i].tree
        && (tree_has_head (u->views[i].tree, "neverallow") || tree_has_head (u->views[i].tree, "neverallowx")))
      return true;
  return false;
}

/* Compile the modules with the given system sources and run every
 * obligation; returns -1 only when sepm itself failed. */
static int
check_with (struct sepm_system_policy *sys, const struct sepm_profile *profile,
            const struct sepm_cil_source *system, size_t n_system, bool exact,
            const struct sepm_module_input *modules, struct unit *u, sepm_error_t *err)
{
  struct sepm_cil_source *sources = xcalloc (n_system + u->n, sizeof (*sources));
  struct sepm_cil_result checked = { 0 }, built = { 0 };
  /* Fast mode checks neverallows itself (neverallow.h says why); exact
   * mode lets the compiler do it, as semodule would with expand-check=1. */
  bool own_neverallow_check = !exact && !sys->neverallows.needs_compiler && !has_neverallow (u);
  struct sepm_cil_options with_checks = { .check_neverallow = !own_neverallow_check, .want_aux = true };
  struct sepm_cil_options without_checks = { .want_aux = true };
  struct sepm_compile_limits limits = sepm_compile_limits_default ();
  char *why = NULL;
  int rc;

  memcpy (sources, system, n_system * sizeof (*sources));
  for (size_t i = 0; i < u->n; i++)
    sources[n_system + i] = (struct sepm_cil_source) { modules[i].path, modules[i].text, modules[i].len };

  /* First with libsepol's checks; when they fail, again without, so that
   * every obligation still gets a policy to see.  Untrusted CIL is
   * compiled in a child process (cil_contained.h). */
  rc = sepm_cil_contained_compile (sources, n_system + u->n, &with_checks, &limits, &checked, &why, err);
  if (rc == 1)
    {
      rc = sepm_cil_contained_compile (sources, n_system + u->n, &without_checks, &limits, &built, &why, err);
      if (rc == 0)
        report_checker_messages (u, &checked, built.user_role_bounds_refused);
      else if (rc == 1)
        report_compile_error (u, &built, sys->templates_name ? NULL
                              : "No templates were compiled with the module, so sepm.v1 blocks are unknown: "
                              "give --templates FILE (policy-templates/refpolicy/sepm.cil).", sys);
    }
  if (rc == 2)
    {
      report_contained_failure (u, why);
      free (why);
      rc = 0;
    }
  free (sources);
  if (rc >= 0 && (checked.pdb || built.pdb)
      && run_obligations (u, sys, profile, checked.pdb ? &checked : &built, exact,
                          own_neverallow_check, err) < 0)
    rc = -1;
  for (size_t i = 0; i < u->n; i++)
    drop_redundant_libsepol_findings (&u->results[i].findings);
  sepm_cil_result_release (&checked);
  sepm_cil_result_release (&built);
  return rc < 0 ? -1 : 0;
}

/* The slice gives exact mode's verdict only while every system attribute
 * that holds a module type also holds its root parent, no module declares
 * anything outside its namespace, and no module writes a rule for a system
 * type (docs/verification.md, "The slice").  Modules that break any of
 * these are checked again in exact mode. */
static bool
breaks_slice_premise (const struct unit *u)
{
  /* The slice holds only the rules whose source could hold a module
   * type; a rule the module writes for another system type may restate
   * one the slice left out, and a system type it rebinds (bounds) brings
   * rules the slice left out into play: only the whole store can tell.
   * So does a system type that joins a system attribute: it gets all of
   * the attribute's rules, which the slice keeps only in part (the long
   * differential run found exact mode's system.rule there).  A type
   * bounded by a system type that is no allowed parent, or by nothing,
   * has its bounds judged against rules the slice may have left out (it
   * keeps the allowed parents' rules). */
  static const char *const premise[] = { "attr.not-in-parent", "namespace.outside", "system.rule",
    "system.transition", "system.type", "system.attribute", "types.parent", "types.unbounded", NULL };
  for (size_t i = 0; i < u->n; i++)
    {
      for (const char *const *id = premise; *id; id++)
        if (sepm_findings_has (&u->results[i].findings, *id))
          return true;
      /* Expanding an attribute rewrites every rule written for it, and the
       * slice has only some of them. */
      if (u->views[i].tree && tree_has_head (u->views[i].tree, "expandtypeattribute"))
        return true;
      /* A module's own neverallow may be broken by a system rule the slice
       * left out: `allow spc_t domain:file ioctl` has a source that holds
       * no module type, yet its target holds every module domain (the long
       * differential run's seed 1, m01876). */
      if (u->views[i].tree
          && (tree_has_head (u->views[i].tree, "neverallow") || tree_has_head (u->views[i].tree, "neverallowx")))
        return true;
    }
  return false;
}

/* A module that is slow to check against the slice may be too slow for
 * the compile limits against the whole store (its cost grows with the
 * store, as 2000 neverallows do): exact mode must give its verdict, or
 * the limits would give fast and exact mode different ones.  An honest
 * module takes a few tenths of a second; the bar is a fifteenth of the
 * compiler's CPU limit (2 s by default). */
static bool
is_costly (double cpu_seconds)
{
  return cpu_seconds > sepm_compile_limits_default ().cpu_seconds / 15.0;
}

/* CPU time of this process and of its waited-for children (the
 * compiler's): what a check costs, whatever else the machine does. */
static double
cpu_now (void)
{
  struct rusage self, children;
  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &children);
  return (double) (self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec + children.ru_stime.tv_sec)
    + (self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec + children.ru_stime.tv_usec) / 1e6;
}

static void
copy_findings (struct sepm_findings *to, const struct sepm_findings *from)
{
  for (size_t i = 0; i < from->n; i++)
    sepm_findings_copy (to, &from->items[i], NULL);
}

static void
release_types (struct sepm_module_result *r)
{
  for (size_t i = 0; i < r->n_types; i++)
    {
      free (r->types[i].name);
      free (r->types[i].bounds);
      free (r->types[i].root_parent);
      sepm_privilege_share_release (&r->types[i].share);
      for (char **e = r->types[i].exec_types; e && *e; e++)
        free (*e);
      free (r->types[i].exec_types);
    }
  free (r->types);
  r->types = NULL;
  r->n_types = 0;
}

static void
reset_result (struct sepm_module_result *r, const struct sepm_findings *keep)
{
  release_types (r);
  sepm_findings_release (&r->findings);
  copy_findings (&r->findings, keep);
}

/* One module of a set failed to parse: the set is compiled as one, so none
 * of the others was verified either, and none may read as admitted (as
 * report_compile_error says for a set that does not compile). */
static void
refuse_unparsed_set (struct sepm_module_result *out, struct sexpr *const *trees, size_t n)
{
  size_t bad = 0;
  while (bad < n && trees[bad])
    bad++;
  for (size_t i = 0; i < n && bad < n; i++)
    if (trees[i])
      sepm_findings_add (&out[i].findings, "compile.error", out[i].path, 0, NULL,
                         "Fix the module named; the modules are verified together.",
                         "not verified: %s, verified with it, does not parse", out[bad].path);
}

/* The canonical form of module I into CANON[I]; a finding and false when
 * there is none, or when the text had to be in it and is not. */
static bool
canonical_input (const struct sepm_module_input *in, struct sepm_module_input *canon, char **owned,
                 struct sepm_findings *findings)
{
  sepm_error_t cerr = NULL;
  size_t len = 0;
  unsigned line = 0;

  if (sepm_cil_canonical (in->path, in->text, in->len, owned, &len, &line, &cerr) < 0)
    {
      sepm_findings_add (findings, "compile.canonical", in->path, line, NULL,
                         "Write the module in plain ASCII with Unix line ends; quoted strings on one line.",
                         "%s", cerr->msg);
      sepm_error_release (&cerr);
      return false;
    }
  if (in->canonical_required && (len != in->len || memcmp (*owned, in->text, len) != 0))
    {
      sepm_findings_add (findings, "compile.canonical", in->path, 0, NULL,
                         "Build the image with sepm-build, which embeds every module in its canonical form.",
                         "the embedded module is not in the canonical form sepm-build writes: the bytes "
                         "that are verified must be the bytes that are installed");
      return false;
    }
  *canon = (struct sepm_module_input) { in->path, *owned, len, true, in->group };
  return true;
}

/* A finding that names base_typeattr_23 shows what it stands for. */
static void
explain_generated_names (struct sepm_system_policy *sys, struct sepm_module_result *out, size_t n)
{
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < out[i].findings.n; k++)
      {
        struct sepm_finding *f = &out[i].findings.items[k];
        if (strstr (f->message, "_typeattr_") == NULL)
          continue;
        if (!sys->generated_names_read)
          {
            sepm_generated_names_read (sys->sources, sys->n_sources, &sys->generated_names);
            sys->generated_names_read = true;
          }
        char *explained = sepm_generated_names_explain (&sys->generated_names, f->message);
        if (explained)
          {
            free (f->message);
            f->message = explained;
          }
      }
}

int
sepm_verify_modules (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                     const struct sepm_module_input *modules, size_t n,
                     struct sepm_module_result *out, sepm_error_t *err)
{
  struct sexpr **trees = xcalloc (n, sizeof (*trees));
  struct sepm_findings *structural = xcalloc (n, sizeof (*structural));
  struct sepm_module_input *canon = xcalloc (n + 1, sizeof (*canon));
  char **canon_text = xcalloc (n + 1, sizeof (*canon_text));
  struct unit u = { xcalloc (n, sizeof (*u.views)), out, n };
  bool parsed = true;
  double t0 = sepm_now_seconds ();
  int rc = 0;

  for (size_t i = 0; i < n; i++)
    {
      sepm_error_t parse_err = NULL;
      memset (&out[i], 0, sizeof (out[i]));
      out[i].path = xstrdup (modules[i].path);
      out[i].mode = sys->mode;
      if (!canonical_input (&modules[i], &canon[i], &canon_text[i], &out[i].findings))
        {
          parsed = false;
          continue;
        }
      if (sepm_sexpr_parse (canon[i].path, canon[i].text, canon[i].len, MAX_PARSE_DEPTH,
                            &trees[i], &parse_err) < 0)
        {
          /* The reader says "PATH:LINE: what"; the finding carries the
           * line itself, so that text and JSON both have it. */
          size_t at = strlen (canon[i].path);
          unsigned line = 0;
          int used = 0;
          const char *what = parse_err->msg;
          if (strncmp (what, canon[i].path, at) == 0 && sscanf (what + at, ":%u: %n", &line, &used) == 1 && used)
            what += at + used;
          sepm_findings_add (&out[i].findings, "compile.error", modules[i].path, line, NULL,
                             "Fix the CIL syntax.", "%s", what);
          sepm_error_release (&parse_err);
          parsed = false;
          continue;
        }
      sepm_obligation_check_namespace_structure (trees[i], modules[i].path, &out[i].findings, &out[i].name);
      copy_findings (&structural[i], &out[i].findings);
      u.views[i] = (struct sepm_module_view) { out[i].path, out[i].name, trees[i], modules[i].group };
    }

  if (!parsed)
    refuse_unparsed_set (out, trees, n);
  else
    {
      double t_check = cpu_now ();
      rc = check_with (sys, profile, sys->sources, sys->n_sources, sys->mode == SEPM_MODE_EXACT,
                       canon, &u, err);
      if (rc == 0 && sys->mode == SEPM_MODE_FAST
          && (breaks_slice_premise (&u) || is_costly (cpu_now () - t_check)))
        {
          if (sys->slice_only)
            {
              /* The slice's findings are not the verdict; exact mode's
               * would be. */
              for (size_t i = 0; i < n; i++)
                {
                  reset_result (&out[i], &structural[i]);
                  sepm_findings_add (&out[i].findings, "fast.deferred", out[i].path, 0, NULL,
                                     "Verify without --slice-only.",
                                     "the slice cannot judge this module; exact mode would");
                }
              goto done;
            }
          sepm_progress ("checking %s%s again in exact mode: the slice cannot judge it", modules[0].path,
                         n > 1 ? " and the modules with it" : "");
          for (size_t i = 0; i < n; i++)
            {
              reset_result (&out[i], &structural[i]);
              out[i].mode = SEPM_MODE_EXACT;
            }
          rc = sepm_system_policy_load_exact (sys, err);
          if (rc == 0)
            rc = check_with (sys, profile, sys->exact_sources, sys->n_exact_sources, true, canon, &u, err);
        }
    }

done:
  if (rc == 0)
    explain_generated_names (sys, out, n);
  for (size_t i = 0; i < n; i++)
    {
      sepm_findings_order (&out[i].findings);
      sepm_sexpr_free (trees[i]);
      sepm_findings_release (&structural[i]);
      free (canon_text[i]);
      out[i].seconds = (sepm_now_seconds () - t0) / n;
    }
  free (trees);
  free (structural);
  free (canon);
  free (canon_text);
  free (u.views);
  if (rc < 0)
    {
      for (size_t i = 0; i < n; i++)
        sepm_module_result_release (&out[i]);
      return sepm_error_wrap (err, "verify %s%s", modules[0].path, n > 1 ? " and the modules with it" : "");
    }
  return 0;
}

int
sepm_verify_module (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                    const char *path, const char *text, size_t len,
                    struct sepm_module_result *out, sepm_error_t *err)
{
  struct sepm_module_input in = { path, text, len, false };
  return sepm_verify_modules (sys, profile, &in, 1, out, err);
}

void
sepm_module_result_release (struct sepm_module_result *r)
{
  release_types (r);
  free (r->path);
  free (r->name);
  sepm_findings_release (&r->findings);
  memset (r, 0, sizeof (*r));
}
