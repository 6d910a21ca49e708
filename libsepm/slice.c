#include <config.h>
#include "slice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cil_compile.h"
#include "policydb.h"
#include "sexpr.h"
#include "strset.h"
#include "util.h"

/* Statements that grant, audit or transition: the slice drops those whose
 * source can never include a module type.  neverallow stays: it is a
 * check, and the module must still pass it. */
static const char *const rule_keywords[] = {
  "allow", "auditallow", "dontaudit", "allowx", "auditallowx", "dontauditx",
  "typetransition", "typechange", "typemember", "rangetransition", NULL,
};

static const char *const expression_operators[] = { "and", "or", "xor", "not", "all", NULL };

static bool
in_list (const char *const *list, const char *s)
{
  for (; s && *list; list++)
    if (strcmp (*list, s) == 0)
      return true;
  return false;
}

struct ptr_vec
{
  struct sexpr **items;
  size_t n, cap;
};

static void
ptr_vec_push (struct ptr_vec *v, struct sexpr *e)
{
  if (v->n == v->cap)
    {
      v->cap = v->cap ? v->cap * 2 : 1024;
      v->items = xrealloc (v->items, v->cap * sizeof (*v->items));
    }
  v->items[v->n++] = e;
}

struct flattener
{
  struct sepm_strset *enabled_optionals;
  struct ptr_vec declarations;  /* borrowed from the parse trees */
  struct ptr_vec rules;         /* top-level rules, borrowed */
  struct ptr_vec conditionals;  /* booleanif/tunableif, borrowed */
  /* Plain attribute sets merged into one statement per attribute:
   * the store repeats `typeattributeset cil_gen_require` tens of
   * thousands of times, and resolving each costs more than the rest of
   * the compile. */
  struct sepm_strset *merged_types, *merged_roles, *merged_seen;
  struct ptr_vec merged;        /* owned */
  struct ptr_vec attributes;    /* typeattribute declarations, borrowed */
  struct ptr_vec neverallows;   /* borrowed; also in declarations */
  struct sepm_strset *aliases;  /* alias -> actual (const char *) */
  /* attribute -> struct ptr_vec * of the names its sets refer to */
  struct sepm_strset *attribute_refs;
  struct sepm_strset *nonmonotone;
  struct ptr_vec owned_vecs;
};

static bool
is_plain_name_list (const struct sexpr *e)
{
  if (!e->is_list)
    return true;
  for (size_t i = 0; i < e->n_items; i++)
    if (e->items[i]->is_list)
      return false;
  return !(e->n_items > 0 && in_list (expression_operators, e->items[0]->atom));
}

static bool
expression_is_nonmonotone (const struct sexpr *e)
{
  if (!e->is_list)
    return false;
  if (e->n_items > 0 && !e->items[0]->is_list
      && (strcmp (e->items[0]->atom, "not") == 0 || strcmp (e->items[0]->atom, "all") == 0
          || strcmp (e->items[0]->atom, "xor") == 0))
    return true;
  for (size_t i = 0; i < e->n_items; i++)
    if (expression_is_nonmonotone (e->items[i]))
      return true;
  return false;
}

static void
collect_names (const struct sexpr *e, struct ptr_vec *names)
{
  if (!e->is_list)
    {
      if (!in_list (expression_operators, e->atom))
        ptr_vec_push (names, (struct sexpr *) e);
      return;
    }
  for (size_t i = 0; i < e->n_items; i++)
    collect_names (e->items[i], names);
}

static void
record_attribute_set (struct flattener *f, const char *attr, const struct sexpr *expr)
{
  struct ptr_vec *refs = sepm_strset_get (f->attribute_refs, attr);

  if (refs == NULL)
    {
      refs = xcalloc (1, sizeof (*refs));
      ptr_vec_push (&f->owned_vecs, (struct sexpr *) refs);
      sepm_strset_add (f->attribute_refs, attr, refs);
    }
  collect_names (expr, refs);
  if (expression_is_nonmonotone (expr))
    sepm_strset_add (f->nonmonotone, attr, NULL);
}

