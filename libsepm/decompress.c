#include <config.h>
#include "decompress.h"

#include <archive.h>

#include "util.h"

/* Read the one raw entry of A whole; stop as soon as LIMIT is passed, so
 * that a bomb never unpacks. */
static int
read_bounded (struct archive *a, size_t limit, const char *what, char **out, size_t *out_len,
              sepm_error_t *err)
{
  struct archive_entry *e;
  struct sepm_buf b = { 0 };
  char chunk[65536];

  if (archive_read_next_header (a, &e) != ARCHIVE_OK)
    return sepm_error_make (err, 0, "%s: cannot be read: %s", what, archive_error_string (a));
  for (;;)
    {
      la_ssize_t n = archive_read_data (a, chunk, sizeof (chunk));
      if (n < 0)
        {
          free (b.data);
          return sepm_error_make (err, 0, "%s: corrupt compressed data: %s", what, archive_error_string (a));
        }
      if (n == 0)
        break;
      if (b.len + n > limit)
        {
          free (b.data);
          return sepm_error_make (err, 0, "%s decompresses to more than %zu bytes", what, limit);
        }
      sepm_buf_append (&b, chunk, n);
    }
  *out = b.data ? b.data : xstrdup ("");
  *out_len = b.len;
  return 0;
}

int
sepm_decompress_file (const char *path, size_t limit, char **out, size_t *out_len, sepm_error_t *err)
{
  struct archive *a = archive_read_new ();
  cleanup_free char *what = xasprintf ("`%s`", path);
  int rc;

  archive_read_support_filter_all (a);
  archive_read_support_format_raw (a);
  if (archive_read_open_filename (a, path, 65536) != ARCHIVE_OK)
    rc = sepm_error_make (err, 0, "read `%s`: %s", path, archive_error_string (a));
  else
    rc = read_bounded (a, limit, what, out, out_len, err);
  archive_read_free (a);
  return rc;
}

int
sepm_decompress_gunzip (const void *data, size_t len, size_t limit, const char *what, char **out,
                    size_t *out_len, sepm_error_t *err)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *e;
  int rc;

  archive_read_support_filter_gzip (a);
  archive_read_support_format_raw (a);
  /* Peek at the first header to learn the filter: only gzip is accepted. */
  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK || archive_read_next_header (a, &e) != ARCHIVE_OK
      || archive_filter_code (a, 0) != ARCHIVE_FILTER_GZIP)
    {
      archive_read_free (a);
      return sepm_error_make (err, 0, "%s is not gzip data", what);
    }
  archive_read_free (a);
  a = archive_read_new ();
  archive_read_support_filter_gzip (a);
  archive_read_support_format_raw (a);
  archive_read_open_memory (a, data, len);
  rc = read_bounded (a, limit, what, out, out_len, err);
  archive_read_free (a);
  return rc;
}
