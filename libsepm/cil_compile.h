/* Driving libsepol's CIL compiler.
 *
 * libsepol's CIL is not thread-safe and logs through one process-global
 * handler, so compiles run one at a time per process; the log is captured
 * into the result instead of reaching stderr. */
#ifndef SEPM_CIL_COMPILE_H
#define SEPM_CIL_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sepol/policydb/policydb.h>

#include "error.h"

struct sepm_cil_source
{
  const char *name;             /* shown in messages as NAME:LINE */
  const char *text;
  size_t len;
};

struct sepm_cil_options
{
  /* Let libsepol check neverallow rules and typebounds while it builds
   * the kernel policy.  Violations then make the build fail. */
  bool check_neverallow;
  /* Also produce what libsemanage writes beside the kernel policy. */
  bool want_aux;
};

/* What libsemanage writes into the store and /etc/selinux from the
 * compiled CIL, besides the kernel policy: file_contexts (and, through
 * genhomedircon, the homedir templates) from filecon statements, seusers
 * from selinuxuser/selinuxuserdefault, users_extra from userprefix; and
 * what the kernel policy's binary form leaves out. */
enum sepm_cil_aux
{
  SEPM_AUX_FILECONS,
  SEPM_AUX_SEUSERS,
  SEPM_AUX_USERS_EXTRA,
  /* Not a file: what the compiled policy holds and its binary form drops,
   * so that the diff, which reads the binary form, still sees it.  Today
   * that is object_r's bounds and dominance: the writer keeps only its
   * value, and the reader replaces it with a fresh role. */
  SEPM_AUX_UNWRITTEN,
  SEPM_AUX_COUNT
};

struct sepm_cil_result
{
  policydb_t *pdb;              /* NULL when the compile failed */
  char *aux[SEPM_AUX_COUNT];    /* with want_aux; "" when empty */
  size_t aux_len[SEPM_AUX_COUNT];
  char **messages;              /* compiler log, one line each */
  size_t n_messages;
  /* Without check_neverallow: libsepol's user and role bounds checks,
   * which the compiler's checks include, refused the policy.  They run on
   * the policy as built, before the binary form: the binary drops what
   * the kernel ignores (object_r's bounds and types), and a check on the
   * policy read back would pass where the store's compile fails. */
  bool user_role_bounds_refused;
};

/* The compiler's log is bounded (a hostile module can make it talk a
 * lot); when it was cut, its last line is this one. */
#define SEPM_CIL_LOG_MAX 2000
#define SEPM_CIL_LOG_CUT "sepm: the compiler's log was cut here, at 2,000 lines"

/* Compile the sources in order.  Returns 0 when a policy was built, 1 when
 * the compiler refused the input (the reasons are in out->messages), and
 * -1 with *err set when sepm itself failed. */
int sepm_cil_compile (const struct sepm_cil_source *sources, size_t n_sources,
                      const struct sepm_cil_options *options,
                      struct sepm_cil_result *out, sepm_error_t *err);

/* Run the compiler's parse and resolve passes only and return the
 * resolved tree as text (libsepol's cil_write_resolve_ast).  In it, an
 * optional block that failed to resolve is printed with no body. */
int sepm_cil_compile_write_resolved (const struct sepm_cil_source *sources, size_t n_sources,
                             char **text, size_t *len, struct sepm_cil_result *log,
                             sepm_error_t *err);

void sepm_cil_result_release (struct sepm_cil_result *r);

#endif