static void
merge_plain_set (struct flattener *f, struct sepm_strset *index, const char *keyword,
                 const char *attr, const struct sexpr *names)
{
  struct sexpr *stmt = sepm_strset_get (index, attr);

  if (stmt == NULL)
    {
      stmt = sepm_sexpr_new_list (0);
      sepm_sexpr_push (stmt, sepm_sexpr_new_atom (keyword, 0));
      sepm_sexpr_push (stmt, sepm_sexpr_new_atom (attr, 0));
      sepm_sexpr_push (stmt, sepm_sexpr_new_list (0));
      sepm_strset_add (index, attr, stmt);
      ptr_vec_push (&f->merged, stmt);
    }
  for (size_t i = 0; i < (names->is_list ? names->n_items : 1); i++)
    {
      const char *name = names->is_list ? names->items[i]->atom : names->atom;
      cleanup_free char *key = xasprintf ("%s %s %s", keyword, attr, name);
      if (sepm_strset_add (f->merged_seen, key, NULL))
        sepm_sexpr_push (stmt->items[2], sepm_sexpr_new_atom (name, 0));
    }
}

static void flatten (struct flattener *f, struct sexpr *list, size_t first);

static void
flatten_statement (struct flattener *f, struct sexpr *s)
{
  const char *head = sepm_sexpr_head (s);

  if (head == NULL)
    {
      ptr_vec_push (&f->declarations, s);
      return;
    }
  if (strcmp (head, "optional") == 0)
    {
      /* The store's resolution decided which optionals are on; an
       * enabled one is unwrapped, a disabled one dropped whole. */
      const char *name = sepm_sexpr_atom_at (s, 1);
      if (name && sepm_strset_has (f->enabled_optionals, name))
        flatten (f, s, 2);
      return;
    }
  if (in_list (rule_keywords, head))
    {
      ptr_vec_push (&f->rules, s);
      return;
    }
  if (strcmp (head, "neverallow") == 0 || strcmp (head, "neverallowx") == 0)
    ptr_vec_push (&f->neverallows, s);
  /* File contexts never reach the kernel policy, and a module's own
   * filecons are found in its text (obligation system.filecon). */
  if (strcmp (head, "filecon") == 0)
    return;
  if (strcmp (head, "booleanif") == 0 || strcmp (head, "tunableif") == 0)
    {
      ptr_vec_push (&f->conditionals, s);
      return;
    }
  if ((strcmp (head, "typeattributeset") == 0 || strcmp (head, "roleattributeset") == 0)
      && s->n_items == 3 && !s->items[1]->is_list)
    {
      bool types = head[0] == 't';
      if (types)
        record_attribute_set (f, s->items[1]->atom, s->items[2]);
      if (is_plain_name_list (s->items[2]))
        {
          merge_plain_set (f, types ? f->merged_types : f->merged_roles, head,
                           s->items[1]->atom, s->items[2]);
          return;
        }
    }
  if (strcmp (head, "typeattribute") == 0 && sepm_sexpr_atom_at (s, 1))
    ptr_vec_push (&f->attributes, s);
  if (strcmp (head, "typealiasactual") == 0 && sepm_sexpr_atom_at (s, 1) && sepm_sexpr_atom_at (s, 2))
    sepm_strset_add (f->aliases, s->items[1]->atom, s->items[2]->atom);
  ptr_vec_push (&f->declarations, s);
}

static void
flatten (struct flattener *f, struct sexpr *list, size_t first)
{
  for (size_t i = first; i < list->n_items; i++)
    flatten_statement (f, list->items[i]);
}

/* An attribute whose set refers to a non-monotone attribute is itself
 * non-monotone: iterate to a fixed point. */
