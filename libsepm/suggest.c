#include <config.h>
#include "suggest.h"

#include <stdio.h>
#include <string.h>
#include <sepol/sepol.h>
#include <sepol/policydb/services.h>

#include "avc_record.h"
#include "cil_compile.h"
#include "policydb.h"
#include "sexpr.h"
#include "suggest_macros.h"
#include "strset.h"
#include "util.h"

/* Statements tried at once, and records read: a log is hostile input. */
#define MAX_CANDIDATES 512
#define MAX_RECORDS 100000

const char *
sepm_suggest_case_name (enum sepm_suggest_case c)
{
  switch (c)
    {
    case SEPM_SUGGEST_GRANTABLE: return "grantable";
    case SEPM_SUGGEST_MASKED: return "masked-by-bounds";
    case SEPM_SUGGEST_CONSTRAINED: return "constraint";
    case SEPM_SUGGEST_FORBIDDEN: return "forbidden";
    case SEPM_SUGGEST_TRANSITION: return "transition";
    case SEPM_SUGGEST_ALLOWED: return "allowed-by-bounds";
    default: return "unknown";
    }
}

struct block
{
  char *name;                   /* the module's top-level block */
  size_t close;                 /* offset of its closing parenthesis */
};

static int
find_block (const struct sepm_module_input *m, struct block *b, sepm_error_t *err)
{
  struct sexpr *top = NULL;

  if (sepm_sexpr_parse (m->path, m->text, m->len, 64, &top, err) < 0)
    return -1;
  for (size_t i = 0; i < top->n_items; i++)
    {
      const struct sexpr *e = top->items[i];
      if (e->is_list && sepm_sexpr_head (e) && strcmp (sepm_sexpr_head (e), "block") == 0
          && sepm_sexpr_atom_at (e, 1))
        {
          b->name = xstrdup (sepm_sexpr_atom_at (e, 1));
          b->close = e->end - 1;
          sepm_sexpr_free (top);
          return 0;
        }
    }
  sepm_sexpr_free (top);
  return sepm_error_make (err, 0, "%s: no top-level block", m->path);
}

/* A name a record may carry into a CIL statement: nothing but a name. */
static bool
is_name (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > 256)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'
          || *s == '.'))
      return false;
  return true;
}

/* An installed name (web_0123456789ab.process, sepm-install's renaming)
 * or a local one (web.process) of one of BLOCKS: the local name.  Other
 * names are the system's, as they are. */
static char *
local_type (const struct block *blocks, size_t n, const char *type, size_t *module)
{
  const char *dot = strchr (type, '.');
  *module = SIZE_MAX;
  if (dot == NULL)
    return xstrdup (type);
  for (size_t i = 0; i < n; i++)
    {
      size_t k = strlen (blocks[i].name);
      if ((size_t) (dot - type) == k && strncmp (type, blocks[i].name, k) == 0)
        {
          *module = i;
          return xstrdup (type);
        }
      if ((size_t) (dot - type) == k + 13 && strncmp (type, blocks[i].name, k) == 0 && type[k] == '_'
          && strspn (type + k + 1, "0123456789abcdef") >= 12)
        {
          *module = i;
          return xasprintf ("%s%s", blocks[i].name, dot);
        }
    }
  return xstrdup (type);
}

/* CONTEXT with its type replaced by TYPE. */
static char *
with_type (const char *context, const char *type)
{
  const char *a = strchr (context, ':'), *b = a ? strchr (a + 1, ':') : NULL;
  const char *c = b ? strchr (b + 1, ':') : NULL;
  if (b == NULL)
    return NULL;
  return xasprintf ("%.*s%s%s", (int) (b + 1 - context), context, type, c ? c : "");
}

static const char *
level_of (const char *context)
{
  const char *p = context;
  for (int i = 0; i < 3 && p; i++)
    p = strchr (p, ':') ? strchr (p, ':') + 1 : NULL;
  return p ? p : "(none)";
}

enum why
{
  WHY_NONE,
  WHY_NOT_DOMAIN,               /* the source is a file type */
  WHY_BAD_CONTEXT,              /* a context the policy refuses */
  WHY_ROLE,
  WHY_CONSTRAINT,
  WHY_TOGETHER,                 /* admitted alone, not with the others */
};

/* One denied permission of a source on a target, at their levels. */
struct denial
{
  size_t module;
  char *source, *target, *tclass;
  char *scontext, *tcontext;    /* with the local names */
  char **perms;
  size_t n_perms;
  unsigned line;
  size_t n_records;
  enum sepm_suggest_case kind;  /* 0 until decided */
  enum why why;
  bool refused;                 /* a transition the kernel said it refused (SELINUX_ERR) */
  char *rule_id;
  char *macro;                  /* a template macro call covering its group, or NULL */
};

struct work
{
  struct block *blocks;
  size_t n_blocks;
  struct denial *d;
  size_t n;
  struct sepm_suggest_report *out;
  const struct sepm_module_result *results;
  /* Every type's bound in the compiled policy: libsepol is asked with
   * the bounds taken out, and sepm applies them as the kernel does. */
  char **bounded, **bound;
  size_t n_bounds;
  policydb_t *base;             /* the system alone (exact) */
};

static void
add_perm (struct denial *d, const char *perm)
{
  for (size_t i = 0; i < d->n_perms; i++)
    if (strcmp (d->perms[i], perm) == 0)
      return;
  d->perms = xrealloc (d->perms, (d->n_perms + 2) * sizeof (char *));
  d->perms[d->n_perms++] = xstrdup (perm);
  d->perms[d->n_perms] = NULL;
}

/* A line or record skipped: counted always, its reason kept once (a log
 * of 100,000 bad lines is one reason, not 100,000). */
static void
malformed (struct sepm_suggest_report *out, const char *why)
{
  out->skipped++;
  if (out->n_malformed == SEPM_SUGGEST_MAX_REASONS)
    return;
  for (size_t i = 0; i < out->n_malformed; i++)
    if (strcmp (out->malformed[i], why) == 0)
      return;
  out->malformed = xrealloc (out->malformed, (out->n_malformed + 2) * sizeof (char *));
  out->malformed[out->n_malformed++] = xstrdup (why);
  out->malformed[out->n_malformed] = NULL;
}

