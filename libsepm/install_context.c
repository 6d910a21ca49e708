#include <config.h>
#include "install_context.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sexpr.h"
#include "util.h"

static const char *
user_of (const struct sepm_store_state *st, const char *module)
{
  for (size_t i = 0; i < st->n_images; i++)
    for (size_t m = 0; m < st->images[i].n_modules; m++)
      if (strcmp (st->images[i].modules[m], module) == 0)
        return st->images[i].reference;
  return NULL;
}

/* Another image than IMAGE_ID that uses MODULE. */
static const char *
other_user_of (const struct sepm_store_state *st, const char *module, const char *image_id)
{
  for (size_t i = 0; i < st->n_images; i++)
    for (size_t m = 0; m < st->images[i].n_modules; m++)
      if (strcmp (st->images[i].modules[m], module) == 0 && strcmp (st->images[i].id, image_id) != 0)
        return st->images[i].reference;
  return NULL;
}

static bool
is_new (const struct sepm_install_names *names, const char *module)
{
  for (size_t i = 0; i < names->n; i++)
    if (strcmp (names->modules[i].installed_name, module) == 0)
      return true;
  return false;
}

int
sepm_install_context_load (struct sepm_store_tx *tx, const struct sepm_store_state *st,
                           char *const *installed, size_t n_installed, const struct sepm_install_names *names,
                           const char *image_id, struct sepm_install_context *out, sepm_error_t *err)
{
  memset (out, 0, sizeof (*out));
  out->shared_with = xcalloc (names->n + 1, sizeof (char *));
  out->n_shared_with = names->n;
  for (size_t i = 0; i < names->n; i++)
    {
      const char *other = other_user_of (st, names->modules[i].installed_name, image_id);
      out->shared_with[i] = other ? xstrdup (other) : NULL;
    }
  for (size_t i = 0; i < n_installed; i++)
    {
      const char *name = installed[i];
      size_t len = 0;
      char *cil;

      if (strcmp (name, SEPM_TEMPLATES_MODULE) == 0 || is_new (names, name))
        continue;
      cil = sepm_store_tx_module_cil (tx, name, &len);
      if (cil == NULL)
        {
          sepm_install_context_release (out);
          return sepm_error_make (err, 0, "read module `%s` of the store, which stays installed beside the image",
                                  name);
        }
      const char *image = user_of (st, name);
      out->others = xrealloc (out->others, (out->n_others + 1) * sizeof (*out->others));
      out->others[out->n_others++] = (struct sepm_other_module) {
        .name = xstrdup (name),
        .block = xstrdup (name + strlen (SEPM_INSTALL_PREFIX)),
        .image = xstrdup (image ? image : "an image sepm-install did not record"),
        .cil = cil, .cil_len = len,
      };
    }
  return 0;
}

/* Does ATOM name BLOCK or something inside it (`web_HASH.exec`,
 * `.web_HASH.exec`)? */
static bool
names_block (const char *atom, const char *block)
{
  size_t n = strlen (block);
  if (atom[0] == '.')
    atom++;
  return strncmp (atom, block, n) == 0 && (atom[n] == '\0' || atom[n] == '.');
}

struct foreign
{
  const char *block;            /* a block of the other side */
  const char *module;           /* its module */
  const char *image;            /* and the image it belongs to */
};

static void
scan (const struct sexpr *e, const struct foreign *blocks, size_t n, const char *path, const char *image,
      struct sepm_findings *findings)
{
  if (!e->is_list)
    {
      for (size_t k = 0; k < n; k++)
        if (names_block (e->atom, blocks[k].block))
          sepm_findings_add (findings, "install.cross-image", path, e->line, e->atom,
                             "An image's modules may use only the system, the templates and the modules of "
                             "its own layers.",
                             "`%s` of %s names `%s`, a module of %s: installed side by side, one image would "
                             "change or lean on the other", e->atom, image, blocks[k].module, blocks[k].image);
      return;
    }
  for (size_t i = 0; i < e->n_items; i++)
    scan (e->items[i], blocks, n, path, image, findings);
}

