/* The layer scanner: the input is a layer blob (tar, possibly compressed),
 * correctly referenced, and every entry it yields is checked. */
#include <config.h>
#include <stdint.h>

#include "oci_layout.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_oci_open (FUZZ_OCI_LAYER, data, size);
  return 0;
}