static void
add_item (struct sepm_suggest_report *out, const struct denial *d, enum sepm_suggest_case kind, char *statement,
          const char *reason, const char *rule_id)
{
  out->items = xrealloc (out->items, (out->n + 1) * sizeof (*out->items));
  struct sepm_suggestion *s = &out->items[out->n++];
  memset (s, 0, sizeof (*s));
  s->kind = kind;
  s->line = d->line;
  s->n_records = d->n_records;
  s->module = d->module;
  s->source = xstrdup (d->source);
  s->target = xstrdup (d->target);
  s->tclass = xstrdup (d->tclass);
  s->perms = xcalloc (d->n_perms + 1, sizeof (char *));
  for (size_t i = 0; i < d->n_perms; i++)
    s->perms[s->n_perms++] = xstrdup (d->perms[i]);
  s->statement = statement;
  s->reason = reason ? xstrdup (reason) : NULL;
  s->rule_id = rule_id ? xstrdup (rule_id) : NULL;
}

/* A context is printed and compiled: printable ASCII, no spaces. */
static bool
is_context (const char *c)
{
  if (c == NULL || *c == '\0')
    return false;
  for (; *c; c++)
    if ((unsigned char) *c <= 0x20 || (unsigned char) *c >= 0x7f)
      return false;
  return true;
}

/* A transition the kernel refused (SELINUX_ERR, REFUSED), or asked
 * process2's nnp_transition (or nosuid_transition) for: decided by the
 * domain tree's rule, not by a compile (allowed_by_bounds). */
static void
add_transition (struct work *w, const struct sepm_avc_record *r, const char *from_context, const char *to_context,
                bool refused)
{
  cleanup_free char *from = sepm_avc_record_context_type (from_context), *to = sepm_avc_record_context_type (to_context);
  size_t m_from, m_to;
  if (from == NULL || to == NULL || !is_name (from) || !is_name (to) || !is_context (from_context)
      || !is_context (to_context))
    {
      malformed (w->out, "a transition record whose contexts are not names");
      return;
    }
  cleanup_free char *old = local_type (w->blocks, w->n_blocks, from, &m_from);
  cleanup_free char *new = local_type (w->blocks, w->n_blocks, to, &m_to);
  if (m_from == SIZE_MAX && m_to == SIZE_MAX)
    {
      w->out->other++;
      return;
    }
  w->d = xrealloc (w->d, (w->n + 1) * sizeof (*w->d));
  struct denial *d = &w->d[w->n++];
  memset (d, 0, sizeof (*d));
  d->module = m_to != SIZE_MAX ? m_to : m_from;
  d->source = xstrdup (old);
  d->target = xstrdup (new);
  d->tclass = xstrdup ("process");
  d->scontext = with_type (from_context, old);
  d->tcontext = with_type (to_context, new);
  d->line = r->line;
  d->n_records = 1;
  d->kind = SEPM_SUGGEST_TRANSITION;
  d->refused = refused;
  add_perm (d, "transition");
}

static void
add_denial (struct work *w, const struct sepm_avc_record *r, const char **perms, size_t n_perms)
{
  if (!is_context (r->scontext) || !is_context (r->tcontext))
    {
      malformed (w->out, "a record whose context holds a control, space or non-ASCII character");
      return;
    }
  cleanup_free char *stype = sepm_avc_record_context_type (r->scontext);
  cleanup_free char *ttype = sepm_avc_record_context_type (r->tcontext);
  size_t ms, mt;

  if (stype == NULL || ttype == NULL || !is_name (stype) || !is_name (ttype) || !is_name (r->tclass))
    {
      malformed (w->out, "a record with a context or class that is not a name");
      return;
    }
  cleanup_free char *source = local_type (w->blocks, w->n_blocks, stype, &ms);
  cleanup_free char *target = local_type (w->blocks, w->n_blocks, ttype, &mt);
  if (ms == SIZE_MAX)
    {
      w->out->other++;
      return;
    }
  /* One denial a permission: each is decided on its own (a parent may
   * have sigchld on a target and not ptrace), and merged again for the
   * report. */
  for (size_t p = 0; p < n_perms; p++)
    {
      if (!is_name (perms[p]))
        continue;
      size_t i;
      for (i = 0; i < w->n; i++)
        if (w->d[i].module == ms && strcmp (w->d[i].source, source) == 0 && strcmp (w->d[i].target, target) == 0
            && strcmp (w->d[i].tclass, r->tclass) == 0 && strcmp (w->d[i].perms[0], perms[p]) == 0
            && strcmp (level_of (w->d[i].scontext), level_of (r->scontext)) == 0
            && strcmp (level_of (w->d[i].tcontext), level_of (r->tcontext)) == 0)
          break;
      if (i < w->n)
        {
          w->d[i].n_records++;
          continue;
        }
      if (w->n == MAX_CANDIDATES)
        {
          malformed (w->out, "more distinct denials than sepm decides at once (512); the rest were skipped");
          return;
        }
      w->d = xrealloc (w->d, (w->n + 1) * sizeof (*w->d));
      struct denial *d = &w->d[w->n++];
      memset (d, 0, sizeof (*d));
      d->module = ms;
      d->source = xstrdup (source);
      d->target = xstrdup (target);
      d->tclass = xstrdup (r->tclass);
      d->scontext = with_type (r->scontext, source);
      d->tcontext = with_type (r->tcontext, target);
      d->line = r->line;
      d->n_records = 1;
      add_perm (d, perms[p]);
    }
}

