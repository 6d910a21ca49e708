/* Kernel SELinux audit records, read from what a maintainer has: an
 * audit.log, `ausearch -i` output, or kernel log lines (dmesg, journal, a
 * serial console).  The records are hostile text: each field is bounded,
 * and a line cut in the middle is malformed, never half-read. */
#ifndef SEPM_AVC_RECORD_H
#define SEPM_AVC_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum sepm_avc_kind
{
  SEPM_AVC_DENIED,              /* avc: denied { ... } */
  SEPM_AVC_GRANTED,             /* avc: granted { ... } (auditallow) */
  SEPM_AVC_SELINUX_ERR,         /* type=SELINUX_ERR (1401): a failed transition, a bounds mask */
};

#define SEPM_AVC_MAX_PERMS 64
#define SEPM_AVC_MAX_FIELD 4096

struct sepm_avc_record
{
  enum sepm_avc_kind kind;
  unsigned line;                /* in the input, from 1 */
  char **perms;                 /* AVC: the permissions; NULL-terminated */
  size_t n_perms;
  char *scontext, *tcontext, *tclass;   /* AVC, and SELINUX_ERR op=security_compute_av */
  char *comm, *name, *path;     /* decoded when audit hex-encoded them; may be NULL */
  int permissive;               /* 0 or 1; -1 when the record does not say */
  /* SELINUX_ERR */
  char *op;                     /* security_bounded_transition, security_compute_av, ... */
  char *reason;                 /* bounds, ... */
  char *oldcontext, *newcontext;
  char *seresult;
  char *perms_text;             /* op=security_compute_av's perms= */
};

/* Read one line.  Returns 1 with OUT filled when LINE holds an AVC or
 * SELINUX_ERR record, 0 when it holds none, -1 with *ERR when it starts
 * one but is cut or malformed. */
int sepm_avc_record_parse_line (const char *line, size_t len, unsigned lineno, struct sepm_avc_record *out,
                         sepm_error_t *err);
void sepm_avc_record_release (struct sepm_avc_record *r);

/* The type of a context "user:role:type[:level]", or NULL. */
char *sepm_avc_record_context_type (const char *context);

#endif
