#include <config.h>
#include "cil_compile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sepol/cil/cil.h>
#include <sepol/policydb.h>
#include <sepol/policydb/hierarchy.h>

#include "policydb.h"
#include "sexpr.h"
#include "util.h"

/* The log handler is process-global; this is where it writes.  A message
 * line reaches the handler in several calls, so text is buffered until its
 * newline. */
static struct sepm_cil_result *log_target;
static struct sepm_buf log_line;

static void
push_message (struct sepm_cil_result *r, const char *text)
{
  r->messages = xrealloc (r->messages, (r->n_messages + 1) * sizeof (char *));
  r->messages[r->n_messages++] = xstrdup (text);
}

static void
flush_log_line (void)
{
  struct sepm_cil_result *r = log_target;

  if (log_line.len == 0 || r == NULL)
    return;
  push_message (r, log_line.data);
  log_line.len = 0;
  log_line.data[0] = '\0';
}

static void
capture_log (int level, const char *msg)
{
  const char *nl;

  if (log_target == NULL)
    return;
  /* Bound the log, and say so: a reader must not take a cut log for the
   * whole. */
  if (log_target->n_messages >= SEPM_CIL_LOG_MAX)
    {
      if (strcmp (log_target->messages[log_target->n_messages - 1], SEPM_CIL_LOG_CUT) != 0)
        push_message (log_target, SEPM_CIL_LOG_CUT);
      return;
    }
  while ((nl = strchr (msg, '\n')) != NULL)
    {
      sepm_buf_append (&log_line, msg, nl - msg);
      flush_log_line ();
      msg = nl + 1;
    }
  if (*msg)
    sepm_buf_append (&log_line, msg, strlen (msg));
}

static void
put_line (struct sepm_buf *b, const char *what, const char *role)
{
  sepm_buf_puts (b, "role object_r ");
  sepm_buf_puts (b, what);
  sepm_buf_puts (b, " ");
  sepm_buf_puts (b, role);
  sepm_buf_puts (b, "\n");
}

/* object_r as compiled.  libsepol's writer keeps only its value (the
 * kernel ignores the rest), so `(rolebounds sysadm_r object_r)` leaves no
 * trace in the binary form; rendered here, the diff sees it. */
static void
render_unwritten (const policydb_t *p, char **text, size_t *len)
{
  const role_datum_t *r = p->p_roles.nprim >= OBJECT_R_VAL ? p->role_val_to_struct[OBJECT_R_VAL - 1] : NULL;
  struct sepm_buf b = { 0 };
  ebitmap_node_t *n;
  unsigned bit;

  sepm_buf_puts (&b, "");
  if (r == NULL)
    sepm_buf_puts (&b, "role object_r missing\n");
  else
    {
      if (r->bounds)
        put_line (&b, "bounds", p->p_role_val_to_name[r->bounds - 1]);
      ebitmap_for_each_positive_bit (&r->dominates, n, bit)
        if (bit + 1 != OBJECT_R_VAL)
          put_line (&b, "dominates", p->p_role_val_to_name[bit]);
    }
  *text = b.data;
  *len = b.len;
}

static int
produce_aux (cil_db_t *db, const policydb_t *p, struct sepm_cil_result *out)
{
  int (*const writers[SEPM_AUX_COUNT]) (cil_db_t *, char **, size_t *) = {
    [SEPM_AUX_FILECONS] = cil_filecons_to_string,
    [SEPM_AUX_SEUSERS] = cil_selinuxusers_to_string,
    [SEPM_AUX_USERS_EXTRA] = cil_userprefixes_to_string,
  };

  render_unwritten (p, &out->aux[SEPM_AUX_UNWRITTEN], &out->aux_len[SEPM_AUX_UNWRITTEN]);
  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      if (writers[k] == NULL)
        continue;
      if (writers[k] (db, &out->aux[k], &out->aux_len[k]) != SEPOL_OK)
        return -1;
      if (out->aux[k] == NULL)
        out->aux[k] = xstrdup ("");
    }
  return 0;
}