static int
read_records (struct work *w, const char *audit_name, const char *audit, size_t len, sepm_error_t *err)
{
  unsigned lineno = 0;

  for (const char *p = audit; p < audit + len;)
    {
      const char *nl = memchr (p, '\n', (size_t) (audit + len - p));
      size_t n = nl ? (size_t) (nl - p) : (size_t) (audit + len - p);
      struct sepm_avc_record r;
      sepm_error_t why = NULL;
      int rc = sepm_avc_record_parse_line (p, n, ++lineno, &r, &why);
      p += n + (nl != NULL);
      if (rc < 0)
        {
          cleanup_free char *shown = sepm_printable (why ? why->msg : "malformed", 200);
          malformed (w->out, shown);
          sepm_error_release (&why);
          continue;
        }
      if (rc == 0)
        continue;
      if (++w->out->records > MAX_RECORDS)
        return sepm_error_make (err, 0, "%s: more than %d records", audit_name, MAX_RECORDS);
      if (r.kind == SEPM_AVC_DENIED && strcmp (r.tclass, "process2") == 0 && r.n_perms == 1
          && strstr (r.perms[0], "_transition"))
        {
          add_transition (w, &r, r.scontext, r.tcontext, false);
        }
      else if (r.kind == SEPM_AVC_DENIED)
        add_denial (w, &r, (const char **) r.perms, r.n_perms);
      else if (r.kind == SEPM_AVC_SELINUX_ERR && strcmp (r.op, "security_bounded_transition") == 0
               && r.oldcontext && r.newcontext)
        {
          add_transition (w, &r, r.oldcontext, r.newcontext, true);
        }
      else if (r.kind == SEPM_AVC_SELINUX_ERR && strcmp (r.op, "security_compute_av") == 0 && r.scontext
               && r.tcontext && r.tclass && r.perms_text)
        {
          /* The bounds' own record: decided like the AVC it explains. */
          char *perms[SEPM_AVC_MAX_PERMS];
          size_t n_perms = 0;
          cleanup_free char *copy = xstrdup (r.perms_text);
          char *save = NULL;
          for (char *t = strtok_r (copy, ",", &save); t && n_perms < SEPM_AVC_MAX_PERMS; t = strtok_r (NULL, ",", &save))
            perms[n_perms++] = t;
          add_denial (w, &r, (const char **) perms, n_perms);
        }
      else
        w->out->other++;
      sepm_avc_record_release (&r);
    }
  return 0;
}

/* The modules' texts, each with statements STMTS[m] (or none) added at
 * the end of its block. */
static char *
text_with (const struct sepm_module_input *m, const struct block *b, const char *stmts, size_t *len)
{
  struct sepm_buf t = { 0 };
  sepm_buf_append (&t, m->text, b->close);
  if (stmts && *stmts)
    sepm_buf_puts (&t, stmts);
  sepm_buf_append (&t, m->text + b->close, m->len - b->close);
  *len = t.len;
  return t.data;
}

/* NAME as module M's text writes it: its own types without the block. */
static const char *
local_of (const struct work *w, size_t m, const char *name)
{
  const char *block = w->blocks[m].name;
  size_t k = strlen (block);
  return strncmp (name, block, k) == 0 && name[k] == '.' ? name + k + 1 : name;
}

/* The statement for D, in its module's local names. */
static char *
statement_of (const struct work *w, const struct denial *d)
{
  const char *s = local_of (w, d->module, d->source), *t = local_of (w, d->module, d->target);
  struct sepm_buf b = { 0 };
  sepm_buf_puts (&b, "(allow ");
  sepm_buf_puts (&b, s);
  sepm_buf_puts (&b, " ");
  sepm_buf_puts (&b, strcmp (d->source, d->target) == 0 ? "self" : t);
  sepm_buf_puts (&b, " (");
  sepm_buf_puts (&b, d->tclass);
  sepm_buf_puts (&b, " (");
  for (size_t i = 0; i < d->n_perms; i++)
    {
      sepm_buf_puts (&b, i ? " " : "");
      sepm_buf_puts (&b, d->perms[i]);
    }
  sepm_buf_puts (&b, ")))");
  return b.data;
}

/* Compile the system (exact sources) with the modules, statements
 * STMTS[m] added, and make it libsepol's policy for its av questions. */
/* libsepol 3.4 computes a bound target's mask with an empty user, role
 * and level (the kernel keeps the target's), which crashes in the
 * constraints: take the bounds out of the policy libsepol answers from,
 * and keep them in W for bounds_allowed. */
static void
take_bounds (struct work *w, policydb_t *pdb)
{
  for (uint32_t v = 1; v <= pdb->p_types.nprim; v++)
    {
      type_datum_t *t = pdb->type_val_to_struct[v - 1];
      if (t == NULL || t->bounds == 0)
        continue;
      w->bounded = xrealloc (w->bounded, (w->n_bounds + 1) * sizeof (char *));
      w->bound = xrealloc (w->bound, (w->n_bounds + 1) * sizeof (char *));
      w->bounded[w->n_bounds] = xstrdup (pdb->p_type_val_to_name[v - 1]);
      w->bound[w->n_bounds++] = xstrdup (pdb->p_type_val_to_name[t->bounds - 1]);
      t->bounds = 0;
    }
}

static int
compile_and_load (struct sepm_system_policy *sys, const struct sepm_module_input *modules, size_t n,
                  const struct block *blocks, char **stmts, struct work *w, policydb_t **pdb, sepm_error_t *err)
{
  size_t total = sys->n_exact_sources + n;
  struct sepm_cil_source *src = xcalloc (total + 1, sizeof (*src));
  char **texts = xcalloc (n + 1, sizeof (char *));
  struct sepm_cil_options opts = { 0 };
  struct sepm_cil_result res = { 0 };
  void *bin = NULL;
  size_t bin_len = 0;
  int rc = -1;

  memcpy (src, sys->exact_sources, sys->n_exact_sources * sizeof (*src));
  for (size_t i = 0; i < n; i++)
    {
      size_t len;
      texts[i] = text_with (&modules[i], &blocks[i], stmts ? stmts[i] : NULL, &len);
      src[sys->n_exact_sources + i] = (struct sepm_cil_source) { modules[i].path, texts[i], len };
    }
  int c = sepm_cil_compile (src, total, &opts, &res, err);
  if (c < 0)
    goto out;
  if (c > 0)
    {
      sepm_error_make (err, 0, "the modules do not compile with the store%s%s", res.n_messages ? ": " : "",
                       res.n_messages ? res.messages[res.n_messages - 1] : "");
      goto out;
    }
  take_bounds (w, res.pdb);
  if (sepm_policydb_to_memory (res.pdb, &bin, &bin_len, err) < 0)
    goto out;
  FILE *f = fmemopen (bin, bin_len, "rb");
  if (f == NULL || sepol_set_policydb_from_file (f) < 0)
    {
      if (f)
        fclose (f);
      sepm_error_make (err, 0, "libsepol could not load the compiled policy for its access questions");
      goto out;
    }
  fclose (f);
  *pdb = res.pdb;
  res.pdb = NULL;
  rc = 0;
out:
  free (bin);
  sepm_cil_result_release (&res);
  for (size_t i = 0; i < n; i++)
    free (texts[i]);
  free (texts);
  free (src);
  return rc;
}

