/* Print the canonical form of a CIL file (libsepm/cil_canonical.h), the
 * text sepm-build would embed: for tests that write policy labels by hand
 * to reach the host's checks past sepm-build's. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "cil_canonical.h"
#include "util.h"

int
main (int argc, char **argv)
{
  char *text = NULL, *out = NULL;
  size_t len = 0, out_len = 0;
  unsigned line = 0;
  sepm_error_t err = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: cil-canonical FILE.cil\n");
      return 2;
    }
  if (sepm_read_file (argv[1], 1u << 20, &text, &len, &err) < 0
      || sepm_cil_canonical (argv[1], text, len, &out, &out_len, &line, &err) < 0)
    {
      fprintf (stderr, "cil-canonical: %s\n", err->msg);
      return 1;
    }
  fwrite (out, 1, out_len, stdout);
  free (text);
  free (out);
  return 0;
}
