#include <config.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "libsepm/image_ref.h"
#include "libsepm/image_label.h"
#include "libsepm/util.h"

static const char cil[] = "(block web (type process))\n";

static void
make_entry (struct sepm_policy_entry *e, struct sepm_policy_module *m, char **diff_ids)
{
  memset (e, 0, sizeof (*e));
  e->index = 0;
  diff_ids[0] = (char *) "sha256:0000000000000000000000000000000000000000000000000000000000000001";
  e->diff_ids = diff_ids;
  e->n_diff_ids = 1;
  m->name = (char *) "web";
  m->cil = (char *) cil;
  m->cil_len = strlen (cil);
  e->modules = m;
  e->n_modules = 1;
}

static void
test_round_trip_and_determinism (void)
{
  struct sepm_policy_entry e, back;
  struct sepm_policy_module m;
  char *diff_ids[1];
  char *v1 = NULL, *v2 = NULL;
  sepm_error_t err = NULL;

  make_entry (&e, &m, diff_ids);
  CU_ASSERT_EQUAL_FATAL (sepm_image_label_encode (&e, &v1, &err), 0);
  /* A second later: nothing time-dependent may reach the bytes. */
  sleep (1);
  CU_ASSERT_EQUAL_FATAL (sepm_image_label_encode (&e, &v2, &err), 0);
  CU_ASSERT_STRING_EQUAL (v1, v2);
  CU_ASSERT_PTR_NULL (strchr (v1, '\n'));
  CU_ASSERT_EQUAL_FATAL (sepm_image_label_decode ("io.sepm.policy.v1.3", v1, &back, &err), 0);
  CU_ASSERT_EQUAL (back.index, 3);
  CU_ASSERT_EQUAL_FATAL (back.n_modules, 1);
  CU_ASSERT_STRING_EQUAL (back.modules[0].name, "web");
  CU_ASSERT_STRING_EQUAL (back.modules[0].cil, cil);
  CU_ASSERT_EQUAL (back.n_diff_ids, 1);
  sepm_image_label_release (&back);
  free (v1);
  free (v2);
}

static void
expect_decode_error (const char *value, const char *message)
{
  struct sepm_policy_entry back;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL (sepm_image_label_decode ("io.sepm.policy.v1.0", value, &back, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  if (strstr (err->msg, message) == NULL)
    fprintf (stderr, "got: %s\nwanted: %s\n", err->msg, message);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, message));
  sepm_error_release (&err);
}

/* gzip + base64 of TEXT, through the encoder's own path. */
static char *
wrap (const char *json)
{
  FILE *p;
  char cmd[4096], out[65536] = "";
  snprintf (cmd, sizeof (cmd), "printf '%%s' '%s' | gzip -n -c | base64 -w0", json);
  p = popen (cmd, "r");
  if (p == NULL || fgets (out, sizeof (out), p) == NULL)
    out[0] = '\0';
  if (p)
    pclose (p);
  return strdup (out);
}

static void
test_hostile_values (void)
{
  char *v;

  expect_decode_error ("not-base64!", "not valid base64");
  expect_decode_error ("aGVsbG8=", "not gzip data");
  v = wrap ("{\"version\":2,\"diff_ids\":[],\"modules\":[],\"labels\":[]}");
  expect_decode_error (v, "version 2 is not supported");
  free (v);
  v = wrap ("{\"version\":1,\"diff_ids\":[],\"modules\":[{\"name\":\"web\",\"cil\":\"x\",\"sha256\":\"00\"}],\"labels\":[]}");
  expect_decode_error (v, "does not match its sha256");
  free (v);
  v = wrap ("{\"version\":1,\"diff_ids\":[],\"modules\":[{\"name\":\"../etc\",\"cil\":\"x\",\"sha256\":\"00\"}],\"labels\":[]}");
  expect_decode_error (v, "must match [a-z][a-z0-9_]*");
  free (v);
  v = wrap ("{\"version\":1,\"diff_ids\":[\"md5:x\"],\"modules\":[],\"labels\":[]}");
  expect_decode_error (v, "is not a sha256 digest");
  free (v);
  v = wrap ("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
  expect_decode_error (v, "nests deeper than");
  free (v);
  v = wrap ("{\"version\":1,\"diff_ids\":[],\"modules\":[],\"labels\":[{\"kind\":\"--\",\"path\":\"/a/../etc\",\"type\":\"web.x\"}]}");
  expect_decode_error (v, "`..` component");
  free (v);
  /* A gzip bomb: 64 MiB of zeros compress to a few dozen KiB. */
  FILE *p = popen ("head -c 67108864 /dev/zero | gzip -c | base64 -w0", "r");
  struct sepm_buf b = { 0 };
  char chunk[65536];
  size_t n;
  while (p && (n = fread (chunk, 1, sizeof (chunk), p)) > 0)
    sepm_buf_append (&b, chunk, n);
  if (p)
    pclose (p);
  CU_ASSERT_FATAL (b.len > 1000);
  expect_decode_error (b.data, "decompresses to more than");
  free (b.data);
}

static void
test_image_refs (void)
{
  struct sepm_image_ref r;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse ("oci:/srv/img:v1", &r, &err), 0);
  CU_ASSERT_EQUAL (r.transport, SEPM_TRANSPORT_OCI);
  CU_ASSERT_STRING_EQUAL (r.path, "/srv/img");
  CU_ASSERT_STRING_EQUAL (r.tag, "v1");
  sepm_image_ref_release (&r);
  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse ("oci-archive:img.tar", &r, &err), 0);
  CU_ASSERT_EQUAL (r.transport, SEPM_TRANSPORT_OCI_ARCHIVE);
  CU_ASSERT_PTR_NULL (r.tag);
  sepm_image_ref_release (&r);
  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse ("docker-archive:d.tar:web:v1", &r, &err), 0);
  CU_ASSERT_EQUAL (r.transport, SEPM_TRANSPORT_DOCKER_ARCHIVE);
  CU_ASSERT_STRING_EQUAL (r.tag, "web:v1");
  sepm_image_ref_release (&r);
  /* The store's own syntax is skopeo's to read: kept whole, tag included. */
  CU_ASSERT_EQUAL_FATAL (sepm_image_ref_parse ("containers-storage:[vfs@/s+/r]localhost/web:v1", &r, &err), 0);
  CU_ASSERT_EQUAL (r.transport, SEPM_TRANSPORT_STORAGE);
  CU_ASSERT_STRING_EQUAL (r.path, "[vfs@/s+/r]localhost/web:v1");
  CU_ASSERT_PTR_NULL (r.tag);
  sepm_image_ref_release (&r);
  CU_ASSERT_EQUAL (sepm_image_ref_parse ("dir:busybox", &r, &err), -1);
  CU_ASSERT_TRUE (err && strstr (err->msg, "unknown transport"));
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (sepm_image_ref_parse ("oci::v1", &r, &err), -1);
  CU_ASSERT_TRUE (err && strstr (err->msg, "path is empty"));
  sepm_error_release (&err);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "a policy label round-trips, byte for byte the same", test_round_trip_and_determinism },
    { "hostile label values are refused with clear errors", test_hostile_values },
    { "image references in skopeo's syntax", test_image_refs },
    { NULL, NULL },
  };
  return unit_run ("policy-label", tests);
}
