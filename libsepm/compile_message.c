#include <config.h>
#include "compile_message.h"

#include <ctype.h>
#include <string.h>
#include <sepol/policydb/hashtab.h>

#include "util.h"

/* Statements whose second item declares a name. */
static const char *const declaring[] = {
  "type", "typeattribute", "typealias", "boolean", "tunable", "macro", "block", "optional",
  "classpermission", "classmap", "role", "roleattribute", "user", "userattribute", "sensitivity",
  "sensitivityalias", "category", "categoryalias", "context", "level", "levelrange", "ipaddr",
  "permissionx", "common", "class", NULL
};

/* Words CIL reads as keywords where a name could stand. */
static const char *const operand_keywords[] = {
  "self", "all", "and", "or", "not", "xor", "eq", "neq", "dom", "domby", "incomp", "range",
  "u1", "u2", "u3", "r1", "r2", "r3", "t1", "t2", "t3", "l1", "l2", "h1", "h2", "low", "high",
  "low-high", "high-low", "low-low", "high-high", "glblub", "true", "false", "source", "target",
  "object_r", "name", "ioctl", "nlmsg", "before", "after", NULL
};

static bool
in_list (const char *const *list, const char *s)
{
  for (; *list; list++)
    if (strcmp (*list, s) == 0)
      return true;
  return false;
}

static const char *
last_part (const char *name)
{
  const char *dot = strrchr (name, '.');
  return dot ? dot + 1 : name;
}

static void
collect (struct sepm_strset *names, const struct sexpr *e)
{
  const char *head = sepm_sexpr_head (e);
  const char *name = sepm_sexpr_atom_at (e, 1);

  if (!e->is_list)
    return;
  if (head && name && in_list (declaring, head))
    sepm_strset_add (names, last_part (name), NULL);
  /* A macro's parameters: (macro m ((type d) (boolean b)) ...). */
  if (head && strcmp (head, "macro") == 0 && e->n_items > 2 && e->items[2]->is_list)
    for (size_t i = 0; i < e->items[2]->n_items; i++)
      {
        const char *param = sepm_sexpr_atom_at (e->items[2]->items[i], 1);
        if (param)
          sepm_strset_add (names, param, NULL);
      }
  for (size_t i = 0; i < e->n_items; i++)
    collect (names, e->items[i]);
}

void
sepm_compile_message_declared (struct sepm_declared_names *d, const struct sexpr *tree)
{
  if (d->names == NULL)
    d->names = sepm_strset_new (256);
  if (tree)
    collect (d->names, tree);
}

void
sepm_compile_message_declared_release (struct sepm_declared_names *d)
{
  sepm_strset_free (d->names);
  d->names = NULL;
}

static const struct sexpr *
statement_with_head (const struct sexpr *e, const char *keyword)
{
  if (!e->is_list)
    return NULL;
  const char *head = sepm_sexpr_head (e);
  if (head && strcmp (head, keyword) == 0)
    return e;
  for (size_t i = 0; i < e->n_items; i++)
    {
      const struct sexpr *found = statement_with_head (e->items[i], keyword);
      if (found)
        return found;
    }
  return NULL;
}

unsigned
sepm_compile_message_keyword_line (const struct sexpr *tree, const char *message)
{
  static const char marker[] = "Unknown keyword ";
  const char *p = strstr (message, marker);
  const struct sexpr *s;

  if (p == NULL || tree == NULL)
    return 0;
  p += sizeof (marker) - 1;
  cleanup_free char *word = xstrndup (p, strcspn (p, " \t\n"));
  s = statement_with_head (tree, word);
  return s ? s->line : 0;
}

/* Statements that hold others: the failing one is inside. */
static const char *const containers[] = {
  "block", "optional", "macro", "in", "booleanif", "tunableif", "true", "false", NULL
};

/* The first statement, outermost first, that starts at LINE. */
static const struct sexpr *
statement_at (const struct sexpr *e, unsigned line)
{
  const char *head = sepm_sexpr_head (e);

  if (!e->is_list)
    return NULL;
  if (e->line == line && head && !in_list (containers, head))
    return e;
  for (size_t i = 0; i < e->n_items; i++)
    {
      const struct sexpr *found = statement_at (e->items[i], line);
      if (found)
        return found;
    }
  return NULL;
}

static bool
in_class_perms (const policydb_t *p, const char *name)
{
  for (uint32_t i = 0; i < p->p_classes.nprim; i++)
    {
      const class_datum_t *c = p->class_val_to_struct[i];
      if (c && (hashtab_search (c->permissions.table, (hashtab_key_t) name)
                || (c->comdatum && hashtab_search (c->comdatum->permissions.table, (hashtab_key_t) name))))
        return true;
    }
  return false;
}

static bool
system_declares (const policydb_t *p, const char *name)
{
  const symtab_t *tables[] = { &p->p_commons, &p->p_classes, &p->p_roles, &p->p_types, &p->p_users,
                               &p->p_bools, &p->p_levels, &p->p_cats };
  for (size_t i = 0; i < sizeof (tables) / sizeof (*tables); i++)
    if (hashtab_search (tables[i]->table, (hashtab_key_t) name))
      return true;
  return in_class_perms (p, name);
}

/* A number, an address or a range of them (ioctl numbers, ports). */
static bool
is_number (const char *s)
{
  return isdigit ((unsigned char) s[0]) != 0;
}

static void
unknown_in (const struct sexpr *e, const policydb_t *system, const struct sepm_declared_names *declared,
            struct sepm_strset *seen, struct sepm_buf *out)
{
  if (e->is_list)
    {
      for (size_t i = 0; i < e->n_items; i++)
        unknown_in (e->items[i], system, declared, seen, out);
      return;
    }
  const char *a = e->atom;
  const char *plain = a[0] == '.' ? a + 1 : a;
  if (a[0] == '"' || is_number (a) || in_list (operand_keywords, a)
      || (system && system_declares (system, plain))
      || (declared->names && sepm_strset_has (declared->names, last_part (a)))
      || !sepm_strset_add (seen, a, NULL))
    return;
  sepm_buf_puts (out, out->len ? ", `" : "`");
  sepm_buf_puts (out, a);
  sepm_buf_puts (out, "`");
}

char *
sepm_compile_message_unknown_names (const struct sexpr *tree, unsigned line, const policydb_t *system,
                                    const struct sepm_declared_names *declared)
{
  const struct sexpr *s = tree && line ? statement_at (tree, line) : NULL;
  struct sepm_strset *seen;
  struct sepm_buf out = { 0 };

  if (s == NULL)
    return NULL;
  seen = sepm_strset_new (16);
  /* Its keyword is known: the message names it. */
  for (size_t i = 1; i < s->n_items; i++)
    unknown_in (s->items[i], system, declared, seen, &out);
  sepm_strset_free (seen);
  return out.data;
}
