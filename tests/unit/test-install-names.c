/* The names an image's modules get on the host (install_names.h): what
 * sepm-install verifies and hands libsemanage is the canonical text with
 * every block renamed NAME_<hash>, where the hash covers the module's
 * bytes and the installed names of the lower modules it uses. */
#include <config.h>
#include <string.h>

#include "unit.h"
#include "libsepm/cil_canonical.h"
#include "libsepm/install_names.h"
#include "libsepm/util.h"

static const char web_cil[] = "(block web\n  (type process)\n  (typebounds container_t process))\n";
static const char helper_cil[] = "(block helper\n  (type p)\n  (typebounds .web.process p)\n"
                                 "  (allow p web.process (fd (use))))\n";

/* Canonical bytes, as sepm-build embeds them. */
static char *
canonical (const char *text, size_t *len)
{
  char *out = NULL;
  unsigned line = 0;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL_FATAL (sepm_cil_canonical ("m.cil", text, strlen (text), &out, len, &line, &err), 0);
  return out;
}

struct image
{
  struct sepm_policy_entry entries[2];
  struct sepm_policy_module modules[2];
};

/* Layer 0 holds `web`, layer 1 `helper` (when HELPER is set). */
static void
make_image (struct image *img, char *web, size_t web_len, char *helper, size_t helper_len)
{
  memset (img, 0, sizeof (*img));
  img->modules[0] = (struct sepm_policy_module) { .name = (char *) "web", .cil = web, .cil_len = web_len };
  img->modules[1] = (struct sepm_policy_module) { .name = (char *) "helper", .cil = helper, .cil_len = helper_len };
  img->entries[0].modules = &img->modules[0];
  img->entries[0].n_modules = 1;
  img->entries[1].index = 1;
  img->entries[1].modules = &img->modules[1];
  img->entries[1].n_modules = 1;
}

static bool
has_hash_suffix (const char *name, const char *prefix)
{
  size_t n = strlen (prefix);
  if (strncmp (name, prefix, n) != 0 || strlen (name + n) != SEPM_INSTALL_HASH_CHARS)
    return false;
  return strspn (name + n, "0123456789abcdef") == SEPM_INSTALL_HASH_CHARS;
}

static void
test_renamed_and_content_addressed (void)
{
  size_t wl, hl;
  cleanup_free char *web = canonical (web_cil, &wl);
  cleanup_free char *helper = canonical (helper_cil, &hl);
  struct image img;
  struct sepm_install_names a, b;
  sepm_error_t err = NULL;

  make_image (&img, web, wl, helper, hl);
  CU_ASSERT_EQUAL_FATAL (sepm_install_names_compute (img.entries, 2, &a, &err), 0);
  CU_ASSERT_EQUAL_FATAL (a.n, 2);
  CU_ASSERT (has_hash_suffix (a.modules[0].installed_block, "web_"));
  CU_ASSERT (has_hash_suffix (a.modules[1].installed_block, "helper_"));
  CU_ASSERT_EQUAL (a.modules[1].entry, 1);
  {
    cleanup_free char *want = xasprintf ("sepm_%s", a.modules[0].installed_block);
    CU_ASSERT_STRING_EQUAL (a.modules[0].installed_name, want);
  }

  /* The helper's text names web's installed block wherever it named web,
   * and nothing of the image's own words is left. */
  {
    cleanup_free char *ref = xasprintf (".%s.process", a.modules[0].installed_block);
    cleanup_free char *ref2 = xasprintf (" %s.process", a.modules[0].installed_block);
    cleanup_free char *blk = xasprintf ("(block %s", a.modules[1].installed_block);
    CU_ASSERT_PTR_NOT_NULL (strstr (a.modules[1].cil, ref));
    CU_ASSERT_PTR_NOT_NULL (strstr (a.modules[1].cil, ref2));
    CU_ASSERT_PTR_NOT_NULL (strstr (a.modules[1].cil, blk));
    CU_ASSERT_PTR_NULL (strstr (a.modules[1].cil, " web."));
  }

  /* Renamed through the canonical writer, the text is still canonical:
   * what is verified is what is installed. */
  for (size_t i = 0; i < a.n; i++)
    {
      size_t len;
      cleanup_free char *again = canonical (a.modules[i].cil, &len);
      CU_ASSERT_EQUAL (len, a.modules[i].cil_len);
      CU_ASSERT (memcmp (again, a.modules[i].cil, len) == 0);
    }

  /* The same bytes give the same names, in another image too. */
  CU_ASSERT_EQUAL_FATAL (sepm_install_names_compute (img.entries, 2, &b, &err), 0);
  CU_ASSERT_STRING_EQUAL (a.modules[0].installed_name, b.modules[0].installed_name);
  CU_ASSERT_STRING_EQUAL (a.modules[1].installed_name, b.modules[1].installed_name);
  sepm_install_names_release (&b);

  /* A type as installed; a name of no module of the image stays. */
  {
    cleanup_free char *t = sepm_install_names_type (&a, "web.process");
    cleanup_free char *want = xasprintf ("%s.process", a.modules[0].installed_block);
    cleanup_free char *sys = sepm_install_names_type (&a, "container_t");
    cleanup_free char *near = sepm_install_names_type (&a, "webx.process");
    CU_ASSERT_STRING_EQUAL (t, want);
    CU_ASSERT_STRING_EQUAL (sys, "container_t");
    CU_ASSERT_STRING_EQUAL (near, "webx.process");
  }
  sepm_install_names_release (&a);
}

