#include <config.h>
#include "store_tx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <semanage/semanage.h>

#include "store_read.h"
#include "store_recover.h"
#include "util.h"

struct sepm_store_tx
{
  semanage_handle_t *h;
  char **installed;             /* module names listed at begin */
  uint16_t *priorities;         /* and the priority each is active at */
  size_t n_installed;
  bool rebuild;
  char message[1024];           /* libsemanage's last error */
};

/* libsemanage reports through a callback; keep the last error for ours. */
static void __attribute__ ((format (printf, 3, 4)))
capture_message (void *arg, semanage_handle_t *h, const char *fmt, ...)
{
  struct sepm_store_tx *tx = arg;
  va_list ap;

  if (semanage_msg_get_level (h) != SEMANAGE_MSG_ERR)
    return;
  va_start (ap, fmt);
  vsnprintf (tx->message, sizeof (tx->message), fmt, ap);
  va_end (ap);
}

static int
fail (struct sepm_store_tx *tx, sepm_error_t *err, const char *what)
{
  return sepm_error_make (err, 0, "%s: %s", what, tx->message[0] ? tx->message : "libsemanage failed");
}

static int
list_modules (struct sepm_store_tx *tx, sepm_error_t *err)
{
  semanage_module_info_t *list = NULL;
  int n = 0;

  if (semanage_module_list (tx->h, &list, &n) < 0)
    return fail (tx, err, "list the store's modules");
  tx->installed = xcalloc ((size_t) n + 1, sizeof (char *));
  tx->priorities = xcalloc ((size_t) n + 1, sizeof (uint16_t));
  for (int i = 0; i < n; i++)
    {
      semanage_module_info_t *m = semanage_module_list_nth (list, i);
      const char *name = NULL;
      uint16_t priority = 0;
      if (semanage_module_info_get_name (tx->h, m, &name) == 0 && name
          && semanage_module_info_get_priority (tx->h, m, &priority) == 0)
        {
          tx->priorities[tx->n_installed] = priority;
          tx->installed[tx->n_installed++] = xstrdup (name);
        }
      semanage_module_info_datum_destroy (m);
    }
  free (list);
  return 0;
}

static void
release (struct sepm_store_tx *tx)
{
  if (tx->h)
    {
      if (semanage_is_connected (tx->h))
        semanage_disconnect (tx->h);
      semanage_handle_destroy (tx->h);
    }
  for (size_t i = 0; i < tx->n_installed; i++)
    free (tx->installed[i]);
  free (tx->installed);
  free (tx->priorities);
  free (tx);
}

int
sepm_store_tx_begin (const struct sepm_store_tx_options *opts, struct sepm_store_tx **out,
                     sepm_error_t *err)
{
  const struct sepm_store_ref *ref = opts->store;
  struct sepm_store_recovery recovery;
  struct sepm_store_tx *tx;

  /* Before libsemanage reads the store: what a killed commit left. */
  if (sepm_store_recover (ref, &recovery, err) < 0)
    return -1;
  tx = xcalloc (1, sizeof (*tx));
  /* The root must be set before the handle exists: libsemanage reads it
   * once, when the handle is created. */
  if (*ref->root && semanage_set_root (ref->root) < 0)
    {
      free (tx);
      return sepm_error_make (err, 0, "use `%s` as the policy root", ref->root);
    }
  tx->h = semanage_handle_create ();
  if (tx->h == NULL)
    {
      free (tx);
      return sepm_error_make (err, 0, "create a libsemanage handle");
    }
  semanage_msg_set_callback (tx->h, capture_message, tx);
  /* The store the reader, the recovery and the state file mean, even
   * where libsemanage's own configuration would pick another. */
  semanage_select_store (tx->h, ref->name, SEMANAGE_CON_DIRECT);
  semanage_set_create_store (tx->h, 0);
  semanage_set_reload (tx->h, opts->reload);
  if (semanage_connect (tx->h) < 0)
    {
      fail (tx, err, "connect to the policy store");
      release (tx);
      return -1;
    }
  if (semanage_set_default_priority (tx->h, (uint16_t) opts->priority) < 0)
    {
      sepm_error_make (err, 0, "priority %u is out of range (1-999)", opts->priority);
      release (tx);
      return -1;
    }
  if (semanage_begin_transaction (tx->h) < 0)
    {
      fail (tx, err, "begin a transaction on the policy store");
      release (tx);
      return -1;
    }
  if (list_modules (tx, err) < 0)
    {
      release (tx);
      return -1;
    }
  if (recovery.needs_rebuild)
    {
      semanage_set_rebuild (tx->h, 1);
      tx->rebuild = true;
    }
  *out = tx;
  return 0;
}