/* libsepol's answer for D in the policy loaded last: 1 allowed, 0 denied
 * (REASON says by what), -1 when a name or context is not in it. */
static const char *
bound_in (const struct work *w, const char *type)
{
  for (size_t i = 0; i < w->n_bounds; i++)
    if (strcmp (w->bounded[i], type) == 0)
      return w->bound[i];
  return NULL;
}

static int
ask_contexts (const char *scontext, const char *tcontext, const struct denial *d, unsigned *reason)
{
  sepol_security_id_t ssid, tsid;
  sepol_security_class_t cls;
  sepol_access_vector_t want = 0, perm;
  struct sepol_av_decision avd;

  if (sepol_context_to_sid (scontext, strlen (scontext) + 1, &ssid) < 0
      || sepol_context_to_sid (tcontext, strlen (tcontext) + 1, &tsid) < 0
      || sepol_string_to_security_class (d->tclass, &cls) < 0)
    return -1;
  for (size_t i = 0; i < d->n_perms; i++)
    {
      if (sepol_string_to_av_perm (cls, d->perms[i], &perm) < 0)
        return -1;
      want |= perm;
    }
  *reason = 0;
  if (sepol_compute_av_reason (ssid, tsid, cls, want, &avd, reason) < 0)
    return -1;
  return (avd.allowed & want) == want;
}

/* The kernel's answer: the rules and constraints, then, for a bounded
 * source, the same question for its bound (and the target's bound, when
 * it has one) with the contexts otherwise kept; a denial there masks. */
static int
ask_bounded (const struct work *w, const char *scontext, const char *tcontext, const struct denial *d,
             unsigned *reason, unsigned depth)
{
  int a = ask_contexts (scontext, tcontext, d, reason);
  if (a <= 0 || depth > 16)
    return a;
  cleanup_free char *stype = sepm_avc_record_context_type (scontext), *ttype = sepm_avc_record_context_type (tcontext);
  const char *sb = stype ? bound_in (w, stype) : NULL, *tb = ttype ? bound_in (w, ttype) : NULL;
  if (sb == NULL)
    return 1;
  cleanup_free char *ps = with_type (scontext, sb), *pt = tb ? with_type (tcontext, tb) : xstrdup (tcontext);
  unsigned parent_reason = 0;
  a = ask_bounded (w, ps, pt, d, &parent_reason, depth + 1);
  if (a == 0)
    *reason = SEPOL_COMPUTEAV_BOUNDS;
  return a;
}

static int
ask (const struct work *w, const struct denial *d, unsigned *reason)
{
  return ask_bounded (w, d->scontext, d->tcontext, d, reason, 0);
}

/* TYPE among the modules' own types, or NULL. */
static const struct sepm_module_type *
module_type (const struct work *w, const char *type)
{
  for (size_t m = 0; m < w->n_blocks; m++)
    for (size_t t = 0; t < w->results[m].n_types; t++)
      if (strcmp (w->results[m].types[t].name, type) == 0)
        return &w->results[m].types[t];
  return NULL;
}

static const char *
bound_of (const struct work *w, const char *type)
{
  const struct sepm_module_type *t = module_type (w, type);
  return t ? t->bounds : NULL;
}

static bool
is_module_domain (const struct work *w, const char *type)
{
  const struct sepm_module_type *t = module_type (w, type);
  return t && t->is_domain;
}

static bool
is_known_type (const struct work *w, const char *type)
{
  return module_type (w, type) || sepm_policydb_type_value (w->base, type) != 0;
}

/* Whether the system (BASE, compiled alone) or the modules know D's
 * types, class and permissions: a name nobody declares never reaches the
 * compiler. */
static bool
known (const struct work *w, policydb_t *base, const struct denial *d)
{
  class_datum_t *cls = hashtab_search (base->p_classes.table, (hashtab_key_t) d->tclass);
  if (cls == NULL)
    return false;
  for (size_t i = 0; i < d->n_perms; i++)
    if (hashtab_search (cls->permissions.table, (hashtab_key_t) d->perms[i]) == NULL
        && (cls->comdatum == NULL || hashtab_search (cls->comdatum->permissions.table, (hashtab_key_t) d->perms[i]) == NULL))
      return false;
  for (int k = 0; k < 2; k++)
    {
      const char *t = k ? d->target : d->source;
      if (!module_type (w, t) && sepm_policydb_type_value (base, t) == 0)
        return false;
    }
  return true;
}

static char *
perms_text (const struct denial *d)
{
  struct sepm_buf b = { 0 };
  sepm_buf_puts (&b, "");
  for (size_t i = 0; i < d->n_perms; i++)
    {
      sepm_buf_puts (&b, i ? " " : "");
      sepm_buf_puts (&b, d->perms[i]);
    }
  return b.data;
}

/* The kernel asks for nnp_transition (or nosuid_transition) first and
 * audits the denial, then lets the transition through if the new domain
 * is bounded by the old one, directly or up its chain
 * (security_bounded_transition); only when that fails too does it log
 * SELINUX_ERR and refuse the exec.  So a process2 denial whose target the
 * modules bound by its source, with no SELINUX_ERR for the same pair in
 * the log, is a transition that happened: nothing to add.  Every OCI
 * runtime sets no_new_privs, so each entry into a module domain logs one
 * (the kernel test's serial logs). */
static void
allowed_by_bounds (struct work *w)
{
  for (size_t i = 0; i < w->n; i++)
    {
      struct denial *d = &w->d[i];
      if (d->kind != SEPM_SUGGEST_TRANSITION || d->refused)
        continue;
      bool refused = false;
      for (size_t j = 0; j < w->n && !refused; j++)
        refused = w->d[j].kind == SEPM_SUGGEST_TRANSITION && w->d[j].refused && strcmp (w->d[j].source, d->source) == 0
          && strcmp (w->d[j].target, d->target) == 0;
      if (refused)
        continue;
      const char *b = d->target;
      for (unsigned depth = 0; b != NULL && depth < 32; depth++)
        {
          b = bound_of (w, b);
          if (b && strcmp (b, d->source) == 0)
            {
              d->kind = SEPM_SUGGEST_ALLOWED;
              break;
            }
        }
    }
}