/* The helper's bytes are the same, but the web module it leans on is
 * not: its name must change too, or two images would share a helper
 * module compiled against two different parents. */
static void
test_dependency_joins_the_hash (void)
{
  static const char other_web_cil[] = "(block web\n  (type process)\n  (type data)\n"
                                      "  (typebounds container_t process)\n  (typebounds container_file_t data))\n";
  size_t wl, ol, hl;
  cleanup_free char *web = canonical (web_cil, &wl);
  cleanup_free char *other = canonical (other_web_cil, &ol);
  cleanup_free char *helper = canonical (helper_cil, &hl);
  struct image i1, i2;
  struct sepm_install_names a, b;
  sepm_error_t err = NULL;

  make_image (&i1, web, wl, helper, hl);
  make_image (&i2, other, ol, helper, hl);
  CU_ASSERT_EQUAL_FATAL (sepm_install_names_compute (i1.entries, 2, &a, &err), 0);
  CU_ASSERT_EQUAL_FATAL (sepm_install_names_compute (i2.entries, 2, &b, &err), 0);
  CU_ASSERT_STRING_NOT_EQUAL (a.modules[0].installed_block, b.modules[0].installed_block);
  CU_ASSERT_STRING_NOT_EQUAL (a.modules[1].installed_block, b.modules[1].installed_block);
  sepm_install_names_release (&a);
  sepm_install_names_release (&b);
}

/* Lower layers come first: a module may not lean on one above it. */
static void
test_upward_reference_refused (void)
{
  static const char lower_cil[] = "(block web\n  (type process)\n  (typebounds helper.p process))\n";
  size_t wl, hl;
  cleanup_free char *web = canonical (lower_cil, &wl);
  cleanup_free char *helper = canonical (helper_cil, &hl);
  struct image img;
  struct sepm_install_names a;
  sepm_error_t err = NULL;

  make_image (&img, web, wl, helper, hl);
  CU_ASSERT_EQUAL (sepm_install_names_compute (img.entries, 2, &a, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, "comes after it"));
  CU_ASSERT_EQUAL (a.n, 0);
  sepm_error_release (&err);
}

/* Bytes that are not canonical are kept as they are, under a name that
 * says so, for the verifier to refuse (compile.canonical): renaming them
 * would hand libsemanage bytes nobody verified. */
static void
test_uncanonical_kept_verbatim (void)
{
  static const char raw[] = "(block web ; a comment\n  (type process)\n  (typebounds container_t process))\n";
  struct image img;
  struct sepm_install_names a;
  sepm_error_t err = NULL;

  make_image (&img, (char *) raw, sizeof raw - 1, NULL, 0);
  CU_ASSERT_EQUAL_FATAL (sepm_install_names_compute (img.entries, 1, &a, &err), 0);
  CU_ASSERT_EQUAL_FATAL (a.n, 1);
  CU_ASSERT_STRING_EQUAL (a.modules[0].installed_block, "web_uncanonical");
  CU_ASSERT_EQUAL (a.modules[0].cil_len, sizeof raw - 1);
  CU_ASSERT (memcmp (a.modules[0].cil, raw, sizeof raw - 1) == 0);
  sepm_install_names_release (&a);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "renamed, canonical and content-addressed", test_renamed_and_content_addressed },
    { "a lower module's name joins the hash", test_dependency_joins_the_hash },
    { "a module may not use one above it", test_upward_reference_refused },
    { "bytes that are not canonical are kept", test_uncanonical_kept_verbatim },
    { NULL, NULL },
  };
  return unit_run ("install names", tests);
}
