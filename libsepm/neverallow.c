#include <config.h>
#include "neverallow.h"

#include <string.h>
#include <sepol/policydb/avtab.h>

#include "policydb.h"
#include "util.h"

static bool
parse_one (const struct sexpr *s, struct sepm_neverallow *out)
{
  const struct sexpr *cp;

  memset (out, 0, sizeof (*out));
  if (s->n_items != 4 || !sepm_sexpr_atom_at (s, 1) || !sepm_sexpr_atom_at (s, 2))
    return false;
  cp = s->items[3];
  /* (CLASS (PERM ...)) or (CLASS (all)) */
  if (!cp->is_list || cp->n_items != 2 || !sepm_sexpr_atom_at (cp, 0) || !cp->items[1]->is_list)
    return false;
  for (size_t i = 0; i < cp->items[1]->n_items; i++)
    if (cp->items[1]->items[i]->is_list)
      return false;
  out->source = xstrdup (s->items[1]->atom);
  out->target = strcmp (s->items[2]->atom, "self") == 0 ? NULL : xstrdup (s->items[2]->atom);
  out->class_name = xstrdup (cp->items[0]->atom);
  if (!(cp->items[1]->n_items == 1 && strcmp (cp->items[1]->items[0]->atom, "all") == 0))
    {
      out->perms = xcalloc (cp->items[1]->n_items + 1, sizeof (char *));
      for (size_t i = 0; i < cp->items[1]->n_items; i++)
        out->perms[i] = xstrdup (cp->items[1]->items[i]->atom);
    }
  struct sepm_buf b = { 0 };
  sepm_sexpr_write (&b, s);
  out->text = b.data;
  return true;
}

int
sepm_neverallows_parse (const char *text, size_t len, struct sepm_neverallows *out, sepm_error_t *err)
{
  struct sexpr *tree = NULL;

  memset (out, 0, sizeof (*out));
  if (sepm_sexpr_parse ("neverallows", text, len, 64, &tree, err) < 0)
    return -1;
  out->items = xcalloc (tree->n_items + 1, sizeof (*out->items));
  for (size_t i = 0; i < tree->n_items; i++)
    {
      const char *head = sepm_sexpr_head (tree->items[i]);
      if (head && strcmp (head, "neverallow") == 0 && parse_one (tree->items[i], &out->items[out->n]))
        out->n++;
      else
        out->needs_compiler = true;
    }
  sepm_sexpr_free (tree);
  return 0;
}

static void
free_one (struct sepm_neverallow *n)
{
  free (n->text);
  free (n->source);
  free (n->target);
  free (n->class_name);
  for (char **p = n->perms; p && *p; p++)
    free (*p);
  free (n->perms);
}

void
sepm_neverallows_release (struct sepm_neverallows *na)
{
  for (size_t i = 0; i < na->n; i++)
    free_one (&na->items[i]);
  free (na->items);
  memset (na, 0, sizeof (*na));
}

static int
copy_table (const avtab_t *from, avtab_t *to)
{
  if (avtab_alloc (to, from->nel ? from->nel : 1) < 0)
    return -1;
  for (uint32_t i = 0; from->htable && i < from->nslot; i++)
    for (avtab_ptr_t n = from->htable[i]; n; n = n->next)
      if (avtab_insert_nonunique (to, &n->key, &n->datum) == NULL)
        return -1;
  return 0;
}

static int
type_set (policydb_t *p, const char *name, ebitmap_t *out)
{
  uint32_t v = sepm_policydb_type_value (p, name);

  ebitmap_init (out);
  if (v == 0)
    return -1;
  if (sepm_policydb_type_is_attribute (p, v))
    return ebitmap_cpy (out, &p->attr_type_map[v - 1]);
  return ebitmap_set_bit (out, v - 1, 1);
}

static int
perm_bits (policydb_t *p, const struct sepm_neverallow *n, uint32_t *cls, uint32_t *bits)
{
  class_datum_t *c = hashtab_search (p->p_classes.table, (hashtab_key_t) n->class_name);

  if (c == NULL)
    return -1;
  *cls = c->s.value;
  *bits = 0;
  if (n->perms == NULL)
    {
      *bits = c->permissions.nprim >= 32 ? UINT32_MAX : (UINT32_C (1) << c->permissions.nprim) - 1;
      return 0;
    }
  for (char **perm = n->perms; *perm; perm++)
    {
      perm_datum_t *d = hashtab_search (c->permissions.table, *perm);
      if (d == NULL && c->comdatum)
        d = hashtab_search (c->comdatum->permissions.table, *perm);
      if (d == NULL)
        return -1;
      *bits |= UINT32_C (1) << (d->s.value - 1);
    }
  return 0;
}