/* Decide, with every candidate compiled in, what stops each one. */
static void
classify (struct work *w)
{
  for (size_t i = 0; i < w->n; i++)
    {
      struct denial *d = &w->d[i];
      unsigned reason = 0;
      if (d->kind)
        continue;
      if (!is_module_domain (w, d->source))
        {
          d->kind = SEPM_SUGGEST_UNKNOWN;
          d->why = WHY_NOT_DOMAIN;
          continue;
        }
      int a = ask (w, d, &reason);
      if (a < 0)
        {
          d->kind = SEPM_SUGGEST_UNKNOWN;
          d->why = WHY_BAD_CONTEXT;
        }
      else if (a == 1)
        d->kind = SEPM_SUGGEST_GRANTABLE;
      else if (reason & SEPOL_COMPUTEAV_BOUNDS)
        d->kind = SEPM_SUGGEST_MASKED;
      else if (reason & (SEPOL_COMPUTEAV_CONS | SEPOL_COMPUTEAV_RBAC))
        {
          d->kind = SEPM_SUGGEST_CONSTRAINED;
          d->why = reason & SEPOL_COMPUTEAV_RBAC ? WHY_ROLE : WHY_CONSTRAINT;
        }
      else
        d->kind = SEPM_SUGGEST_FORBIDDEN;
    }
}

static bool
is_file_class (const char *c)
{
  static const char *const files[] = { "file", "dir", "lnk_file", "fifo_file", "sock_file", "chr_file", "blk_file" };
  for (size_t i = 0; i < sizeof (files) / sizeof (*files); i++)
    if (strcmp (c, files[i]) == 0)
      return true;
  return false;
}

/* Whether D asks only what an exec inherits across a transition: denied,
 * the kernel resets signal state and limits and sets AT_SECURE, and the
 * exec goes on (refpolicy grants them to no container domain). */
static bool
only_inheritance (const struct denial *d)
{
  if (strcmp (d->tclass, "process") != 0)
    return false;
  for (size_t i = 0; i < d->n_perms; i++)
    if (strcmp (d->perms[i], "siginh") != 0 && strcmp (d->perms[i], "rlimitinh") != 0
        && strcmp (d->perms[i], "noatsecure") != 0)
      return false;
  return true;
}

/* Why, and what to do instead, for D (perms merged). */
static char *
reason_for (const struct work *w, const struct denial *d)
{
  cleanup_free char *p = perms_text (d);
  const char *parent = bound_of (w, d->source);
  const char *tb = bound_in (w, d->target);

  switch (d->kind)
    {
    case SEPM_SUGGEST_MASKED:
      return xasprintf ("%s is bounded by %s, which lacks { %s } on %s %s: the kernel masks the rule. %s",
                        d->source, parent ? parent : "its parent", p, tb ? tb : d->target, d->tclass,
                        only_inheritance (d) ? "Nothing needs it: these are what an exec inherits across the "
                        "transition; denied, the kernel resets the signal state and limits and runs the program "
                        "in secure mode (AT_SECURE), and the exec goes on"
                        : is_file_class (d->tclass) ? "Label the file with a type of the module (the labels file), "
                        "move the work to a domain that may do it, or ask the host admin for a boolean"
                        : "Move the work to a domain that may do it, or ask the host admin for a boolean");
    case SEPM_SUGGEST_CONSTRAINED:
      return xasprintf ("a %s denies it: the process runs at %s and the object is at %s; no allow rule changes "
                        "that. Label the object at the container's level, or run the container at the object's",
                        d->why == WHY_ROLE ? "role rule" : "constraint (MCS, or users and roles)",
                        level_of (d->scontext), level_of (d->tcontext));
    case SEPM_SUGGEST_FORBIDDEN:
      return d->rule_id ? xasprintf ("sepm-verify would reject the module with it%s (%s)",
                                     d->why == WHY_TOGETHER ? ", with the other suggestions" : "", d->rule_id)
        : xstrdup ("the rule does not take in this policy: a system neverallow or a rule sepm-verify refuses");
    case SEPM_SUGGEST_TRANSITION:
      return xasprintf ("under no_new_privs (which OCI runtimes set) or on a nosuid mount, the kernel enters %s "
                        "from %s only if %s is bounded by %s; declare it %s's child (sepm.v1.child_domain) or "
                        "enter it from its own parent", d->target, d->source, d->target, d->source, d->source);
    case SEPM_SUGGEST_ALLOWED:
      return xasprintf ("under no_new_privs (which OCI runtimes set) or on a nosuid mount the kernel asks for "
                        "nnp_transition first, which no container domain is granted, and logs the denial; then it "
                        "lets %s in from %s because %s is bounded by %s: the transition happened, nothing to add",
                        d->target, d->source, d->target, d->source);
    case SEPM_SUGGEST_UNKNOWN:
      if (d->why == WHY_NOT_DOMAIN)
        return xasprintf ("%s is a file type of the module, not a domain: no process runs in it", d->source);
      if (d->why == WHY_BAD_CONTEXT)
        return xasprintf ("the contexts %s and %s are not valid in this policy (a role or user without the type, "
                          "or a level it lacks): the record comes from another policy", d->scontext, d->tcontext);
      return xasprintf ("this policy has no type `%s`, or no class `%s` with { %s }: the record comes from another "
                        "policy, or names another image's types", is_known_type (w, d->source) ? d->target
                        : d->source, d->tclass, p);
    default:
      return NULL;
    }
}

/* Statements for the grantable denials of module M, skipping those
 * already decided otherwise; CHOSEN, when not NULL, keeps those it marks.
 * A statement is written once: the same permission denied at several
 * levels, or a macro covering several, is one line. */
static char *
statements (const struct work *w, size_t m, const bool *chosen, const char *comment)
{
  struct sepm_buf b = { 0 };
  struct sepm_strset *seen = sepm_strset_new (64);
  sepm_buf_puts (&b, "");
  for (size_t i = 0; i < w->n; i++)
    if (w->d[i].module == m && w->d[i].kind == SEPM_SUGGEST_GRANTABLE && (chosen == NULL || chosen[i]))
      {
        cleanup_free char *s = w->d[i].macro ? xstrdup (w->d[i].macro) : statement_of (w, &w->d[i]);
        if (!sepm_strset_add (seen, s, NULL))
          continue;
        if (b.len == 0 && comment)
          {
            sepm_buf_puts (&b, "\n  ; ");
            sepm_buf_puts (&b, comment);
          }
        sepm_buf_puts (&b, "\n  ");
        sepm_buf_puts (&b, s);
      }
  sepm_strset_free (seen);
  if (b.len)
    sepm_buf_puts (&b, "\n");
  return b.data;
}

