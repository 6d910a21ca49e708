#include <config.h>
#include "registry_auth.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "util.h"

#define MAX_AUTH_FILE (1u << 20)
#define MAX_TOKEN 16384

void
sepm_challenge_release (struct sepm_challenge *c)
{
  free (c->realm);
  free (c->service);
  free (c->scope);
  memset (c, 0, sizeof (*c));
}

/* RFC 7235's auth-params: name=token or name="quoted \" string",
 * separated by commas.  Unknown names are skipped. */
int
sepm_challenge_parse (const char *header, struct sepm_challenge *out, sepm_error_t *err)
{
  const char *p = header;

  memset (out, 0, sizeof (*out));
  if (header == NULL)
    return sepm_error_make (err, 0, "the registry asked for authentication without saying how (no WWW-Authenticate)");
  if (strncasecmp (p, "Bearer ", 7) == 0)
    out->scheme = SEPM_CHALLENGE_BEARER, p += 7;
  else if (strncasecmp (p, "Basic", 5) == 0 && (p[5] == ' ' || p[5] == '\0'))
    out->scheme = SEPM_CHALLENGE_BASIC, p += 5;
  else
    {
      cleanup_free char *shown = sepm_printable (header, 40);
      return sepm_error_make (err, 0, "the registry asks for an authentication scheme sepm does not know: `%s`",
                              shown);
    }
  while (*p)
    {
      while (*p == ' ' || *p == ',')
        p++;
      if (*p == '\0')
        break;
      size_t name_len = strcspn (p, "= ,");
      const char *name = p;
      struct sepm_buf value = { 0 };
      p += name_len;
      if (*p != '=')
        {
          sepm_challenge_release (out);
          cleanup_free char *raw = xstrndup (name, name_len);
          cleanup_free char *shown = sepm_printable (raw, 40);
          return sepm_error_make (err, 0, "WWW-Authenticate: parameter `%s` has no value", shown);
        }
      p++;
      if (*p == '"')
        {
          for (p++; *p && *p != '"'; p++)
            {
              if (*p == '\\' && p[1])
                p++;
              sepm_buf_append (&value, p, 1);
            }
          if (*p != '"')
            {
              free (value.data);
              sepm_challenge_release (out);
              return sepm_error_make (err, 0, "WWW-Authenticate: an unterminated quoted string");
            }
          p++;
        }
      else
        {
          size_t n = strcspn (p, ",");
          sepm_buf_append (&value, p, n);
          p += n;
        }
      char **slot = NULL;
      if (name_len == 5 && strncasecmp (name, "realm", 5) == 0)
        slot = &out->realm;
      else if (name_len == 7 && strncasecmp (name, "service", 7) == 0)
        slot = &out->service;
      else if (name_len == 5 && strncasecmp (name, "scope", 5) == 0)
        slot = &out->scope;
      if (slot)
        {
          free (*slot);
          *slot = value.data ? value.data : xstrdup ("");
        }
      else
        free (value.data);
    }
  if (out->scheme == SEPM_CHALLENGE_BEARER
      && (out->realm == NULL || !(sepm_str_has_prefix (out->realm, "https://")
                                  || sepm_str_has_prefix (out->realm, "http://"))))
    {
      sepm_challenge_release (out);
      return sepm_error_make (err, 0, "WWW-Authenticate: a Bearer challenge without an http(s) realm");
    }
  return 0;
}

int
sepm_registry_auth_token_parse (const char *body, size_t len, char **token, sepm_error_t *err)
{
  json_error_t jerr;
  json_t *doc = json_loadb (body, len, JSON_REJECT_DUPLICATES, &jerr);
  const char *t;

  *token = NULL;
  if (!json_is_object (doc))
    {
      json_decref (doc);
      return sepm_error_make (err, 0, "the token endpoint's reply is not a JSON object");
    }
  t = json_string_value (json_object_get (doc, "token"));
  if (t == NULL || *t == '\0')
    t = json_string_value (json_object_get (doc, "access_token"));
  /* The token goes into a header line: no control characters. */
  if (t == NULL || *t == '\0' || strlen (t) > MAX_TOKEN || strcspn (t, "\r\n\t ") != strlen (t))
    {
      json_decref (doc);
      return sepm_error_make (err, 0, "the token endpoint's reply holds no usable `token` or `access_token`");
    }
  *token = xstrdup (t);
  json_decref (doc);
  return 0;
}

char *
sepm_registry_auth_basic (const char *user, const char *pass)
{
  cleanup_free char *plain = xasprintf ("%s:%s", user, pass);
  size_t n = strlen (plain);
  char *out = xmalloc (6 + 4 * ((n + 2) / 3) + 1);

  strcpy (out, "Basic ");
  EVP_EncodeBlock ((unsigned char *) out + 6, (const unsigned char *) plain, (int) n);
  return out;
}

