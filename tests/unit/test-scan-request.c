/* Harbor's side of --serve: the scan request parser (what reaches a
 * worker) and the vulnerability report made from sepm's report. */
#include <config.h>
#include <stdlib.h>
#include <string.h>

#include "harbor_report.h"
#include "scan_request.h"
#include "util.h"
#include "unit.h"

#define DIGEST "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b"

static int
parse (const char *text, struct sepm_scan_request *r, int *status)
{
  sepm_error_t err = NULL;
  int rc = sepm_scan_request_parse (text, strlen (text), r, status, &err);
  sepm_error_release (&err);
  return rc;
}

static void
test_good_requests (void)
{
  struct sepm_scan_request r;
  int status = 0;

  CU_ASSERT_EQUAL_FATAL (parse ("{\"registry\":{\"url\":\"https://reg.io:5000/\",\"authorization\":\"Bearer abc\"},"
                                "\"artifact\":{\"repository\":\"team/web\",\"digest\":\"" DIGEST "\",\"tag\":\"v1\","
                                "\"mime_type\":\"application/vnd.docker.distribution.manifest.v2+json\"}}", &r, &status), 0);
  CU_ASSERT_FALSE (r.plain_http);
  CU_ASSERT_STRING_EQUAL (r.host, "reg.io:5000");
  CU_ASSERT_STRING_EQUAL (r.authorization, "Bearer abc");
  CU_ASSERT_STRING_EQUAL (r.tag, "v1");
  cleanup_free char *ref = sepm_scan_request_reference (&r);
  CU_ASSERT_STRING_EQUAL (ref, "docker://reg.io:5000/team/web@" DIGEST);
  sepm_scan_request_release (&r);

  /* Harbor's core in compose: plain HTTP, a port, no authorization. */
  CU_ASSERT_EQUAL_FATAL (parse ("{\"registry\":{\"url\":\"http://core:8080\"},\"artifact\":{\"repository\":\"lib/x\","
                                "\"digest\":\"" DIGEST "\"}}", &r, &status), 0);
  CU_ASSERT_TRUE (r.plain_http);
  CU_ASSERT_PTR_NULL (r.authorization);
  sepm_scan_request_release (&r);
}

static void
test_bad_requests (void)
{
  static const struct
  {
    const char *text;
    int status;
  } cases[] = {
    { "not json", 400 },
    { "[]", 400 },
    { "{\"registry\":{},\"artifact\":[]}", 400 },
    { "{\"registry\":{\"url\":7},\"artifact\":{}}", 400 },
    { "{\"registry\":{\"url\":\"https://r.io\"},\"artifact\":{\"repository\":\"w\"}}", 422 },
    { "{\"registry\":{\"url\":\"ftp://r.io\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"" DIGEST "\"}}", 422 },
    /* a path or user part in the URL, a host that reads as Docker Hub */
    { "{\"registry\":{\"url\":\"https://r.io/v2\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"" DIGEST "\"}}", 422 },
    { "{\"registry\":{\"url\":\"https://u@r.io\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"" DIGEST "\"}}", 422 },
    { "{\"registry\":{\"url\":\"https://core\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"" DIGEST "\"}}", 422 },
    { "{\"registry\":{\"url\":\"https://r.io\"},\"artifact\":{\"repository\":\"../w\",\"digest\":\"" DIGEST "\"}}", 422 },
    { "{\"registry\":{\"url\":\"https://r.io\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"sha256:00\"}}", 422 },
    { "{\"registry\":{\"url\":\"https://r.io\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"" DIGEST "\","
      "\"mime_type\":\"application/vnd.oci.image.index.v1+json\"}}", 422 },
    /* an Authorization that would split the header, or of another kind */
    { "{\"registry\":{\"url\":\"https://r.io\",\"authorization\":\"Bearer a\\r\\nX: 1\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"" DIGEST "\"}}", 422 },
    { "{\"registry\":{\"url\":\"https://r.io\",\"authorization\":\"Digest x\"},\"artifact\":{\"repository\":\"w\",\"digest\":\"" DIGEST "\"}}", 422 },
    { "{\"registry\":{\"url\":\"https://r.io\"},\"registry\":{\"url\":\"https://s.io\"},\"artifact\":{}}", 400 },
  };
  for (size_t i = 0; i < sizeof (cases) / sizeof (*cases); i++)
    {
      struct sepm_scan_request r;
      int status = 0;
      CU_ASSERT_EQUAL (parse (cases[i].text, &r, &status), -1);
      if (status != cases[i].status)
        fprintf (stderr, "case %zu: status %d, wanted %d\n", i, status, cases[i].status);
      CU_ASSERT_EQUAL (status, cases[i].status);
    }
}

static json_t *
harbor (const char *sepm_report)
{
  struct sepm_scan_request r = { .host = "r.io", .repository = "w", .digest = DIGEST, .tag = "v1" };
  json_t *doc = json_loads (sepm_report, 0, NULL);
  json_t *out = sepm_harbor_report_new (&r, doc, "2026-12-05T00:00:00Z");
  json_decref (doc);
  return out;
}

static void
test_harbor_report (void)
{
  json_t *h = harbor ("{\"verdict\":\"reject\",\"modules\":[{\"name\":\"web\",\"findings\":[{\"rule\":\"bounds.exceeds\","
                      "\"severity\":\"error\",\"message\":\"m\",\"file\":\"F:web\",\"line\":18,\"hint\":\"h\"}]}],"
                      "\"image\":{\"layers\":[{\"diff_id\":\"sha256:aa\",\"modules\":[\"F:web\"]}],"
                      "\"findings\":[{\"rule\":\"labels.unmatched\",\"severity\":\"warning\",\"message\":\"w\"}]}}");
  json_t *v = json_object_get (h, "vulnerabilities");
  CU_ASSERT_EQUAL_FATAL (json_array_size (v), 2);
  json_t *first = json_array_get (v, 0);
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (first, "id")), "bounds.exceeds");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (first, "package")), "web");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (first, "version")), "sha256:aa");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (first, "severity")), "Critical");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (first, "description")), "F:web:18: m Hint: h");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (json_array_get (v, 1), "severity")), "Low");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (h, "severity")), "Critical");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (json_object_get (h, "artifact"), "digest")), DIGEST);
  json_decref (h);

  h = harbor ("{\"verdict\":\"admit\",\"modules\":[{\"name\":\"web\",\"findings\":[]}],\"image\":{\"findings\":[]}}");
  CU_ASSERT_EQUAL (json_array_size (json_object_get (h, "vulnerabilities")), 0);
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (h, "severity")), "Unknown");
  json_decref (h);

  /* A rejection that names no finding still reads as one. */
  h = harbor ("{\"verdict\":\"reject\",\"modules\":[],\"image\":{}}");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (h, "severity")), "Critical");
  CU_ASSERT_EQUAL (json_array_size (json_object_get (h, "vulnerabilities")), 1);
  json_decref (h);
  h = harbor ("{}");
  CU_ASSERT_STRING_EQUAL (json_string_value (json_object_get (h, "severity")), "Critical");
  json_decref (h);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "scan requests sepm takes", test_good_requests },
    { "scan requests sepm refuses, with their status", test_bad_requests },
    { "the Harbor report", test_harbor_report },
    { NULL, NULL },
  };
  return unit_run ("scan-request", tests);
}