static void
close_nonmonotone (struct flattener *f)
{
  bool changed = true;

  while (changed)
    {
      changed = false;
      for (size_t i = 0; i < f->attributes.n; i++)
        {
          const char *attr = f->attributes.items[i]->items[1]->atom;
          struct ptr_vec *refs = sepm_strset_get (f->attribute_refs, attr);
          if (refs == NULL || sepm_strset_has (f->nonmonotone, attr))
            continue;
          for (size_t j = 0; j < refs->n; j++)
            if (sepm_strset_has (f->nonmonotone, refs->items[j]->atom))
              {
                sepm_strset_add (f->nonmonotone, attr, NULL);
                changed = true;
                break;
              }
        }
    }
}

static const char *
resolve_alias (const struct flattener *f, const char *name)
{
  const char *actual = sepm_strset_get (f->aliases, name);
  return actual ? actual : name;
}

static bool
rule_is_covered (const struct flattener *f, const struct sepm_strset *covered, const struct sexpr *rule)
{
  const char *source = sepm_sexpr_atom_at (rule, 1);

  /* A source that is not a plain name is kept: being too generous only
   * costs compile time. */
  return source == NULL || sepm_strset_has (covered, resolve_alias (f, source));
}

static void
write_statements (struct sepm_buf *b, const struct ptr_vec *v)
{
  for (size_t i = 0; i < v->n; i++)
    {
      sepm_sexpr_write (b, v->items[i]);
      sepm_buf_append (b, "\n", 1);
    }
}

/* Write a conditional with only its covered rules; nothing when none is. */
static size_t
write_conditional (struct sepm_buf *b, const struct flattener *f,
                   const struct sepm_strset *covered, const struct sexpr *cond)
{
  struct sepm_buf branches = { 0 };
  size_t kept = 0;

  for (size_t i = 2; i < cond->n_items; i++)
    {
      const struct sexpr *branch = cond->items[i];
      struct sepm_buf rules = { 0 };
      if (!branch->is_list || branch->n_items < 1 || branch->items[0]->is_list)
        continue;
      for (size_t j = 1; j < branch->n_items; j++)
        if (covered == NULL || rule_is_covered (f, covered, branch->items[j]))
          {
            sepm_buf_append (&rules, " ", 1);
            sepm_sexpr_write (&rules, branch->items[j]);
            kept++;
          }
      if (rules.len)
        {
          sepm_buf_puts (&branches, " (");
          sepm_buf_puts (&branches, branch->items[0]->atom);
          sepm_buf_append (&branches, rules.data, rules.len);
          sepm_buf_puts (&branches, ")");
        }
      free (rules.data);
    }
  if (branches.len)
    {
      sepm_buf_puts (b, "(");
      sepm_buf_puts (b, cond->items[0]->atom);
      sepm_buf_puts (b, " ");
      sepm_sexpr_write (b, cond->items[1]);
      sepm_buf_append (b, branches.data, branches.len);
      sepm_buf_puts (b, ")\n");
    }
  free (branches.data);
  return kept;
}

static size_t
count_conditional_rules (const struct ptr_vec *conds)
{
  size_t n = 0;
  for (size_t i = 0; i < conds->n; i++)
    for (size_t j = 2; j < conds->items[i]->n_items; j++)
      if (conds->items[i]->items[j]->is_list && conds->items[i]->items[j]->n_items > 0)
        n += conds->items[i]->items[j]->n_items - 1;
  return n;
}

static void
write_keep_attributes (struct sepm_buf *b, const struct ptr_vec *attributes)
{
  sepm_buf_puts (b, "(expandtypeattribute (");
  for (size_t i = 0; i < attributes->n; i++)
    {
      if (i)
        sepm_buf_append (b, " ", 1);
      sepm_buf_puts (b, attributes->items[i]->items[1]->atom);
    }
  sepm_buf_puts (b, ") false)\n");
}

