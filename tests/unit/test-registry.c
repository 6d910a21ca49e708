/* The registry client's parsers of untrusted bytes and its inputs:
 * docker:// references, WWW-Authenticate, token replies, manifests and
 * indexes, and where credentials come from. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image_ref.h"
#include "registry_auth.h"
#include "registry_manifest.h"
#include "util.h"
#include "unit.h"

static const char *D64 = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

static void
test_docker_refs (void)
{
  struct sepm_image_ref r;
  sepm_error_t err = NULL;
  cleanup_free char *with_digest = xasprintf ("docker://localhost/a/b@%s", D64);

  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse ("docker://127.0.0.1:5000/team/web:v1", &r, &err), 0);
  CU_ASSERT_EQUAL (r.transport, SEPM_TRANSPORT_DOCKER);
  CU_ASSERT_STRING_EQUAL (r.host, "127.0.0.1:5000");
  CU_ASSERT_STRING_EQUAL (r.repo, "team/web");
  CU_ASSERT_STRING_EQUAL (r.tag, "v1");
  CU_ASSERT_PTR_NULL (r.digest);
  sepm_image_ref_release (&r);

  /* Docker Hub: no host, library/ for one component, latest by default. */
  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse ("docker://busybox", &r, &err), 0);
  CU_ASSERT_STRING_EQUAL (r.host, "docker.io");
  CU_ASSERT_STRING_EQUAL (r.repo, "library/busybox");
  CU_ASSERT_STRING_EQUAL (r.tag, "latest");
  sepm_image_ref_release (&r);

  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse (with_digest, &r, &err), 0);
  CU_ASSERT_STRING_EQUAL (r.host, "localhost");
  CU_ASSERT_STRING_EQUAL (r.repo, "a/b");
  CU_ASSERT_STRING_EQUAL (r.digest, D64);
  CU_ASSERT_PTR_NULL (r.tag);
  sepm_image_ref_release (&r);

  /* What goes into URLs and token scopes is checked. */
  const char *bad[] = { "docker://h.io/Web:v1", "docker://h.io/web@sha256:abc", "docker:///web",
    "docker://h.io/web:", "docker://h.io/we%2fb", "docker://h.io/a//b", "docker://h.io/web:-x",
    "docker://h.io/../web", "docker://h.io/web/", NULL };
  for (const char **b = bad; *b; b++)
    {
      CU_ASSERT_EQUAL (sepm_image_ref_parse (*b, &r, &err), -1);
      CU_ASSERT_PTR_NOT_NULL (err);
      sepm_error_release (&err);
    }
  /* Only `localhost` itself is a host without a dot or a port; `..` in a
   * host would name a certs.d directory outside its own. */
  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse ("docker://loc/app", &r, &err), 0);
  CU_ASSERT_STRING_EQUAL (r.host, "docker.io");
  CU_ASSERT_STRING_EQUAL (r.repo, "loc/app");
  sepm_image_ref_release (&r);
  CU_ASSERT_EQUAL (sepm_image_ref_parse ("docker://../app", &r, &err), -1);
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (sepm_image_ref_parse ("docker://a..b:5000/app", &r, &err), -1);
  sepm_error_release (&err);
  CU_ASSERT_TRUE (sepm_image_ref_is_image ("docker://x.io/y"));
  CU_ASSERT_FALSE (sepm_image_ref_is_image ("docker:/x.io/y"));
}

static void
test_challenge (void)
{
  struct sepm_challenge c;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_challenge_parse ("Bearer realm=\"https://auth.io/token\",service=\"reg.io\","
                                               "scope=\"repository:a/b:pull,push\"", &c, &err), 0);
  CU_ASSERT_EQUAL (c.scheme, SEPM_CHALLENGE_BEARER);
  CU_ASSERT_STRING_EQUAL (c.realm, "https://auth.io/token");
  CU_ASSERT_STRING_EQUAL (c.service, "reg.io");
  /* A comma inside quotes is part of the value. */
  CU_ASSERT_STRING_EQUAL (c.scope, "repository:a/b:pull,push");
  sepm_challenge_release (&c);

  CU_ASSERT_EQUAL_FATAL (sepm_challenge_parse ("Bearer realm=\"https://a.io/t?x=\\\"1\\\"\", service=s", &c, &err), 0);
  CU_ASSERT_STRING_EQUAL (c.realm, "https://a.io/t?x=\"1\"");
  CU_ASSERT_STRING_EQUAL (c.service, "s");
  sepm_challenge_release (&c);

  CU_ASSERT_EQUAL_FATAL (sepm_challenge_parse ("Basic realm=\"x\"", &c, &err), 0);
  CU_ASSERT_EQUAL (c.scheme, SEPM_CHALLENGE_BASIC);
  sepm_challenge_release (&c);

  /* Refused: no realm, a realm that is not http(s), an unknown scheme, an
   * unterminated quote, a parameter without a value, no header. */
  const char *bad[] = { "Bearer service=\"x\"", "Bearer realm=\"file:///etc/passwd\"", "Digest realm=\"x\"",
    "Bearer realm=\"https://a", "Bearer realm", NULL };
  for (const char **b = bad; *b; b++)
    {
      CU_ASSERT_EQUAL (sepm_challenge_parse (*b, &c, &err), -1);
      CU_ASSERT_PTR_NOT_NULL (err);
      sepm_error_release (&err);
    }
  CU_ASSERT_EQUAL (sepm_challenge_parse (NULL, &c, &err), -1);
  sepm_error_release (&err);
}