int
sepm_cil_compile (const struct sepm_cil_source *sources, size_t n_sources,
                  const struct sepm_cil_options *options,
                  struct sepm_cil_result *out, sepm_error_t *err)
{
  cil_db_t *db = NULL;
  sepol_policydb_t *spdb = NULL;
  int rc = 1;

  memset (out, 0, sizeof (*out));
  sepm_policydb_silence ();
  log_target = out;
  cil_set_log_handler (capture_log);
  /* The level semodule uses.  It also changes behaviour: libsepol 3.4
   * fails on duplicate filecon rules only when logging warnings. */
  cil_set_log_level (CIL_ERR);

  cil_db_init (&db);
  if (db == NULL)
    {
      log_target = NULL;
      return sepm_error_make (err, 0, "initialise the CIL compiler");
    }
  cil_set_disable_neverallow (db, !options->check_neverallow);
  /* Every attribute stays in the kernel policy (the inputs say so with
   * expandtypeattribute), and none is expanded by size. */
  cil_set_attrs_expand_generated (db, 0);
  cil_set_attrs_expand_size (db, 0);

  for (size_t i = 0; i < n_sources; i++)
    {
      /* cil_add_file takes a non-const buffer but does not modify it. */
      if (cil_add_file (db, sources[i].name, (char *) sources[i].text, sources[i].len) != SEPOL_OK)
        goto done;
    }
  if (cil_compile (db) != SEPOL_OK)
    goto done;
  if (cil_build_policydb (db, &spdb) != SEPOL_OK)
    goto done;
  /* What the compiler's checks would run here (cil_binary.c); the type
   * bounds check is sepm's to run on the result, for its findings. */
  if (!options->check_neverallow)
    out->user_role_bounds_refused = bounds_check_users (NULL, &spdb->p) != 0
                                    || bounds_check_roles (NULL, &spdb->p) != 0;

  if (options->want_aux && produce_aux (db, &spdb->p, out) < 0)
    {
      sepol_policydb_free (spdb);
      spdb = NULL;
      rc = sepm_error_make (err, 0, "produce the file contexts, seusers and users_extra of the compiled policy");
      goto done;
    }
  out->pdb = &spdb->p;
  rc = 0;

done:
  flush_log_line ();
  log_target = NULL;
  cil_db_destroy (&db);
  return rc;
}

int
sepm_cil_compile_write_resolved (const struct sepm_cil_source *sources, size_t n_sources,
                         char **text, size_t *len, struct sepm_cil_result *log,
                         sepm_error_t *err)
{
  cil_db_t *db = NULL;
  FILE *f;
  int rc = -1;

  memset (log, 0, sizeof (*log));
  *text = NULL;
  f = open_memstream (text, len);
  if (f == NULL)
    return sepm_error_make (err, errno, "open a memory stream");
  log_target = log;
  cil_set_log_handler (capture_log);
  cil_set_log_level (CIL_ERR);
  cil_db_init (&db);
  for (size_t i = 0; i < n_sources; i++)
    if (cil_add_file (db, sources[i].name, (char *) sources[i].text, sources[i].len) != SEPOL_OK)
      goto done;
  if (cil_write_resolve_ast (f, db) != SEPOL_OK)
    goto done;
  rc = 0;
done:
  flush_log_line ();
  log_target = NULL;
  cil_db_destroy (&db);
  fclose (f);
  if (rc < 0)
    {
      free (*text);
      *text = NULL;
      sepm_error_make (err, 0, "resolve the system policy's CIL%s%s",
                       log->n_messages ? ": " : "",
                       log->n_messages ? log->messages[log->n_messages - 1] : "");
    }
  return rc;
}

void
sepm_cil_result_release (struct sepm_cil_result *r)
{
  if (r->pdb)
    sepm_policydb_free (r->pdb);
  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    free (r->aux[k]);
  for (size_t i = 0; i < r->n_messages; i++)
    free (r->messages[i]);
  free (r->messages);
  memset (r, 0, sizeof (*r));
}