static int
find_enabled_optionals (const struct sepm_store *store, struct sepm_strset *enabled,
                        size_t *n_disabled, sepm_error_t *err)
{
  struct sepm_cil_source *sources = xcalloc (store->n_modules, sizeof (*sources));
  struct sepm_cil_result log;
  cleanup_free char *text = NULL;
  size_t len = 0;
  int rc;

  for (size_t i = 0; i < store->n_modules; i++)
    sources[i] = (struct sepm_cil_source) { store->modules[i].name, store->modules[i].cil,
                                            store->modules[i].cil_len };
  rc = sepm_cil_compile_write_resolved (sources, store->n_modules, &text, &len, &log, err);
  sepm_cil_result_release (&log);
  free (sources);
  if (rc < 0)
    return rc;

  *n_disabled = 0;
  for (const char *p = text; (p = strstr (p, "(optional ")) != NULL;)
    {
      const char *name = p + 10;
      size_t n = strcspn (name, " \t\n()");
      cleanup_free char *copy = strndup (name, n);
      /* Resolution prints a disabled optional with no body: `(optional x)`. */
      if (name[n] == ')')
        (*n_disabled)++;
      else
        sepm_strset_add (enabled, copy, NULL);
      p = name + n;
    }
  return 0;
}

/* The parents' own rules: certainly covered, and CIL refuses to build a
 * policy without any allow rule. */
static void
write_parent_rules (struct sepm_buf *b, const struct flattener *f, const char *const *parents,
                    size_t n_parents)
{
  for (size_t i = 0; i < f->rules.n; i++)
    {
      const char *source = sepm_sexpr_atom_at (f->rules.items[i], 1);
      const char *head = sepm_sexpr_head (f->rules.items[i]);
      if (source == NULL || strcmp (head, "allow") != 0)
        continue;
      source = resolve_alias (f, source);
      for (size_t k = 0; k < n_parents; k++)
        if (strcmp (source, parents[k]) == 0)
          {
            sepm_sexpr_write (b, f->rules.items[i]);
            sepm_buf_append (b, "\n", 1);
            break;
          }
    }
}

static int
compute_covered (const struct flattener *f, const char *decl_text, size_t decl_len,
                 const char *const *parents, size_t n_parents, struct sepm_strset *covered,
                 sepm_error_t *err)
{
  struct sepm_cil_source src = { "system-declarations", decl_text, decl_len };
  struct sepm_cil_options opts = { 0 };
  struct sepm_cil_result res;
  int rc = sepm_cil_compile (&src, 1, &opts, &res, err);

  if (rc != 0)
    {
      if (rc > 0)
        {
          FILE *dbg = getenv ("SEPM_DEBUG_SLICE") ? fopen (getenv ("SEPM_DEBUG_SLICE"), "w") : NULL;
          if (dbg)
            {
              for (size_t i = 0; i < res.n_messages; i++)
                fprintf (dbg, ";; %s\n", res.messages[i]);
              fwrite (decl_text, 1, decl_len, dbg);
              fclose (dbg);
            }
          sepm_error_make (err, 0, "the system policy's declarations do not compile: %s",
                           res.n_messages ? res.messages[0] : "no message");
        }
      sepm_cil_result_release (&res);
      return -1;
    }
  for (size_t i = 0; i < n_parents; i++)
    {
      uint32_t v = sepm_policydb_type_value (res.pdb, parents[i]);
      if (v == 0)
        continue;               /* a profile may name parents this policy lacks */
      sepm_strset_add (covered, parents[i], NULL);
      sepm_strset_add (covered, sepm_policydb_type_name (res.pdb, v), NULL);
      const char **attrs = sepm_policydb_type_attributes (res.pdb, v);
      for (const char **a = attrs; *a; a++)
        sepm_strset_add (covered, *a, NULL);
      free (attrs);
    }
  for (size_t i = 0; i < f->attributes.n; i++)
    {
      const char *attr = f->attributes.items[i]->items[1]->atom;
      if (sepm_strset_has (f->nonmonotone, attr))
        sepm_strset_add (covered, attr, NULL);
    }
  sepm_cil_result_release (&res);
  return 0;
}