static void
test_token_reply (void)
{
  char *t = NULL;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_registry_auth_token_parse ("{\"token\":\"abc\",\"expires_in\":60}", 31, &t, &err), 0);
  CU_ASSERT_STRING_EQUAL (t, "abc");
  free (t);
  const char *access = "{\"access_token\":\"xyz\"}";
  CU_ASSERT_EQUAL_FATAL (sepm_registry_auth_token_parse (access, strlen (access), &t, &err), 0);
  CU_ASSERT_STRING_EQUAL (t, "xyz");
  free (t);
  /* A token that would end the header line, an empty one, none. */
  const char *bad[] = { "{\"token\":\"a\\r\\nX-Evil: 1\"}", "{\"token\":\"\"}", "{}", "[]", "not json", NULL };
  for (const char **b = bad; *b; b++)
    {
      CU_ASSERT_EQUAL (sepm_registry_auth_token_parse (*b, strlen (*b), &t, &err), -1);
      CU_ASSERT_PTR_NULL (t);
      sepm_error_release (&err);
    }
  cleanup_free char *basic = sepm_registry_auth_basic ("alice", "secret");
  CU_ASSERT_STRING_EQUAL (basic, "Basic YWxpY2U6c2VjcmV0");
}

static int
parse (const char *json, const char *content_type, enum sepm_manifest_kind *kind, sepm_error_t *err)
{
  json_t *doc = NULL;
  int rc = sepm_registry_manifest_parse (json, strlen (json), content_type, &doc, kind, err);
  json_decref (doc);
  return rc;
}

static void
test_manifest_kinds (void)
{
  enum sepm_manifest_kind kind;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"mediaType\":\"" SEPM_MT_OCI_MANIFEST "\",\"config\":{},\"layers\":[]}",
                          SEPM_MT_OCI_MANIFEST, &kind, &err), 0);
  CU_ASSERT_EQUAL (kind, SEPM_MANIFEST_IMAGE);
  /* OCI allows leaving mediaType out: the fields tell. */
  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"manifests\":[]}", NULL, &kind, &err), 0);
  CU_ASSERT_EQUAL (kind, SEPM_MANIFEST_INDEX);
  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"mediaType\":\"" SEPM_MT_DOCKER_LIST "\",\"manifests\":[]}",
                          SEPM_MT_DOCKER_LIST "; charset=utf-8", &kind, &err), 0);
  CU_ASSERT_EQUAL (kind, SEPM_MANIFEST_INDEX);

  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":1,\"fsLayers\":[]}", NULL, &kind, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (strstr (err->msg, "schema 1"));
  sepm_error_release (&err);
  /* The header and the body disagree: two readers, two answers. */
  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"mediaType\":\"" SEPM_MT_OCI_MANIFEST "\",\"config\":{}}",
                          SEPM_MT_OCI_INDEX, &kind, &err), -1);
  sepm_error_release (&err);
  /* Both an index and a manifest. */
  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"manifests\":[],\"config\":{},\"layers\":[]}", NULL, &kind, &err), -1);
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example\",\"config\":{}}", NULL,
                          &kind, &err), -1);
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"mediaType\":\"" SEPM_MT_OCI_MANIFEST "\",\"config\":[]}", NULL,
                          &kind, &err), -1);
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (parse ("{\"schemaVersion\":2,\"schemaVersion\":2}", NULL, &kind, &err), -1);
  sepm_error_release (&err);
}

static json_t *
index_of (const char *entries)
{
  cleanup_free char *text = xasprintf ("{\"schemaVersion\":2,\"manifests\":[%s]}", entries);
  return json_loads (text, 0, NULL);
}

