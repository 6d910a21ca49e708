/* The audit record reader behind sepm-build --suggest: every shape a
 * maintainer pastes (audit.log, ausearch -i, dmesg, a serial console),
 * hex-encoded fields, permissive=0/1, and lines cut in the middle. */
#include <config.h>
#include <stdlib.h>
#include <string.h>

#include "avc_record.h"
#include "util.h"
#include "unit.h"

static int
parse (const char *line, struct sepm_avc_record *r)
{
  sepm_error_t err = NULL;
  int rc = sepm_avc_record_parse_line (line, strlen (line), 7, r, &err);
  sepm_error_release (&err);
  return rc;
}

#define CTX "system_u:system_r:web_0123456789ab.process:s0:c1,c2"

static void
test_shapes (void)
{
  struct sepm_avc_record r;

  CU_ASSERT_EQUAL_FATAL (parse ("type=AVC msg=audit(1733440000.101:10): avc:  denied  { read write } for  pid=1 "
                                "comm=\"sh\" name=\"a b\" dev=\"vda\" ino=12 scontext=" CTX " tcontext=system_u:object_r:"
                                "etc_t:s0 tclass=file permissive=0\n", &r), 1);
  CU_ASSERT_EQUAL (r.kind, SEPM_AVC_DENIED);
  CU_ASSERT_EQUAL (r.line, 7);
  CU_ASSERT_EQUAL_FATAL (r.n_perms, 2);
  CU_ASSERT_STRING_EQUAL (r.perms[0], "read");
  CU_ASSERT_STRING_EQUAL (r.perms[1], "write");
  CU_ASSERT_STRING_EQUAL (r.scontext, CTX);
  CU_ASSERT_STRING_EQUAL (r.tclass, "file");
  CU_ASSERT_STRING_EQUAL (r.name, "a b");
  CU_ASSERT_EQUAL (r.permissive, 0);
  cleanup_free char *type = sepm_avc_record_context_type (r.scontext);
  CU_ASSERT_STRING_EQUAL (type, "web_0123456789ab.process");
  sepm_avc_record_release (&r);

  /* dmesg / a serial console, hex-encoded comm and name, permissive=1. */
  CU_ASSERT_EQUAL_FATAL (parse ("[   12.345678] audit: type=1400 audit(1733440000.103:12): avc:  denied  { append } "
                                "for  pid=2 comm=68747470642D31 name=612062 scontext=" CTX " tcontext=system_u:object_r:"
                                "web.logs:s0:c1,c2 tclass=file permissive=1", &r), 1);
  CU_ASSERT_STRING_EQUAL (r.comm, "httpd-1");
  CU_ASSERT_STRING_EQUAL (r.name, "a b");
  CU_ASSERT_EQUAL (r.permissive, 1);
  sepm_avc_record_release (&r);

  /* ausearch -i: values decoded already, so a hex-looking name stays. */
  CU_ASSERT_EQUAL_FATAL (parse ("type=AVC msg=audit(12/05/2026 23:00:00.104:13) : avc:  denied  { read } for  pid=1 "
                                "comm=sh name=CAFE scontext=" CTX " tcontext=system_u:object_r:web.content:s0:c3,c4 "
                                "tclass=file permissive=0", &r), 1);
  CU_ASSERT_STRING_EQUAL (r.name, "CAFE");
  sepm_avc_record_release (&r);

  /* A field given twice keeps the first: one reading of one record. */
  CU_ASSERT_EQUAL_FATAL (parse ("avc: denied { read } for scontext=" CTX " tcontext=a:b:c tclass=file tclass=dir",
                                &r), 1);
  CU_ASSERT_STRING_EQUAL (r.tclass, "file");
  CU_ASSERT_EQUAL (r.permissive, -1);
  sepm_avc_record_release (&r);

  CU_ASSERT_EQUAL_FATAL (parse ("type=AVC msg=audit(1.2:3): avc:  granted  { setenforce } for  pid=1 scontext=a:b:c "
                                "tcontext=a:b:d tclass=security", &r), 1);
  CU_ASSERT_EQUAL (r.kind, SEPM_AVC_GRANTED);
  sepm_avc_record_release (&r);
}

