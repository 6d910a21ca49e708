/* The audit record reader of sepm-build --suggest: lines from a log a
 * maintainer pastes, which anything on the host may have written into. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "avc_record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct sepm_avc_record r;
  sepm_error_t err = NULL;
  int rc = sepm_avc_record_parse_line ((const char *) data, size, 1, &r, &err);

  if (rc == 1)
    {
      /* An accepted record is whole: an AVC has its permissions and both
       * contexts and its class, each within the field bound. */
      if (r.kind != SEPM_AVC_SELINUX_ERR
          && (r.n_perms == 0 || r.n_perms > SEPM_AVC_MAX_PERMS || !r.scontext || !r.tcontext || !r.tclass))
        abort ();
      if (r.kind == SEPM_AVC_SELINUX_ERR && r.op == NULL)
        abort ();
      if (r.scontext && strlen (r.scontext) > SEPM_AVC_MAX_FIELD)
        abort ();
      free (sepm_avc_record_context_type (r.scontext));
      sepm_avc_record_release (&r);
    }
  else if ((rc < 0) != (err != NULL))
    abort ();
  sepm_error_release (&err);
  return 0;
}