/* STMTS[m]: the grantable statements of every module (those CHOSEN marks,
 * when it is not NULL). */
static void
restate (const struct work *w, char **stmts, const bool *chosen)
{
  for (size_t m = 0; m < w->n_blocks; m++)
    {
      free (stmts[m]);
      stmts[m] = statements (w, m, chosen, NULL);
    }
}

/* Verify the modules with STMTS added; 1 admitted, 0 rejected (RULE set
 * to a rule id of a finding the modules did not have), -1 on an error. */
static int
prove (struct sepm_system_policy *sys, const struct sepm_profile *profile, const struct sepm_module_input *modules,
       const struct work *w, char **stmts, char **rule, sepm_error_t *err)
{
  size_t n = w->n_blocks;
  struct sepm_module_input *in = xcalloc (n + 1, sizeof (*in));
  struct sepm_module_result *res = xcalloc (n + 1, sizeof (*res));
  char **texts = xcalloc (n + 1, sizeof (char *));
  int rc;

  for (size_t i = 0; i < n; i++)
    {
      size_t len;
      texts[i] = text_with (&modules[i], &w->blocks[i], stmts[i], &len);
      in[i] = modules[i];
      in[i].text = texts[i];
      in[i].len = len;
    }
  rc = sepm_verify_modules (sys, profile, in, n, res, err);
  if (rc == 0)
    {
      rc = 1;
      for (size_t i = 0; i < n && rc == 1; i++)
        for (size_t f = 0; f < res[i].findings.n; f++)
          if (strcmp (res[i].findings.items[f].severity, "warning") != 0)
            {
              *rule = xstrdup (res[i].findings.items[f].rule_id);
              rc = 0;
              break;
            }
    }
  for (size_t i = 0; i < n; i++)
    {
      sepm_module_result_release (&res[i]);
      free (texts[i]);
    }
  free (res);
  free (texts);
  free (in);
  return rc;
}

/* Whether denials A and B ask for the same statement. */
static bool
same_statement (const struct denial *a, const struct denial *b)
{
  return a->module == b->module && strcmp (a->source, b->source) == 0 && strcmp (a->target, b->target) == 0
    && strcmp (a->tclass, b->tclass) == 0 && strcmp (a->perms[0], b->perms[0]) == 0;
}

/* Prove the statements of denials IDX[0..N) together with the modules;
 * when the proof rejects them, halve the set until each rejected one
 * stands alone, and mark it forbidden with the rule id.  K rejected
 * statements cost about 2K log N proofs, not one per statement (512
 * distinct denials took 512 proofs). */
static int
bisect (struct sepm_system_policy *sys, const struct sepm_profile *profile, const struct sepm_module_input *modules,
        struct work *w, char **stmts, bool *chosen, const size_t *idx, size_t n, sepm_error_t *err)
{
  char *rule = NULL;

  memset (chosen, 0, w->n * sizeof (bool));
  for (size_t k = 0; k < n; k++)
    chosen[idx[k]] = true;
  restate (w, stmts, chosen);
  int ok = prove (sys, profile, modules, w, stmts, &rule, err);
  if (ok != 0 || n == 1)
    {
      if (ok == 0)
        {
          w->d[idx[0]].kind = SEPM_SUGGEST_FORBIDDEN;
          w->d[idx[0]].rule_id = rule;
          rule = NULL;
        }
      free (rule);
      return ok < 0 ? -1 : 0;
    }
  free (rule);
  if (bisect (sys, profile, modules, w, stmts, chosen, idx, n / 2, err) < 0)
    return -1;
  return bisect (sys, profile, modules, w, stmts, chosen, idx + n / 2, n - n / 2, err);
}

/* Proof before suggestion: every grantable statement is verified with the
 * modules; one the proof rejects is forbidden, with its rule id. */
static int
prove_each (struct sepm_system_policy *sys, const struct sepm_profile *profile,
            const struct sepm_module_input *modules, struct work *w, sepm_error_t *err)
{
  char **stmts = xcalloc (w->n_blocks + 1, sizeof (char *));
  bool *chosen = xcalloc (w->n + 1, sizeof (bool));
  /* IDX: one denial for each distinct statement; REP: each denial's. */
  size_t *idx = xcalloc (w->n + 1, sizeof (size_t)), *rep = xcalloc (w->n + 1, sizeof (size_t)), n = 0;
  char *rule = NULL;
  int rc = 0;

  restate (w, stmts, NULL);
  int all = prove (sys, profile, modules, w, stmts, &rule, err);
  free (rule);
  rule = NULL;
  if (all == 0)
    {
      /* The denials sharing a statement share its outcome. */
      for (size_t i = 0; i < w->n; i++)
        if (w->d[i].kind == SEPM_SUGGEST_GRANTABLE)
          {
            size_t k = 0;
            while (k < n && !same_statement (&w->d[idx[k]], &w->d[i]))
              k++;
            if (k == n)
              idx[n++] = i;
            rep[i] = idx[k];
          }
      rc = bisect (sys, profile, modules, w, stmts, chosen, idx, n, err);
      for (size_t i = 0; rc == 0 && i < w->n; i++)
        if (w->d[i].kind == SEPM_SUGGEST_GRANTABLE && w->d[rep[i]].kind == SEPM_SUGGEST_FORBIDDEN)
          {
            w->d[i].kind = SEPM_SUGGEST_FORBIDDEN;
            w->d[i].rule_id = xstrdup (w->d[rep[i]].rule_id);
          }
    }
  if (all < 0)
    rc = -1;
  else if (all == 0 && rc == 0)
    {
      /* Each alone passed, or was set aside: the rest together must too,
       * or none is offered (fail closed). */
      restate (w, stmts, NULL);
      int rest = prove (sys, profile, modules, w, stmts, &rule, err);
      if (rest < 0)
        rc = -1;
      for (size_t i = 0; rest == 0 && i < w->n; i++)
        if (w->d[i].kind == SEPM_SUGGEST_GRANTABLE)
          {
            w->d[i].kind = SEPM_SUGGEST_FORBIDDEN;
            w->d[i].rule_id = xstrdup (rule);
            w->d[i].why = WHY_TOGETHER;
          }
      free (rule);
    }
  for (size_t m = 0; m < w->n_blocks; m++)
    free (stmts[m]);
  free (stmts);
  free (chosen);
  free (idx);
  free (rep);
  return rc;
}

