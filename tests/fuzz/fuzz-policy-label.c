/* The policy label's value (gzip + base64 + JSON), as a registry reads it
 * from a stranger's image config. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image_label.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *value = malloc (size + 1);
  struct sepm_policy_entry entry;
  sepm_error_t err = NULL;

  if (value == NULL)
    return 0;
  memcpy (value, data, size);
  value[size] = '\0';
  memset (&entry, 0, sizeof entry);
  if (sepm_image_label_decode ("io.sepm.policy.v1.0", value, &entry, &err) == 0)
    {
      char *again = NULL;
      /* What decodes must encode again. */
      if (sepm_image_label_encode (&entry, &again, &err) < 0)
        abort ();
      free (again);
      sepm_image_label_release (&entry);
    }
  sepm_error_release (&err);
  free (value);
  return 0;
}
