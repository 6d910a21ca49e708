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
  { "docker://", SEPM_TRANSPORT_DOCKER },
  { "containers-storage:", SEPM_TRANSPORT_STORAGE },
};

bool
sepm_image_ref_is_image (const char *text)
{
  for (size_t i = 0; i < sizeof (transports) / sizeof (*transports); i++)
    if (sepm_str_has_prefix (text, transports[i].prefix))
      return true;
  return false;
}

/* The distribution spec's repository grammar: lowercase components of
 * [a-z0-9] joined by `.`, `_`, `__` or runs of `-`, separated by `/`.
 * Checked strictly because the name goes into URLs and token scopes. */
static bool
valid_repo (const char *repo)
{
  size_t n = strlen (repo);
  if (n == 0 || n > 255 || repo[0] == '/' || repo[n - 1] == '/' || strstr (repo, "//"))
    return false;
  for (const char *p = repo; *p; p++)
    {
      bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
      if (!alnum && !strchr ("._-/", *p))
        return false;
      /* separators sit between alphanumerics */
      if (!alnum && *p != '-' && (p == repo || !strchr ("abcdefghijklmnopqrstuvwxyz0123456789_", p[-1])))
        return false;
    }
  return true;
}

static bool
valid_tag (const char *tag)
{
  size_t n = strlen (tag);
  return n > 0 && n <= 128 && tag[0] != '.' && tag[0] != '-'
    && strspn (tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

static bool
valid_host (const char *host)
{
  size_t n = strlen (host);
  /* It names a certs.d directory too: no `..`, no leading dot. */
  return n > 0 && n <= 255 && host[0] != '.' && host[0] != ':' && strstr (host, "..") == NULL
    && strspn (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == n;
}

/* docker://[HOST[:PORT]/]REPO[:TAG][@DIGEST], as skopeo reads it: the
 * first component is a host when it has a `.` or `:` or is `localhost`;
 * otherwise the image is on Docker Hub, under library/ when it has one
 * component. */
static int
parse_docker (const char *text, const char *rest, struct sepm_image_ref *out, sepm_error_t *err)
{
  cleanup_free char *name = NULL;
  const char *slash, *at = strchr (rest, '@'), *colon;
  size_t first;

  if (sepm_str_has_prefix (rest, "//"))
    return sepm_error_make (err, 0, "`%s`: write docker://HOST/REPO, with two slashes", text);
  name = at ? xstrndup (rest, at - rest) : xstrdup (rest);
  if (at)
    {
      out->digest = xstrdup (at + 1);
      if (strlen (out->digest) != 71 || !sepm_str_has_prefix (out->digest, "sha256:")
          || strspn (out->digest + 7, "0123456789abcdef") != 64)
        return sepm_error_make (err, 0, "`%s`: `%s` is not a sha256 digest (sha256: and 64 lowercase hex digits)",
                                text, out->digest);
    }
  slash = strchr (name, '/');
  first = slash ? (size_t) (slash - name) : 0;
  if (slash && (memchr (name, '.', first) || memchr (name, ':', first) || (first == 9 && memcmp (name, "localhost", 9) == 0)))
    {
      out->host = xstrndup (name, first);
      out->repo = xstrdup (slash + 1);
    }
  else
    {
      out->host = xstrdup ("docker.io");
      out->repo = slash ? xstrdup (name) : xasprintf ("library/%s", name);
    }
  /* The tag follows the last colon of the repository part. */
  colon = strrchr (out->repo, ':');
  if (colon)
    {
      out->tag = xstrdup (colon + 1);
      out->repo[colon - out->repo] = '\0';
      if (!valid_tag (out->tag))
        return sepm_error_make (err, 0, "`%s`: `%s` is not a valid tag", text, out->tag);
    }
  if (!valid_host (out->host))
    return sepm_error_make (err, 0, "`%s`: `%s` is not a registry host", text, out->host);
  if (!valid_repo (out->repo))
    return sepm_error_make (err, 0, "`%s`: `%s` is not a valid repository name (lowercase letters, digits, "
                            "and `.`, `_`, `-` between them, components separated by `/`)", text, out->repo);
  if (!out->tag && !out->digest)
    out->tag = xstrdup ("latest");
  out->path = xasprintf ("%s/%s", out->host, out->repo);
  return 0;
}

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
    return sepm_error_make (err, 0, "`%s`: unknown transport; use " SEPM_IMAGE_TRANSPORTS, text);
  if (out->transport == SEPM_TRANSPORT_DOCKER)
    {
      if (parse_docker (text, rest, out, err) < 0)
        {
          sepm_image_ref_release (out);
          return -1;
        }
      return 0;
    }
  /* The store's own syntax, [DRIVER@ROOT+RUNROOT:OPTIONS]NAME[:TAG], is
   * skopeo's to read: kept whole. */
  if (out->transport == SEPM_TRANSPORT_STORAGE)
    {
      out->path = xstrdup (rest);
      return 0;
    }
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
  free (ref->host);
  free (ref->repo);
  free (ref->digest);
  memset (ref, 0, sizeof (*ref));
}
