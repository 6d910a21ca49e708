/* SHA-256 through OpenSSL EVP, as lowercase hex. */
#ifndef SEPM_HASH_H
#define SEPM_HASH_H

#include <stddef.h>

struct sepm_sha256;             /* an EVP_MD_CTX underneath */

struct sepm_sha256 *sepm_sha256_new (void);
void sepm_sha256_update (struct sepm_sha256 *h, const void *data, size_t len);
/* Finish into 64 hex characters plus NUL, and free the context. */
void sepm_sha256_finish (struct sepm_sha256 *h, char out[65]);

void sepm_sha256_hex (const void *data, size_t len, char out[65]);

#endif
