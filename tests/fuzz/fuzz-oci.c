/* The OCI index, manifest and config readers: the first byte picks which
 * document the rest of the input is. */
#include <config.h>
#include <stdint.h>

#include "oci_layout.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  fuzz_oci_open ((enum fuzz_oci_part) (data[0] % 3), data + 1, size - 1);
  return 0;
}