static void
scan_text (const char *name, const char *cil, size_t len, const struct foreign *blocks, size_t n,
           const char *image, struct sepm_findings *findings)
{
  struct sexpr *tree = NULL;
  sepm_error_t ignored = NULL;

  /* A text that does not parse is the verifier's to report. */
  if (n == 0 || sepm_sexpr_parse (name, cil, len, 64, &tree, &ignored) < 0)
    {
      sepm_error_release (&ignored);
      return;
    }
  scan (tree, blocks, n, name, image, findings);
  sepm_sexpr_free (tree);
}

void
sepm_install_context_cross_refs (const struct sepm_install_context *ctx, const struct sepm_install_names *names,
                                 const char *image, struct sepm_findings *findings)
{
  struct foreign *theirs = xcalloc (ctx->n_others + names->n + 1, sizeof (*theirs));
  struct foreign *ours = xcalloc (names->n + 1, sizeof (*ours));
  size_t n_theirs = 0, n_ours = 0;

  for (size_t k = 0; k < ctx->n_others; k++)
    theirs[n_theirs++] = (struct foreign) { ctx->others[k].block, ctx->others[k].name, ctx->others[k].image };
  /* A module this image shares with another is the other's: this image's
   * own modules may not extend it (a byte-identical copy would otherwise
   * make another image's types this image's to change). */
  for (size_t i = 0; i < names->n; i++)
    if (ctx->shared_with && ctx->shared_with[i])
      theirs[n_theirs++] = (struct foreign) { names->modules[i].installed_block, names->modules[i].installed_name,
                                              ctx->shared_with[i] };
    else
      ours[n_ours++] = (struct foreign) { names->modules[i].installed_block, names->modules[i].installed_name, image };
  /* Both ways: a module installed earlier may wait, in an optional, for a
   * name this image brings (content-addressed names can be predicted). */
  for (size_t i = 0; i < names->n; i++)
    if (!(ctx->shared_with && ctx->shared_with[i]))
      scan_text (names->modules[i].installed_name, names->modules[i].cil, names->modules[i].cil_len, theirs,
                 n_theirs, image, findings);
  for (size_t k = 0; k < ctx->n_others; k++)
    scan_text (ctx->others[k].name, ctx->others[k].cil, ctx->others[k].cil_len, ours, n_ours,
               ctx->others[k].image, findings);
  free (theirs);
  free (ours);
}

int
sepm_install_context_check_settings (const struct sepm_store_ref *store, sepm_error_t *err)
{
  cleanup_free char *path = xasprintf ("%s/etc/selinux/semanage.conf", store->root);
  cleanup_free char *text = NULL;
  size_t len = 0;
  sepm_error_t ignored = NULL;

  if (access (path, F_OK) != 0)
    {
      free (path);
      path = xstrdup ("/etc/selinux/semanage.conf");
    }
  if (sepm_read_file (path, 1u << 20, &text, &len, &ignored) < 0)
    {
      /* No file: libsemanage's defaults, which keep no tunable. */
      sepm_error_release (&ignored);
      return 0;
    }
  for (char *line = strtok (text, "\n"); line; line = strtok (NULL, "\n"))
    {
      char key[64], value[64];
      size_t k = 0, v = 0;
      const char *p = line;
      while (*p && isspace ((unsigned char) *p))
        p++;
      while (*p && *p != '=' && !isspace ((unsigned char) *p) && k + 1 < sizeof (key))
        key[k++] = *p++;
      key[k] = '\0';
      while (*p && (isspace ((unsigned char) *p) || *p == '='))
        p++;
      while (*p && !isspace ((unsigned char) *p) && v + 1 < sizeof (value))
        value[v++] = *p++;
      value[v] = '\0';
      if (strcasecmp (key, "preserve-tunables") == 0 && strcasecmp (value, "true") == 0)
        return sepm_error_make (err, 0, "%s sets preserve-tunables = true: libsemanage would install the "
                                "modules' tunableif branches as conditional rules, a policy sepm did not "
                                "verify; set it to false to install with sepm", path);
    }
  return 0;
}

void
sepm_install_context_release (struct sepm_install_context *ctx)
{
  for (size_t i = 0; i < ctx->n_others; i++)
    {
      free (ctx->others[i].name);
      free (ctx->others[i].block);
      free (ctx->others[i].image);
      free (ctx->others[i].cil);
    }
  free (ctx->others);
  for (size_t i = 0; i < ctx->n_shared_with; i++)
    free (ctx->shared_with[i]);
  free (ctx->shared_with);
  memset (ctx, 0, sizeof (*ctx));
}