/* "USER:PASS" from an auth.json entry's base64 `auth`. */
int
sepm_registry_auth_basic_decode (const char *b64, char **user, char **pass)
{
  size_t n = strlen (b64);
  cleanup_free unsigned char *plain = xmalloc (n + 1);
  int len;
  char *colon;

  if (n == 0 || n % 4 || n > 8192)
    return -1;
  len = EVP_DecodeBlock (plain, (const unsigned char *) b64, (int) n);
  if (len < 0)
    return -1;
  /* EVP_DecodeBlock counts the padding's zero bytes. */
  while (len > 0 && n >= 1 && b64[n - 1] == '=' && plain[len - 1] == '\0')
    len--, n--;
  plain[len] = '\0';
  if (strlen ((char *) plain) != (size_t) len || (colon = strchr ((char *) plain, ':')) == NULL)
    return -1;
  *user = xstrndup ((char *) plain, colon - (char *) plain);
  *pass = xstrdup (colon + 1);
  return 0;
}

/* An auths key as docker writes it: "https://HOST/v1/" is HOST. */
static char *
normalise_key (const char *key)
{
  const char *k = key;
  if (sepm_str_has_prefix (k, "https://"))
    k += 8;
  else if (sepm_str_has_prefix (k, "http://"))
    k += 7;
  char *out = xstrdup (k);
  size_t n = strlen (out);
  if (n > 4 && strcmp (out + n - 4, "/v1/") == 0)
    out[n - 4] = '\0';
  else if (n > 0 && out[n - 1] == '/')
    out[n - 1] = '\0';
  if (strcmp (out, "index.docker.io") == 0 || strcmp (out, "registry-1.docker.io") == 0)
    {
      free (out);
      out = xstrdup ("docker.io");
    }
  return out;
}

/* The most specific key for HOST/REPO: "host/ns/repo", "host/ns", then
 * "host" (containers-auth.json(5)). */
static int
lookup_file (const char *path, bool named, const char *host, const char *repo, char **user, char **pass,
             sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  size_t len = 0, best = 0;
  json_error_t jerr;
  json_t *doc, *auths, *entry, *found = NULL;
  const char *key;
  cleanup_free char *full = xasprintf ("%s/%s", host, repo);
  struct stat st;

  if (stat (path, &st) < 0 && errno == ENOENT && !named)
    return 0;
  if (sepm_read_file (path, MAX_AUTH_FILE, &text, &len, err) < 0)
    return -1;
  doc = json_loadb (text, len, 0, &jerr);
  if (doc == NULL)
    return sepm_error_make (err, 0, "%s: not valid JSON: %s (line %d)", path, jerr.text, jerr.line);
  auths = json_object_get (doc, "auths");
  json_object_foreach (auths, key, entry)
    {
      cleanup_free char *k = normalise_key (key);
      size_t n = strlen (k);
      bool matches = strncmp (full, k, n) == 0 && (full[n] == '\0' || full[n] == '/');
      if (matches && n > best && json_is_string (json_object_get (entry, "auth")))
        {
          best = n;
          found = entry;
        }
    }
  if (found && sepm_registry_auth_basic_decode (json_string_value (json_object_get (found, "auth")), user, pass) < 0)
    {
      json_decref (doc);
      return sepm_error_make (err, 0, "%s: the `auth` entry for %s is not base64 of USER:PASSWORD", path, host);
    }
  json_decref (doc);
  return 0;
}

int
sepm_registry_auth_credentials (const struct sepm_registry_credentials_source *src, const char *host,
                                const char *repo, char **user, char **pass, char **from, sepm_error_t *err)
{
  const char *xdg = getenv ("XDG_RUNTIME_DIR"), *home = getenv ("HOME");
  const char *env = getenv ("REGISTRY_AUTH_FILE");
  char *files[4] = { 0 };
  bool named = false;
  size_t n = 0;
  int rc = 0;

  *user = *pass = *from = NULL;
  if (src->creds)
    {
      const char *colon = strchr (src->creds, ':');
      if (*src->creds == '\0' || colon == src->creds)
        return sepm_error_make (err, 0, "--creds: give USERNAME[:PASSWORD]");
      *user = colon ? xstrndup (src->creds, colon - src->creds) : xstrdup (src->creds);
      *pass = xstrdup (colon ? colon + 1 : "");
      *from = xstrdup ("--creds");
      return 0;
    }
  if (src->authfile || (env && *env))
    {
      files[n++] = xstrdup (src->authfile ? src->authfile : env);
      named = true;
    }
  else
    {
      if (xdg && *xdg)
        files[n++] = xasprintf ("%s/containers/auth.json", xdg);
      if (home && *home)
        {
          files[n++] = xasprintf ("%s/.config/containers/auth.json", home);
          files[n++] = xasprintf ("%s/.docker/config.json", home);
        }
    }
  for (size_t i = 0; i < n && rc == 0 && *user == NULL; i++)
    {
      rc = lookup_file (files[i], named, host, repo, user, pass, err);
      if (rc == 0 && *user)
        *from = xstrdup (files[i]);
    }
  for (size_t i = 0; i < n; i++)
    free (files[i]);
  return rc;
}
