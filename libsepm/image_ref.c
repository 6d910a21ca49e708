#include <config.h>
#include "image_ref.h"

#include <string.h>

#include "util.h"

static const struct
{
  const char *prefix;
  enum sepm_transport transport;
} transports[] = {
  { "oci:", SEPM_TRANSPORT_OCI },
  { "oci-archive:", SEPM_TRANSPORT_OCI_ARCHIVE },
  { "docker-archive:", SEPM_TRANSPORT_DOCKER_ARCHIVE },
};

int
sepm_image_ref_parse (const char *text, struct sepm_image_ref *out, sepm_error_t *err)
{
  const char *rest = NULL, *colon;

  memset (out, 0, sizeof (*out));
  for (size_t i = 0; i < sizeof (transports) / sizeof (*transports); i++)
    if (sepm_str_has_prefix (text, transports[i].prefix))
      {
        out->transport = transports[i].transport;
        rest = text + strlen (transports[i].prefix);
      }
  if (rest == NULL)
    return sepm_error_make (err, 0, "`%s`: unknown transport; use oci:DIR[:TAG], "
                            "oci-archive:FILE[:TAG] or docker-archive:FILE[:NAME:TAG]", text);
  /* As in skopeo, the path ends at the first colon; the rest is the tag
   * (a docker-archive reference may itself hold a colon: name:tag). */
  colon = strchr (rest, ':');
  out->path = colon ? xstrndup (rest, colon - rest) : xstrdup (rest);
  out->tag = colon && colon[1] ? xstrdup (colon + 1) : NULL;
  if (*out->path == '\0')
    {
      sepm_image_ref_release (out);
      return sepm_error_make (err, 0, "`%s`: the image path is empty", text);
    }
  return 0;
}

void
sepm_image_ref_release (struct sepm_image_ref *ref)
{
  free (ref->path);
  free (ref->tag);
  memset (ref, 0, sizeof (*ref));
}