static void
test_index_pick (void)
{
  struct sepm_platform amd64 = { "linux", "amd64", NULL }, armv7 = { "linux", "arm", "v7" };
  const char *digest;
  json_int_t size;
  sepm_error_t err = NULL;
  json_t *idx = index_of ("{\"digest\":\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":5,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v6\"}},"
                          "{\"digest\":\"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"size\":6,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}},"
                          "{\"mediaType\":\"" SEPM_MT_OCI_INDEX "\",\"digest\":\"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
                          "{\"digest\":\"sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\",\"size\":7,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}");

  CU_ASSERT_EQUAL (sepm_registry_manifest_pick (idx, &armv7, &digest, &size, &err), 0);
  CU_ASSERT_STRING_EQUAL (digest, "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  CU_ASSERT_EQUAL (size, 6);
  /* The nested index is skipped: not an image of a platform. */
  CU_ASSERT_EQUAL (sepm_registry_manifest_pick (idx, &amd64, &digest, &size, &err), 0);
  CU_ASSERT_STRING_EQUAL (digest, "sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd");
  struct sepm_platform s390x = { "linux", "s390x", NULL };
  CU_ASSERT_EQUAL (sepm_registry_manifest_pick (idx, &s390x, &digest, &size, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (strstr (err->msg, "linux/arm/v6, linux/arm/v7"));
  sepm_error_release (&err);
  /* A digest that is not sha256:HEX (it would go into a URL) or no size. */
  json_t *bad = index_of ("{\"digest\":\"../../x/manifests/y\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}");
  CU_ASSERT_EQUAL (sepm_registry_manifest_pick (bad, &amd64, &digest, &size, &err), -1);
  sepm_error_release (&err);
  json_decref (bad);
  /* Two images for one platform: sepm does not guess. */
  struct sepm_platform arm_any = { "linux", "arm", NULL };
  CU_ASSERT_EQUAL (sepm_registry_manifest_pick (idx, &arm_any, &digest, &size, &err), -1);
  sepm_error_release (&err);
  json_decref (idx);
}

static void
test_credentials (void)
{
  char dir[] = "/tmp/sepm-unit-creds.XXXXXX";
  struct sepm_registry_credentials_source src = { 0 };
  char *user, *pass, *from;
  sepm_error_t err = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (mkdtemp (dir));
  cleanup_free char *file = xasprintf ("%s/auth.json", dir);
  FILE *f = fopen (file, "w");
  /* alice:one for the host, bob:two for one repository of it, carol:three
   * in docker's old key style for another host. */
  fprintf (f, "{\"auths\":{\"reg.io:5000\":{\"auth\":\"YWxpY2U6b25l\"},"
              "\"reg.io:5000/team/web\":{\"auth\":\"Ym9iOnR3bw==\"},"
              "\"https://old.io/v1/\":{\"auth\":\"Y2Fyb2w6dGhyZWU=\"},"
              "\"bad.io\":{\"auth\":\"!!!\"}}}");
  fclose (f);
  src.authfile = file;

  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "reg.io:5000", "other", &user, &pass, &from, &err), 0);
  CU_ASSERT_STRING_EQUAL (user, "alice");
  CU_ASSERT_STRING_EQUAL (pass, "one");
  CU_ASSERT_STRING_EQUAL (from, file);
  free (user), free (pass), free (from);
  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "reg.io:5000", "team/web", &user, &pass, &from, &err), 0);
  CU_ASSERT_STRING_EQUAL (user, "bob");
  free (user), free (pass), free (from);
  /* A prefix of a component is no match: team/website is not team/web. */
  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "reg.io:5000", "team/website", &user, &pass, &from, &err), 0);
  CU_ASSERT_STRING_EQUAL (user, "alice");
  free (user), free (pass), free (from);
  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "old.io", "x", &user, &pass, &from, &err), 0);
  CU_ASSERT_STRING_EQUAL (user, "carol");
  free (user), free (pass), free (from);
  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "none.io", "x", &user, &pass, &from, &err), 0);
  CU_ASSERT_PTR_NULL (user);
  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "bad.io", "x", &user, &pass, &from, &err), -1);
  CU_ASSERT_PTR_NULL_FATAL (strstr (err->msg, "!!!"));
  sepm_error_release (&err);

  src.creds = "dave:pw:with:colons";
  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "reg.io:5000", "team/web", &user, &pass, &from, &err), 0);
  CU_ASSERT_STRING_EQUAL (user, "dave");
  CU_ASSERT_STRING_EQUAL (pass, "pw:with:colons");
  CU_ASSERT_STRING_EQUAL (from, "--creds");
  free (user), free (pass), free (from);

  /* A named file that is missing is an error; the defaults may be. */
  src.creds = NULL;
  src.authfile = "/nonexistent/auth.json";
  CU_ASSERT_EQUAL (sepm_registry_auth_credentials (&src, "reg.io", "x", &user, &pass, &from, &err), -1);
  sepm_error_release (&err);
  unlink (file);
  rmdir (dir);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "docker:// references", test_docker_refs },
    { "WWW-Authenticate challenges", test_challenge },
    { "token replies and Basic", test_token_reply },
    { "manifest kinds", test_manifest_kinds },
    { "platform from an index", test_index_pick },
    { "credentials", test_credentials },
    { NULL, NULL },
  };
  return unit_run ("registry", tests);
}