/* Which allow rule broke it, to point the finding at the module's text
 * (the verdict comes from check_assertion alone). */
static const char *
offending_source (policydb_t *p, const avrule_t *rule, uint32_t cls, uint32_t bits, const char **target)
{
  avtab_t *tables[2] = { &p->te_avtab, &p->te_cond_avtab };

  for (int t = 0; t < 2; t++)
    for (uint32_t i = 0; tables[t]->htable && i < tables[t]->nslot; i++)
      for (avtab_ptr_t n = tables[t]->htable[i]; n; n = n->next)
        if ((n->key.specified & AVTAB_ALLOWED) && n->key.target_class == cls && (n->datum.data & bits)
            && ebitmap_match_any (&rule->stypes.types, &p->attr_type_map[n->key.source_type - 1])
            && (rule->flags == RULE_SELF
                || ebitmap_match_any (&rule->ttypes.types, &p->attr_type_map[n->key.target_type - 1])))
          {
            *target = p->p_type_val_to_name[n->key.target_type - 1];
            return p->p_type_val_to_name[n->key.source_type - 1];
          }
  return NULL;
}

int
sepm_neverallows_check (const struct sepm_neverallows *na, struct sepm_obligation_context *ctx,
                        sepm_error_t *err)
{
  policydb_t *pdb = ctx->cmp->comb;
  policydb_t view = *pdb;
  int rc = -1;

  /* check_assertion walks every bucket of the tables it is given; give it
   * tables sized to their contents.  The copy shares everything else. */
  avtab_init (&view.te_avtab);
  avtab_init (&view.te_cond_avtab);
  if (copy_table (&pdb->te_avtab, &view.te_avtab) < 0
      || copy_table (&pdb->te_cond_avtab, &view.te_cond_avtab) < 0)
    {
      sepm_error_make (err, 0, "copy the policy's rules for the neverallow check");
      goto out;
    }
  for (size_t i = 0; i < na->n; i++)
    {
      const struct sepm_neverallow *n = &na->items[i];
      avrule_t rule;
      class_perm_node_t perms = { 0 };
      uint32_t cls, bits;
      int violated;

      avrule_init (&rule);
      rule.specified = AVRULE_NEVERALLOW;
      rule.flags = n->target ? 0 : RULE_SELF;
      rule.perms = &perms;
      if (perm_bits (pdb, n, &cls, &bits) < 0 || type_set (pdb, n->source, &rule.stypes.types) < 0
          || (n->target && type_set (pdb, n->target, &rule.ttypes.types) < 0))
        {
          rule.perms = NULL;
          avrule_destroy (&rule);
          sepm_error_make (err, 0, "the system's `%s` names something the policy lacks", n->text);
          goto out;
        }
      perms.tclass = cls;
      perms.data = bits;
      violated = check_assertion (&view, &rule);
      if (violated > 0)
        {
          const char *target = NULL;
          const char *source = offending_source (pdb, &rule, cls, bits, &target);
          const char *names[] = { source ? source : n->class_name, target ? target : n->class_name,
                                  n->class_name, NULL };
          static const char *const heads[] = { "allow", NULL };
          sepm_obligation_report (ctx, "system.neverallow", heads, names,
                                  "The system policy forbids this for every type; remove the rule.",
                                  "violates the system's %s%s%s%s%s", n->text,
                                  source ? ": allow " : "", source ? source : "", source ? " " : "",
                                  target ? target : "");
        }
      rule.perms = NULL;        /* on the stack */
      avrule_destroy (&rule);
      if (violated < 0)
        {
          sepm_error_make (err, 0, "check the system's `%s`", n->text);
          goto out;
        }
    }
  rc = 0;
out:
  avtab_destroy (&view.te_avtab);
  avtab_destroy (&view.te_cond_avtab);
  return rc;
}