bool
sepm_store_tx_must_commit (struct sepm_store_tx *tx)
{
  return tx->rebuild;
}

static ssize_t
find_module (struct sepm_store_tx *tx, const char *name)
{
  for (size_t i = 0; i < tx->n_installed; i++)
    if (strcmp (tx->installed[i], name) == 0)
      return (ssize_t) i;
  return -1;
}

bool
sepm_store_tx_has_module (struct sepm_store_tx *tx, const char *name)
{
  return find_module (tx, name) >= 0;
}

char **
sepm_store_tx_modules_with_prefix (struct sepm_store_tx *tx, const char *prefix, size_t *n)
{
  char **out = xcalloc (tx->n_installed + 1, sizeof (char *));

  *n = 0;
  for (size_t i = 0; i < tx->n_installed; i++)
    if (sepm_str_has_prefix (tx->installed[i], prefix))
      out[(*n)++] = xstrdup (tx->installed[i]);
  return out;
}

char *
sepm_store_tx_module_cil (struct sepm_store_tx *tx, const char *name, size_t *len)
{
  semanage_module_key_t *key = NULL;
  semanage_module_info_t *info = NULL;
  void *data = NULL;
  size_t n = 0;
  char *text = NULL;

  ssize_t i = find_module (tx, name);

  if (i < 0 || semanage_module_key_create (tx->h, &key) < 0)
    return NULL;
  if (semanage_module_key_set_name (tx->h, key, name) == 0
      && semanage_module_key_set_priority (tx->h, key, tx->priorities[i]) == 0
      && semanage_module_extract (tx->h, key, 1, &data, &n, &info) == 0)
    {
      text = xstrndup (data, n);
      *len = n;
      munmap (data, n);
    }
  if (info)
    {
      semanage_module_info_destroy (tx->h, info);
      free (info);
    }
  semanage_module_key_destroy (tx->h, key);
  free (key);
  return text;
}

int
sepm_store_tx_install (struct sepm_store_tx *tx, const char *name, const char *cil, size_t len,
                       sepm_error_t *err)
{
  cleanup_free char *copy = xstrndup (cil, len);

  if (semanage_module_install (tx->h, copy, len, name, "cil") < 0)
    return sepm_error_make (err, 0, "stage module `%s`: %s", name, tx->message[0] ? tx->message : "libsemanage failed");
  return 0;
}

int
sepm_store_tx_remove (struct sepm_store_tx *tx, const char *name, sepm_error_t *err)
{
  /* A failing remove does not abort libsemanage's transaction (field
   * notes): the caller must stop on it. */
  if (semanage_module_remove (tx->h, (char *) name) < 0)
    return sepm_error_make (err, 0, "stage the removal of module `%s`: %s", name,
                            tx->message[0] ? tx->message : "libsemanage failed");
  return 0;
}

int
sepm_store_tx_commit (struct sepm_store_tx *tx, sepm_error_t *err)
{
  int rc = semanage_commit (tx->h) < 0 ? fail (tx, err, "commit the policy store (it is unchanged)") : 0;
  release (tx);
  return rc;
}

void
sepm_store_tx_abort (struct sepm_store_tx *tx)
{
  if (tx)
    release (tx);
}