int
sepm_slice_build (const struct sepm_store *store, const char *const *parents, size_t n_parents,
                  struct sepm_slice *out, sepm_error_t *err)
{
  struct flattener f = { 0 };
  struct sexpr **trees = xcalloc (store->n_modules, sizeof (*trees));
  struct sepm_strset *covered = sepm_strset_new (1024);
  struct sepm_buf decls = { 0 }, keep = { 0 }, slice = { 0 };
  int rc = -1;

  memset (out, 0, sizeof (*out));
  f.enabled_optionals = sepm_strset_new (16384);
  f.merged_types = sepm_strset_new (1024);
  f.merged_roles = sepm_strset_new (256);
  f.merged_seen = sepm_strset_new (65536);
  f.aliases = sepm_strset_new (1024);
  f.attribute_refs = sepm_strset_new (1024);
  f.nonmonotone = sepm_strset_new (64);

  if (find_enabled_optionals (store, f.enabled_optionals, &out->optionals_disabled, err) < 0)
    goto out;
  out->optionals_enabled = sepm_strset_count (f.enabled_optionals);

  for (size_t i = 0; i < store->n_modules; i++)
    {
      if (sepm_sexpr_parse (store->modules[i].name, store->modules[i].cil,
                            store->modules[i].cil_len, 256, &trees[i], err) < 0)
        goto out;
      flatten (&f, trees[i], 0);
    }
  close_nonmonotone (&f);

  write_statements (&decls, &f.declarations);
  write_statements (&decls, &f.merged);
  write_keep_attributes (&keep, &f.attributes);
  sepm_buf_append (&slice, decls.data, decls.len);
  sepm_buf_append (&decls, keep.data, keep.len);
  write_parent_rules (&decls, &f, parents, n_parents);
  if (compute_covered (&f, decls.data, decls.len, parents, n_parents, covered, err) < 0)
    goto out;

  out->rules_total = f.rules.n + count_conditional_rules (&f.conditionals);
  for (size_t i = 0; i < f.rules.n; i++)
    if (rule_is_covered (&f, covered, f.rules.items[i]))
      {
        sepm_sexpr_write (&slice, f.rules.items[i]);
        sepm_buf_append (&slice, "\n", 1);
        out->rules_kept++;
      }
  for (size_t i = 0; i < f.conditionals.n; i++)
    out->rules_kept += write_conditional (&slice, &f, covered, f.conditionals.items[i]);

  struct sepm_buf never = { 0 };
  sepm_buf_puts (&never, "");
  write_statements (&never, &f.neverallows);
  out->neverallows = never.data;
  out->neverallows_len = never.len;
  out->text = slice.data;
  out->len = slice.len;
  out->keep_attributes = keep.data;
  out->keep_attributes_len = keep.len;
  slice.data = keep.data = NULL;
  rc = 0;

out:
  free (decls.data);
  free (keep.data);
  free (slice.data);
  for (size_t i = 0; i < store->n_modules; i++)
    sepm_sexpr_free (trees[i]);
  free (trees);
  for (size_t i = 0; i < f.merged.n; i++)
    sepm_sexpr_free (f.merged.items[i]);
  for (size_t i = 0; i < f.owned_vecs.n; i++)
    {
      free (((struct ptr_vec *) f.owned_vecs.items[i])->items);
      free (f.owned_vecs.items[i]);
    }
  free (f.merged.items);
  free (f.owned_vecs.items);
  free (f.declarations.items);
  free (f.rules.items);
  free (f.conditionals.items);
  free (f.attributes.items);
  free (f.neverallows.items);
  sepm_strset_free (f.enabled_optionals);
  sepm_strset_free (f.merged_types);
  sepm_strset_free (f.merged_roles);
  sepm_strset_free (f.merged_seen);
  sepm_strset_free (f.aliases);
  sepm_strset_free (f.attribute_refs);
  sepm_strset_free (f.nonmonotone);
  sepm_strset_free (covered);
  return rc;
}

void
sepm_slice_release (struct sepm_slice *s)
{
  free (s->text);
  free (s->keep_attributes);
  free (s->neverallows);
  memset (s, 0, sizeof (*s));
}