/* The denials of D's source on D's target that are grantable, as a
 * macro's request: classes, and the permissions of each. */
static char *
macro_for (const struct work *w, const struct sepm_macros *macros, size_t i)
{
  const struct denial *d = &w->d[i];
  const char **classes = xcalloc (w->n + 1, sizeof (char *));
  const char ***perms = xcalloc (w->n + 1, sizeof (char **));
  size_t *n_perms = xcalloc (w->n + 1, sizeof (size_t));
  size_t n = 0;

  for (size_t j = 0; j < w->n; j++)
    {
      const struct denial *e = &w->d[j];
      if (e->kind != SEPM_SUGGEST_GRANTABLE || e->module != d->module || strcmp (e->source, d->source) != 0
          || strcmp (e->target, d->target) != 0)
        continue;
      size_t c;
      for (c = 0; c < n && strcmp (classes[c], e->tclass) != 0; c++)
        ;
      if (c == n)
        {
          classes[n] = e->tclass;
          perms[n] = xcalloc (w->n + 1, sizeof (char *));
          n++;
        }
      for (size_t p = 0; p < e->n_perms; p++)
        perms[c][n_perms[c]++] = e->perms[p];
    }
  char *call = sepm_suggest_macros_cover (macros, local_of (w, d->module, d->source),
                                          local_of (w, d->module, d->target), d->target,
                                          strcmp (d->source, d->target) == 0, classes,
                                          (const char *const *const *) perms, n);
  for (size_t c = 0; c < n; c++)
    free (perms[c]);
  free (perms);
  free (n_perms);
  free (classes);
  return call;
}

static void
set_macro (struct work *w, const char *from, const char *to)
{
  for (size_t i = 0; i < w->n; i++)
    if (sepm_str_same (w->d[i].macro, from))
      {
        free (w->d[i].macro);
        w->d[i].macro = to ? xstrdup (to) : NULL;
      }
}

/* Offer a template macro where one covers a source's grantable denials
 * on a target, if the proof admits it.  A macro grants more than was
 * denied, so it is the alternative: the allow rules stay the statement
 * (least privilege) and are what --apply writes. */
static int
cover_with_macros (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                   const struct sepm_module_input *modules, struct work *w, sepm_error_t *err)
{
  struct sepm_macros macros;
  char **stmts = xcalloc (w->n_blocks + 1, sizeof (char *));
  char *rule = NULL;
  int rc = 0;

  sepm_suggest_macros_read (sys->templates_text, sys->templates_len, &macros);
  for (size_t i = 0; i < w->n; i++)
    if (w->d[i].kind == SEPM_SUGGEST_GRANTABLE && w->d[i].macro == NULL)
      {
        cleanup_free char *call = macro_for (w, &macros, i);
        for (size_t j = 0; call && j < w->n; j++)
          if (w->d[j].kind == SEPM_SUGGEST_GRANTABLE && w->d[j].module == w->d[i].module
              && strcmp (w->d[j].source, w->d[i].source) == 0 && strcmp (w->d[j].target, w->d[i].target) == 0)
            w->d[j].macro = xstrdup (call);
      }
  sepm_suggest_macros_release (&macros);
  /* Each macro alone, with the rest as allow rules, then all together. */
  for (size_t i = 0; i < w->n && rc == 0; i++)
    {
      if (w->d[i].macro == NULL)
        continue;
      bool first = true;
      for (size_t j = 0; j < i && first; j++)
        first = !sepm_str_same (w->d[j].macro, w->d[i].macro);
      if (!first)
        continue;
      cleanup_free char *mine = xstrdup (w->d[i].macro);
      struct work alone = *w;
      alone.d = xcalloc (w->n + 1, sizeof (*alone.d));
      for (size_t j = 0; j < w->n; j++)
        {
          alone.d[j] = w->d[j];
          alone.d[j].macro = sepm_str_same (w->d[j].macro, mine) ? w->d[j].macro : NULL;
        }
      restate (&alone, stmts, NULL);
      free (alone.d);
      int ok = prove (sys, profile, modules, w, stmts, &rule, err);
      free (rule);
      rule = NULL;
      if (ok < 0)
        rc = -1;
      else if (ok == 0)
        set_macro (w, mine, NULL);
    }
  if (rc == 0)
    {
      restate (w, stmts, NULL);
      int ok = prove (sys, profile, modules, w, stmts, &rule, err);
      free (rule);
      if (ok < 0)
        rc = -1;
      else if (ok == 0)
        for (size_t i = 0; i < w->n; i++)
          {
            free (w->d[i].macro);
            w->d[i].macro = NULL;
          }
    }
  for (size_t m = 0; m < w->n_blocks; m++)
    free (stmts[m]);
  free (stmts);
  return rc;
}

/* One item of the report: the levels part it only where they are the
 * reason (a constraint, or contexts the policy does not know); a
 * statement or a bounds mask is the same at every level. */
static bool
same_group (const struct denial *a, const struct denial *b)
{
  bool levels_matter = a->kind == SEPM_SUGGEST_CONSTRAINED || a->kind == SEPM_SUGGEST_UNKNOWN;
  return a->module == b->module && a->kind == b->kind && a->why == b->why && strcmp (a->source, b->source) == 0
    && strcmp (a->target, b->target) == 0 && strcmp (a->tclass, b->tclass) == 0
    && sepm_str_same (a->rule_id, b->rule_id)
    && (!levels_matter || (strcmp (level_of (a->scontext), level_of (b->scontext)) == 0
                           && strcmp (level_of (a->tcontext), level_of (b->tcontext)) == 0));
}

