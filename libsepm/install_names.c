#include <config.h>
#include "install_names.h"

#include <string.h>

#include "hash.h"
#include "cil_canonical.h"
#include "sexpr.h"
#include "util.h"

/* Statements whose operand is a block itself rather than a name inside it. */
static bool
names_a_block (const char *head)
{
  return head && (strcmp (head, "block") == 0 || strcmp (head, "blockinherit") == 0
                  || strcmp (head, "in") == 0 || strcmp (head, "blockabstract") == 0);
}

/* The module of NAMES that ATOM refers to (`web.x`, `.web.x`, or `web`
 * as a block operand), with the length of the part to replace. */
static const struct sepm_installed_module *
referenced_module (const struct sepm_install_names *names, const char *atom, bool block_operand,
                   size_t *prefix_len)
{
  const char *a = atom[0] == '.' ? atom + 1 : atom;

  for (size_t i = 0; i < names->n; i++)
    {
      size_t n = strlen (names->modules[i].block);
      if (strncmp (a, names->modules[i].block, n) == 0 && (a[n] == '.' || (a[n] == '\0' && block_operand)))
        {
          *prefix_len = (size_t) (a - atom) + n;
          return &names->modules[i];
        }
    }
  return NULL;
}

/* Rename in place; USED[i] records the modules E refers to. */
static void
rename_tree (const struct sepm_install_names *names, struct sexpr *e, bool block_operand, bool *used)
{
  if (!e->is_list)
    {
      size_t len;
      const struct sepm_installed_module *m;
      if (e->atom[0] == '"' || (m = referenced_module (names, e->atom, block_operand, &len)) == NULL)
        return;
      used[m - names->modules] = true;
      if (m->installed_block)
        {
          char *renamed = xasprintf ("%s%s%s", e->atom[0] == '.' ? "." : "", m->installed_block, e->atom + len);
          free (e->atom);
          e->atom = renamed;
        }
      return;
    }
  const char *head = sepm_sexpr_head (e);
  size_t operand = sepm_sexpr_in_target_index (e);
  if (operand == 0)
    operand = names_a_block (head) ? 1 : 0;
  for (size_t i = 0; i < e->n_items; i++)
    rename_tree (names, e->items[i], operand && i == operand, used);
}

static int
rename_module (struct sepm_install_names *names, size_t k, const struct sepm_policy_module *src,
               sepm_error_t *err)
{
  struct sepm_installed_module *m = &names->modules[k];
  bool *used = xcalloc (names->n, sizeof (bool));
  struct sexpr *top = NULL;
  struct sepm_sha256 *h;
  struct sepm_buf text = { 0 };
  char hex[65];
  cleanup_free char *canon = NULL;
  size_t canon_len = 0;
  unsigned line = 0;
  sepm_error_t cerr = NULL;

  /* The registry verified these bytes only if they are canonical;
   * renamed through the canonical writer, they stay so, and the host
   * verifies and installs exactly what it renamed.  A text that is not
   * canonical is kept as it is, unrenamed, for the verifier to refuse
   * (compile.canonical). */
  if (sepm_cil_canonical (src->name, src->cil, src->cil_len, &canon, &canon_len, &line, &cerr) < 0
      || canon_len != src->cil_len || memcmp (canon, src->cil, canon_len) != 0)
    {
      sepm_error_release (&cerr);
      free (used);
      m->installed_block = xasprintf ("%s_uncanonical", m->block);
      m->installed_name = xasprintf ("sepm_%s_uncanonical", m->block);
      /* Byte for byte: the text may hold a NUL. */
      m->cil = xmalloc (src->cil_len + 1);
      memcpy (m->cil, src->cil, src->cil_len);
      m->cil[src->cil_len] = '\0';
      m->cil_len = src->cil_len;
      return 0;
    }
  if (sepm_sexpr_parse (src->name, src->cil, src->cil_len, 64, &top, err) < 0)
    {
      free (used);
      return -1;
    }
  /* A module may name itself and the modules before it (lower layers
   * first), whose installed names are known: their hashes join its own. */
  struct sepm_install_names later = { names->modules + k + 1, names->n - k - 1 };
  for (size_t i = 0; i < top->n_items; i++)
    rename_tree (&later, top->items[i], false, used + k + 1);
  for (size_t i = k + 1; i < names->n; i++)
    if (used[i])
      {
        sepm_sexpr_free (top);
        free (used);
        return sepm_error_make (err, 0, "module `%s` names module `%s`, which comes after it; a module may "
                                "use only the modules of its own and lower layers, listed before it",
                                m->block, names->modules[i].block);
      }
  struct sepm_install_names earlier = { names->modules, k };
  for (size_t i = 0; i < top->n_items; i++)
    rename_tree (&earlier, top->items[i], false, used);
  h = sepm_sha256_new ();
  sepm_sha256_update (h, src->cil, src->cil_len);
  for (size_t i = 0; i < k; i++)
    if (used[i])
      sepm_sha256_update (h, names->modules[i].installed_block, strlen (names->modules[i].installed_block) + 1);
  sepm_sha256_finish (h, hex);
  hex[SEPM_INSTALL_HASH_CHARS] = '\0';
  m->installed_block = xasprintf ("%s_%s", m->block, hex);
  m->installed_name = xasprintf ("sepm_%s_%s", m->block, hex);
  struct sepm_install_names self = { m, 1 };
  for (size_t i = 0; i < top->n_items; i++)
    rename_tree (&self, top->items[i], false, used + k);
  sepm_cil_canonical_write (&text, top);
  m->cil = text.data;
  m->cil_len = text.len;
  sepm_sexpr_free (top);
  free (used);
  return 0;
}

int
sepm_install_names_compute (const struct sepm_policy_entry *entries, size_t n_entries,
                            struct sepm_install_names *out, sepm_error_t *err)
{
  size_t total = 0, k = 0;
  const struct sepm_policy_module **src;

  memset (out, 0, sizeof (*out));
  for (size_t e = 0; e < n_entries; e++)
    total += entries[e].n_modules;
  out->modules = xcalloc (total + 1, sizeof (*out->modules));
  src = xcalloc (total + 1, sizeof (*src));
  for (size_t e = 0; e < n_entries; e++)
    for (size_t i = 0; i < entries[e].n_modules; i++, k++)
      {
        out->modules[k].block = xstrdup (entries[e].modules[i].name);
        out->modules[k].entry = e;
        src[k] = &entries[e].modules[i];
      }
  out->n = total;
  for (k = 0; k < total; k++)
    if (rename_module (out, k, src[k], err) < 0)
      {
        free (src);
        sepm_install_names_release (out);
        return -1;
      }
  free (src);
  return 0;
}

char *
sepm_install_names_type (const struct sepm_install_names *names, const char *type)
{
  size_t len;
  const struct sepm_installed_module *m = referenced_module (names, type, false, &len);

  if (m == NULL || m->installed_block == NULL)
    return xstrdup (type);
  return xasprintf ("%s%s", m->installed_block, type + len);
}

void
sepm_install_names_release (struct sepm_install_names *names)
{
  for (size_t i = 0; i < names->n; i++)
    {
      free (names->modules[i].block);
      free (names->modules[i].installed_block);
      free (names->modules[i].installed_name);
      free (names->modules[i].cil);
    }
  free (names->modules);
  memset (names, 0, sizeof (*names));
}