static void
test_selinux_err (void)
{
  struct sepm_avc_record r;

  CU_ASSERT_EQUAL_FATAL (parse ("type=SELINUX_ERR msg=audit(1733440000.105:14): op=security_bounded_transition "
                                "seresult=denied oldcontext=system_u:system_r:container_t:s0:c1,c2 "
                                "newcontext=" CTX, &r), 1);
  CU_ASSERT_EQUAL (r.kind, SEPM_AVC_SELINUX_ERR);
  CU_ASSERT_STRING_EQUAL (r.op, "security_bounded_transition");
  CU_ASSERT_STRING_EQUAL (r.newcontext, CTX);
  sepm_avc_record_release (&r);

  CU_ASSERT_EQUAL_FATAL (parse ("[ 9.1] audit: type=1401 audit(1.2:3): op=security_compute_av reason=bounds "
                                "scontext=" CTX " tcontext=system_u:object_r:shadow_t:s0 tclass=file perms=read,write",
                                &r), 1);
  CU_ASSERT_STRING_EQUAL (r.reason, "bounds");
  CU_ASSERT_STRING_EQUAL (r.perms_text, "read,write");
  sepm_avc_record_release (&r);
}

static void
test_not_records (void)
{
  struct sepm_avc_record r;
  const char *lines[] = {
    "",
    "[    0.000000] Linux version 6.1.0",
    "type=SYSCALL msg=audit(1.2:3): arch=c000003e syscall=2 success=no",
    "[    1.0] SELinux:  policy capability network_peer_controls=1",
    "audit: type=1403 audit(1.2:3): avc:  policy loaded auid=4294967295 ses=4294967295",
    NULL,
  };
  for (const char **l = lines; *l; l++)
    CU_ASSERT_EQUAL (parse (*l, &r), 0);
}

static void
test_cut_and_hostile (void)
{
  struct sepm_avc_record r;
  const char *lines[] = {
    /* cut in the middle: no tcontext, no tclass, an open quote, an open brace */
    "type=AVC msg=audit(1.2:3): avc:  denied  { write } for  pid=1 comm=\"sh\" scontext=" CTX " tcont",
    "type=AVC msg=audit(1.2:3): avc:  denied  { write } for  pid=1 scontext=" CTX " tcontext=a:b:c",
    "type=AVC msg=audit(1.2:3): avc:  denied  { write } for  pid=1 comm=\"sh",
    "type=AVC msg=audit(1.2:3): avc:  denied  { write",
    "type=AVC msg=audit(1.2:3): avc:  denied  { } for scontext=a:b:c tcontext=a:b:d tclass=file",
    "type=SELINUX_ERR msg=audit(1.2:3): seresult=denied",
    NULL,
  };
  for (const char **l = lines; *l; l++)
    CU_ASSERT_EQUAL (parse (*l, &r), -1);

  /* Past 64 permissions, and a field past 4 KiB. */
  struct sepm_buf b = { 0 };
  sepm_buf_puts (&b, "avc: denied {");
  for (int i = 0; i < 70; i++)
    sepm_buf_puts (&b, " p");
  sepm_buf_puts (&b, " } for scontext=a:b:c tcontext=a:b:d tclass=file");
  CU_ASSERT_EQUAL (parse (b.data, &r), -1);
  free (b.data);
  b = (struct sepm_buf) { 0 };
  sepm_buf_puts (&b, "avc: denied { read } for scontext=a:b:c tcontext=a:b:d tclass=file name=");
  for (int i = 0; i < 5000; i++)
    sepm_buf_puts (&b, "A");
  CU_ASSERT_EQUAL (parse (b.data, &r), -1);
  free (b.data);
  /* A NUL inside the line: not a record a kernel wrote. */
  CU_ASSERT_EQUAL (sepm_avc_record_parse_line ("avc: denied { read }\0 x", 24, 1, &r, NULL), 0);
}

static void
test_context_type (void)
{
  cleanup_free char *a = sepm_avc_record_context_type ("u:r:t:s0:c1,c2");
  cleanup_free char *b = sepm_avc_record_context_type ("u:r:t");
  CU_ASSERT_STRING_EQUAL (a, "t");
  CU_ASSERT_STRING_EQUAL (b, "t");
  CU_ASSERT_PTR_NULL (sepm_avc_record_context_type ("u:r"));
  CU_ASSERT_PTR_NULL (sepm_avc_record_context_type ("u:r::s0"));
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "AVC records of every shape", test_shapes },
    { "SELINUX_ERR records", test_selinux_err },
    { "lines that are no record", test_not_records },
    { "cut and hostile lines", test_cut_and_hostile },
    { "the type of a context", test_context_type },
    { NULL, NULL },
  };
  return unit_run ("avc-record", tests);
}
