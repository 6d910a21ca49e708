/* Shared by the OCI harnesses: write one fuzz input into an OCI layout as
 * the index, the manifest, the config or the single layer, with every
 * digest that points at it correct, so the input reaches the reader that
 * parses it instead of stopping at a digest mismatch. */
#ifndef SEPM_FUZZ_OCI_LAYOUT_H
#define SEPM_FUZZ_OCI_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

enum fuzz_oci_part
{
  FUZZ_OCI_INDEX, FUZZ_OCI_MANIFEST, FUZZ_OCI_CONFIG, FUZZ_OCI_LAYER,
};

/* Write the layout for this input and open it with sepm_image_open,
 * walking the layer's entries.  Never fails the process: every error is
 * an expected answer to hostile input. */
void fuzz_oci_open (enum fuzz_oci_part part, const uint8_t *data, size_t size);

#endif