static int
by_line (const void *a, const void *b)
{
  const struct sepm_suggestion *x = a, *y = b;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* The decided permissions, merged again by source, target, class and
 * outcome: one statement or one reason each, in the order of the log. */
static void
report (struct work *w)
{
  bool *done = xcalloc (w->n + 1, sizeof (bool));
  for (size_t i = 0; i < w->n; i++)
    {
      if (done[i])
        continue;
      struct denial m = w->d[i];
      m.perms = NULL;
      m.n_perms = 0;
      m.n_records = 0;
      for (size_t j = i; j < w->n; j++)
        if (!done[j] && same_group (&w->d[i], &w->d[j]))
          {
            for (size_t k = 0; k < w->d[j].n_perms; k++)
              add_perm (&m, w->d[j].perms[k]);
            m.n_records += w->d[j].n_records;
            m.line = w->d[j].line < m.line ? w->d[j].line : m.line;
            done[j] = true;
          }
      cleanup_free char *why = reason_for (w, &m);
      add_item (w->out, &m, m.kind, m.kind == SEPM_SUGGEST_GRANTABLE ? statement_of (w, &m) : NULL, why, m.rule_id);
      if (m.macro)
        w->out->items[w->out->n - 1].macro = xstrdup (m.macro);
      for (size_t k = 0; k < m.n_perms; k++)
        free (m.perms[k]);
      free (m.perms);
    }
  free (done);
  if (w->out->n > 1)
    qsort (w->out->items, w->out->n, sizeof (*w->out->items), by_line);
}

int
sepm_suggest (struct sepm_system_policy *sys, const struct sepm_profile *profile,
              const struct sepm_module_input *modules, size_t n_modules, const char *audit_name, const char *audit,
              size_t audit_len, struct sepm_suggest_report *out, sepm_error_t *err)
{
  struct work w = { .out = out, .n_blocks = n_modules };
  struct sepm_module_result *base = xcalloc (n_modules + 1, sizeof (*base));
  char **stmts = xcalloc (n_modules + 1, sizeof (char *));
  policydb_t *pdb = NULL;
  int rc = -1;

  memset (out, 0, sizeof (*out));
  w.blocks = xcalloc (n_modules + 1, sizeof (*w.blocks));
  w.results = base;
  for (size_t i = 0; i < n_modules; i++)
    if (find_block (&modules[i], &w.blocks[i], err) < 0)
      goto out;
  /* Suggestions are for a module that passes as it is. */
  if (sepm_verify_modules (sys, profile, modules, n_modules, base, err) < 0)
    goto out;
  for (size_t i = 0; i < n_modules; i++)
    if (sepm_findings_errors (&base[i].findings))
      {
        sepm_error_make (err, 0, "%s is rejected as it is (%s): fix that first", modules[i].path,
                         base[i].findings.items[0].rule_id);
        goto out;
      }
  if (read_records (&w, audit_name, audit, audit_len, err) < 0 || sepm_system_policy_load_exact (sys, err) < 0)
    goto out;
  w.base = sys->base;
  for (size_t i = 0; i < w.n; i++)
    if (!known (&w, sys->base, &w.d[i]))
      {
        w.d[i].kind = SEPM_SUGGEST_UNKNOWN;
        w.d[i].why = WHY_NONE;
      }
  /* Every candidate compiled in, then what still stops each. */
  for (size_t m = 0; m < n_modules; m++)
    {
      struct sepm_buf b = { 0 };
      sepm_buf_puts (&b, "");
      for (size_t i = 0; i < w.n; i++)
        if (w.d[i].module == m && w.d[i].kind == 0)
          {
            cleanup_free char *s = statement_of (&w, &w.d[i]);
            sepm_buf_puts (&b, "\n");
            sepm_buf_puts (&b, s);
          }
      stmts[m] = b.data;
    }
  if (w.n && compile_and_load (sys, modules, n_modules, w.blocks, stmts, &w, &pdb, err) < 0)
    goto out;
  allowed_by_bounds (&w);
  classify (&w);
  if (prove_each (sys, profile, modules, &w, err) < 0 || cover_with_macros (sys, profile, modules, &w, err) < 0)
    goto out;
  report (&w);
  rc = 0;
out:
  sepm_policydb_free (pdb);
  for (size_t i = 0; i < w.n; i++)
    {
      free (w.d[i].source);
      free (w.d[i].target);
      free (w.d[i].tclass);
      free (w.d[i].scontext);
      free (w.d[i].tcontext);
      for (size_t p = 0; p < w.d[i].n_perms; p++)
        free (w.d[i].perms[p]);
      free (w.d[i].perms);
      free (w.d[i].rule_id);
      free (w.d[i].macro);
    }
  free (w.d);
  for (size_t i = 0; i < w.n_bounds; i++)
    {
      free (w.bounded[i]);
      free (w.bound[i]);
    }
  free (w.bounded);
  free (w.bound);
  for (size_t i = 0; i < n_modules; i++)
    {
      free (w.blocks[i].name);
      free (stmts[i]);
      sepm_module_result_release (&base[i]);
    }
  free (w.blocks);
  free (stmts);
  free (base);
  if (rc < 0)
    sepm_suggest_report_release (out);
  return rc;
}

void
sepm_suggest_report_release (struct sepm_suggest_report *r)
{
  for (size_t i = 0; i < r->n; i++)
    {
      struct sepm_suggestion *s = &r->items[i];
      free (s->source);
      free (s->target);
      free (s->tclass);
      for (size_t p = 0; p < s->n_perms; p++)
        free (s->perms[p]);
      free (s->perms);
      free (s->statement);
      free (s->reason);
      free (s->rule_id);
      free (s->macro);
    }
  free (r->items);
  for (size_t i = 0; i < r->n_malformed; i++)
    free (r->malformed[i]);
  free (r->malformed);
  memset (r, 0, sizeof (*r));
}

char *
sepm_suggest_apply (const char *text, size_t len, const struct sepm_suggest_report *r, size_t m,
                    const char *audit_name, size_t *out_len)
{
  struct sepm_module_input in = { "module", text, len, false, 0 };
  struct block b = { 0 };
  sepm_error_t ignored = NULL;
  struct sepm_buf s = { 0 };

  if (find_block (&in, &b, &ignored) < 0)
    {
      sepm_error_release (&ignored);
      return NULL;
    }
  sepm_buf_puts (&s, "");
  for (size_t i = 0; i < r->n; i++)
    if (r->items[i].module == m && r->items[i].kind == SEPM_SUGGEST_GRANTABLE)
      {
        if (s.len == 0)
          {
            cleanup_free char *shown = sepm_printable (audit_name, 200);
            sepm_buf_puts (&s, "\n  ; added by sepm-build --suggest for the denials in ");
            sepm_buf_puts (&s, shown);
          }
        sepm_buf_puts (&s, "\n  ");
        sepm_buf_puts (&s, r->items[i].statement);
      }
  if (s.len)
    sepm_buf_puts (&s, "\n");
  char *t = text_with (&in, &b, s.data, out_len);
  free (s.data);
  free (b.name);
  return t;
}
