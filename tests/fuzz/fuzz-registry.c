/* The parsers of what a hostile registry or scan client sends: the first
 * byte picks one (0 WWW-Authenticate, 1 a token reply, 2 a manifest with
 * no Content-Type, 3 a manifest sent as an OCI index, 4 an index to pick
 * linux/amd64 from, 5 Harbor's scan request); the rest is its input. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry_auth.h"
#include "image_ref.h"
#include "registry_manifest.h"
#include "scan_request.h"
#include "util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
challenge (const char *text)
{
  struct sepm_challenge c;
  sepm_error_t err = NULL;

  if (sepm_challenge_parse (text, &c, &err) == 0)
    {
      /* A Bearer challenge is followed to its realm: http(s) only. */
      if (c.scheme == SEPM_CHALLENGE_BEARER
          && (c.realm == NULL || !(sepm_str_has_prefix (c.realm, "https://") || sepm_str_has_prefix (c.realm, "http://"))))
        abort ();
      sepm_challenge_release (&c);
    }
  else if (err == NULL)
    abort ();
  sepm_error_release (&err);
}

static void
token (const char *body, size_t len)
{
  char *t = NULL;
  sepm_error_t err = NULL;

  if (sepm_registry_auth_token_parse (body, len, &t, &err) == 0)
    {
      /* It goes into a header line. */
      if (t == NULL || *t == '\0' || strpbrk (t, "\r\n"))
        abort ();
      free (t);
    }
  else if (t != NULL || err == NULL)
    abort ();
  sepm_error_release (&err);
}

static void
manifest (const char *body, size_t len, const char *content_type, bool pick)
{
  json_t *doc = NULL;
  enum sepm_manifest_kind kind;
  sepm_error_t err = NULL;

  if (sepm_registry_manifest_parse (body, len, content_type, &doc, &kind, &err) == 0)
    {
      /* What the reader goes on to use is there. */
      if (kind == SEPM_MANIFEST_INDEX ? !json_is_array (json_object_get (doc, "manifests"))
                                      : !json_is_object (json_object_get (doc, "config")))
        abort ();
      if (pick && kind == SEPM_MANIFEST_INDEX)
        {
          struct sepm_platform p = { "linux", "amd64", NULL };
          const char *digest;
          json_int_t size;
          if (sepm_registry_manifest_pick (doc, &p, &digest, &size, &err) == 0 && digest == NULL)
            abort ();
        }
    }
  json_decref (doc);
  sepm_error_release (&err);
}

static void
scan_request (const char *body, size_t len)
{
  struct sepm_scan_request r;
  struct sepm_image_ref ref;
  sepm_error_t err = NULL;
  int status = 0;

  if (sepm_scan_request_parse (body, len, &r, &status, &err) == 0)
    {
      /* What a worker is given names one image by digest, and a header
       * it sends cannot be split. */
      char *text = sepm_scan_request_reference (&r);
      if (sepm_image_ref_parse (text, &ref, &err) < 0 || ref.digest == NULL || strcmp (ref.repo, r.repository) != 0)
        abort ();
      if (r.authorization && strpbrk (r.authorization, "\r\n"))
        abort ();
      sepm_image_ref_release (&ref);
      free (text);
      sepm_scan_request_release (&r);
    }
  else if (err == NULL || (status != 400 && status != 413 && status != 422))
    abort ();
  sepm_error_release (&err);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  char *text = xstrndup ((const char *) data + 1, size - 1);
  size_t len = size - 1;

  switch (data[0] % 6)
    {
    case 0: challenge (text); break;
    case 1: token ((const char *) data + 1, len); break;
    case 2: manifest ((const char *) data + 1, len, NULL, false); break;
    case 3: manifest ((const char *) data + 1, len, SEPM_MT_OCI_INDEX, true); break;
    case 4: manifest ((const char *) data + 1, len, NULL, true); break;
    default: scan_request ((const char *) data + 1, len); break;
    }
  free (text);
  return 0;
}
