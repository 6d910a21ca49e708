/* The CIL front end as sepm drives it before libsepol sees a module: the
 * s-expression reader and the extraction of filecon statements into
 * labels.  (libsepol's compiler itself runs contained, in a child process:
 * docs/security.md.) */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "module_filecons.h"
#include "sexpr.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static size_t
newlines (const char *text, size_t size)
{
  size_t n = 0;
  for (size_t i = 0; i < size; i++)
    n += text[i] == '\n';
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct sexpr *top = NULL;
  struct sepm_labels labels = { 0 };
  sepm_error_t err = NULL;
  char *text = malloc (size + 1);

  if (text == NULL)
    return 0;
  memcpy (text, data, size);
  text[size] = '\0';
  if (sepm_sexpr_parse ("fuzz.cil", text, size, 64, &top, &err) == 0)
    sepm_sexpr_free (top);
  sepm_error_release (&err);
  size_t lines = newlines (text, size);
  if (sepm_module_filecons_take ("fuzz.cil", text, size, &labels, &err) >= 0)
    {
      /* Blanking filecons keeps every line where it was. */
      if (newlines (text, size) != lines)
        abort ();
    }
  sepm_labels_release (&labels);
  sepm_error_release (&err);
  free (text);
  return 0;
}
