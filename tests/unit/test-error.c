#include <config.h>
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "libsepm/error.h"
#include "libsepm/util.h"

static int
fail_open (sepm_error_t *err)
{
  return sepm_error_make (err, ENOENT, "open `%s`", "web.cil");
}

static void
test_make_error_appends_errno (void)
{
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL (fail_open (&err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_EQUAL (err->status, ENOENT);
  CU_ASSERT_STRING_EQUAL (err->msg, "open `web.cil`: No such file or directory");
  sepm_error_release (&err);
  CU_ASSERT_PTR_NULL (err);
}

static void
test_wrap_adds_context_first_error_wins (void)
{
  sepm_error_t err = NULL;

  fail_open (&err);
  sepm_error_make (&err, 0, "a later consequence");
  sepm_error_wrap (&err, "verify module %d", 3);
  CU_ASSERT_STRING_EQUAL (err->msg, "verify module 3: open `web.cil`: No such file or directory");
  sepm_error_release (&err);
}

static void
test_read_file_limit (void)
{
  sepm_error_t err = NULL;
  char *data = NULL;
  size_t len = 0;

  CU_ASSERT_EQUAL (sepm_read_file ("/proc/self/exe", 16, &data, &len, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, "larger than the limit of 16 bytes"));
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (sepm_read_file ("/proc/self/exe", 1u << 30, &data, &len, &err), 0);
  CU_ASSERT (len > 1000);
  CU_ASSERT (memcmp (data, "\177ELF", 4) == 0);
  free (data);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "make_error appends errno text", test_make_error_appends_errno },
    { "wrap adds context, first error wins", test_wrap_adds_context_first_error_wins },
    { "read_file enforces its size limit", test_read_file_limit },
    { NULL, NULL },
  };
  return unit_run ("error", tests);
}
