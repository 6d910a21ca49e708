#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/generated_names.h"
#include "libsepm/util.h"

static const char store[] =
  "(typeattribute base_typeattr_23)\n"
  "(typeattributeset base_typeattr_23 (and (init_mountpoint_type)\n     (not (proc_type))))\n"
  "(typeattributeset domain (httpd_t))\n"
  "(typeattributeset apache_typeattr_2 (not (httpd_t)))\n";

static void
test_explain (void)
{
  struct sepm_cil_source src = { "store", store, sizeof (store) - 1 };
  struct sepm_generated_names g;

  sepm_generated_names_read (&src, 1, &g);
  CU_ASSERT_EQUAL_FATAL (g.n, 2);
  char *m = sepm_generated_names_explain (&g, "allow x base_typeattr_23:file read; and apache_typeattr_2.");
  CU_ASSERT_PTR_NOT_NULL_FATAL (m);
  CU_ASSERT_STRING_EQUAL (m, "allow x base_typeattr_23 [(and (init_mountpoint_type) (not (proc_type)))]:file read; "
                          "and apache_typeattr_2 [(not (httpd_t))].");
  free (m);
  /* Not generated, or not defined: the message stays. */
  CU_ASSERT_PTR_NULL (sepm_generated_names_explain (&g, "domain and base_typeattr_99 and typeattr_1"));
  sepm_generated_names_release (&g);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "generated attribute names show their expressions", test_explain },
    { NULL, NULL },
  };
  return unit_run ("generated-names", tests);
}
