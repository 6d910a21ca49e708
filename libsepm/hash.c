#include <config.h>
#include "hash.h"

#include <stdlib.h>
#include <openssl/evp.h>

struct sepm_sha256 *
sepm_sha256_new (void)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();

  if (ctx == NULL || EVP_DigestInit_ex (ctx, EVP_sha256 (), NULL) != 1)
    abort ();
  return (struct sepm_sha256 *) ctx;
}

void
sepm_sha256_update (struct sepm_sha256 *h, const void *data, size_t len)
{
  if (EVP_DigestUpdate ((EVP_MD_CTX *) h, data, len) != 1)
    abort ();
}

void
sepm_sha256_finish (struct sepm_sha256 *h, char out[65])
{
  static const char hex[] = "0123456789abcdef";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;

  if (EVP_DigestFinal_ex ((EVP_MD_CTX *) h, md, &n) != 1)
    abort ();
  for (unsigned int i = 0; i < n && i < 32; i++)
    {
      out[2 * i] = hex[md[i] >> 4];
      out[2 * i + 1] = hex[md[i] & 15];
    }
  out[64] = '\0';
  EVP_MD_CTX_free ((EVP_MD_CTX *) h);
}

void
sepm_sha256_hex (const void *data, size_t len, char out[65])
{
  struct sepm_sha256 *h = sepm_sha256_new ();
  sepm_sha256_update (h, data, len);
  sepm_sha256_finish (h, out);
}
