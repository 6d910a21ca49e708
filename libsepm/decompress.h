/* Reading compressed data whole, with a bound: a hostile input may be
 * small compressed and huge decompressed. */
#ifndef SEPM_DECOMPRESS_H
#define SEPM_DECOMPRESS_H

#include <stddef.h>

#include "error.h"

/* Decompress the file PATH (any filter libarchive knows, or none). */
int sepm_decompress_file (const char *path, size_t limit, char **out, size_t *out_len,
                          sepm_error_t *err);

/* Decompress LEN bytes of gzip data; WHAT names them in errors. */
int sepm_decompress_gunzip (const void *data, size_t len, size_t limit, const char *what,
                        char **out, size_t *out_len, sepm_error_t *err);

#endif
