/* The image reader on real OCI layouts made with umoci: what it reads of
 * a layer, and that it refuses a blob that does not match its digest and
 * a tag the index lacks. */
#include <config.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "libsepm/image.h"
#include "libsepm/image_files.h"
#include "libsepm/util.h"

static char top[64];

static void
run (const char *cmd)
{
  CU_ASSERT_EQUAL_FATAL (system (cmd), 0);
}

/* A layout NAME with tag t: one layer holding /bin/hello. */
static char *
make_image (const char *name)
{
  cleanup_free char *cmd = xasprintf ("cd %s && rm -rf %s && mkdir -p src && echo hi > src/hello"
                                      " && umoci init --layout %s && umoci new --image %s:t"
                                      " && umoci insert --image %s:t src/hello /bin/hello >/dev/null",
                                      top, name, name, name, name);
  run (cmd);
  return xasprintf ("oci:%s/%s:t", top, name);
}

static void
test_a_layer_is_read_entry_by_entry (void)
{
  cleanup_free char *ref = make_image ("good");
  struct sepm_image_files *files = sepm_image_files_new ();
  struct sepm_image *img = NULL;
  sepm_error_t err = NULL;
  enum sepm_entry_kind kind;

  CU_ASSERT_EQUAL_FATAL (sepm_image_open (ref, NULL, sepm_image_files_record, files, &img, &err), 0);
  CU_ASSERT_EQUAL (img->n_layers, 1);
  CU_ASSERT_PTR_NOT_NULL (img->layers[0].diff_id);
  CU_ASSERT_NSTRING_EQUAL (img->manifest_digest, "sha256:", 7);
  CU_ASSERT (sepm_image_files_lookup (files, "/bin/hello", &kind));
  CU_ASSERT_EQUAL (kind, SEPM_ENTRY_FILE);
  CU_ASSERT_FALSE (sepm_image_files_lookup (files, "/bin/other", &kind));
  sepm_image_free (img);
  sepm_image_files_free (files);
}

/* Every blob under blobs/sha256 gets a byte appended: the first the
 * reader opens no longer matches its name. */
static void
test_a_blob_that_does_not_match_its_digest_is_refused (void)
{
  cleanup_free char *ref = make_image ("bad");
  struct sepm_image *img = NULL;
  sepm_error_t err = NULL;

  cleanup_free char *cmd = xasprintf ("for b in %s/bad/blobs/sha256/*; do printf x >> \"$b\"; done", top);
  run (cmd);
  CU_ASSERT_EQUAL (sepm_image_open (ref, NULL, NULL, NULL, &img, &err), -1);
  CU_ASSERT_PTR_NULL (img);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, "sha256"));
  sepm_error_release (&err);
}

static void
test_a_tag_the_index_lacks_is_an_error_naming_it (void)
{
  cleanup_free char *ref = make_image ("tags");
  cleanup_free char *other = xasprintf ("oci:%s/tags:nosuchtag", top);
  struct sepm_image *img = NULL;
  sepm_error_t err = NULL;

  CU_ASSERT_EQUAL (sepm_image_open (other, NULL, NULL, NULL, &img, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, "nosuchtag"));
  sepm_error_release (&err);
}

/* The final filesystem, walked once: the same answers as a lookup of
 * each path, whiteouts and opaque directories included. */
static void
collect (void *arg, const char *path, enum sepm_entry_kind kind)
{
  char *seen = arg;
  size_t n = strlen (seen);
  snprintf (seen + n, 512 - n, "%s%s%s", n ? " " : "", path, kind == SEPM_ENTRY_DIR ? "/" : "");
}

static void
test_the_final_files_are_walked_as_a_runtime_applies_layers (void)
{
  struct sepm_image_files *f = sepm_image_files_new ();
  char seen[512] = "";

  sepm_image_files_record (0, "/a", SEPM_ENTRY_DIR, NULL, f);
  sepm_image_files_record (0, "/a/gone", SEPM_ENTRY_FILE, NULL, f);
  sepm_image_files_record (0, "/d", SEPM_ENTRY_DIR, NULL, f);
  sepm_image_files_record (0, "/d/hidden", SEPM_ENTRY_FILE, NULL, f);
  sepm_image_files_record (0, "/f", SEPM_ENTRY_FILE, NULL, f);
  sepm_image_files_record (0, "/link", SEPM_ENTRY_HARDLINK, "/f", f);
  /* Layer 1 deletes /a, makes /d opaque and adds to it, replaces /f. */
  sepm_image_files_record (1, "/a", SEPM_ENTRY_WHITEOUT, NULL, f);
  sepm_image_files_record (1, "/d", SEPM_ENTRY_OPAQUE, NULL, f);
  sepm_image_files_record (1, "/d/new", SEPM_ENTRY_FILE, NULL, f);
  sepm_image_files_record (1, "/f", SEPM_ENTRY_DIR, NULL, f);
  sepm_image_files_each_final (f, collect, seen);
  CU_ASSERT_STRING_EQUAL (seen, "/d/ /link /d/new /f/");
  sepm_image_files_free (f);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "a layer is read entry by entry", test_a_layer_is_read_entry_by_entry },
    { "the final files are walked as a runtime applies layers", test_the_final_files_are_walked_as_a_runtime_applies_layers },
    { "a blob that does not match its digest is refused", test_a_blob_that_does_not_match_its_digest_is_refused },
    { "a tag the index lacks is an error naming it", test_a_tag_the_index_lacks_is_an_error_naming_it },
    { NULL, NULL },
  };

  return unit_run_in_temp_dir ("image-reader", tests, "sepm-image", top, sizeof top);
}
