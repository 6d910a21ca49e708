#include <config.h>
#include "image_label.h"

#include <ctype.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "decompress.h"
#include "hash.h"
#include "util.h"

static int
gzip_bytes (const char *data, size_t len, unsigned char **out, size_t *out_len, sepm_error_t *err)
{
  struct archive *a = archive_write_new ();
  struct archive_entry *e = archive_entry_new ();
  size_t cap = len + 1024, used = 0;
  unsigned char *buf = xmalloc (cap);
  int rc = -1;

  /* Fixed settings and no timestamp or name: the same input gives the
   * same bytes, so that builds are reproducible. */
  if (archive_write_add_filter_gzip (a) != ARCHIVE_OK
      || archive_write_set_filter_option (a, "gzip", "compression-level", "9") != ARCHIVE_OK
      /* A NULL value turns a boolean option off: libarchive stores the
       * time in the gzip header unless told not to. */
      || archive_write_set_filter_option (a, "gzip", "timestamp", NULL) != ARCHIVE_OK
      || archive_write_set_format_raw (a) != ARCHIVE_OK
      || archive_write_open_memory (a, buf, cap, &used) != ARCHIVE_OK)
    goto out;
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_size (e, len);
  if (archive_write_header (a, e) != ARCHIVE_OK || archive_write_data (a, data, len) != (la_ssize_t) len
      || archive_write_close (a) != ARCHIVE_OK)
    goto out;
  *out = buf;
  *out_len = used;
  buf = NULL;
  rc = 0;
out:
  if (rc < 0)
    sepm_error_make (err, 0, "compress the policy label: %s", archive_error_string (a));
  free (buf);
  archive_entry_free (e);
  archive_write_free (a);
  return rc;
}

static char *
base64_encode (const unsigned char *data, size_t len)
{
  char *out = xmalloc (4 * ((len + 2) / 3) + 1);
  EVP_EncodeBlock ((unsigned char *) out, data, (int) len);
  return out;
}

static int
base64_decode (const char *text, unsigned char **out, size_t *out_len, sepm_error_t *err)
{
  size_t n = strlen (text), pad = 0;
  unsigned char *buf;
  int got;

  if (n == 0 || n % 4 != 0 || n > 4 * ((SEPM_POLICY_MAX_DECODED + 2) / 3))
    return sepm_error_make (err, 0, "the policy label is not valid base64 (length %zu)", n);
  for (size_t i = 0; i < n; i++)
    if (!(isalnum ((unsigned char) text[i]) || text[i] == '+' || text[i] == '/'
          || (text[i] == '=' && i >= n - 2)))
      return sepm_error_make (err, 0, "the policy label is not valid base64 (character %zu)", i + 1);
  pad = (text[n - 1] == '=') + (text[n - 2] == '=');
  buf = xmalloc (n / 4 * 3 + 1);
  got = EVP_DecodeBlock (buf, (const unsigned char *) text, (int) n);
  if (got < 0 || (size_t) got < pad)
    {
      free (buf);
      return sepm_error_make (err, 0, "the policy label is not valid base64");
    }
  *out = buf;
  *out_len = got - pad;
  return 0;
}

static json_t *
entry_to_json (const struct sepm_policy_entry *e)
{
  json_t *diff_ids = json_array (), *modules = json_array (), *labels = json_array ();

  for (size_t i = 0; i < e->n_diff_ids; i++)
    json_array_append_new (diff_ids, json_string (e->diff_ids[i]));
  for (size_t i = 0; i < e->n_modules; i++)
    {
      char hex[65];
      sepm_sha256_hex (e->modules[i].cil, e->modules[i].cil_len, hex);
      json_array_append_new (modules, json_pack ("{s:s, s:s%, s:s}", "name", e->modules[i].name,
                                                 "cil", e->modules[i].cil, e->modules[i].cil_len, "sha256", hex));
    }
  for (size_t i = 0; i < e->labels.n; i++)
    json_array_append_new (labels, json_pack ("{s:s, s:s, s:s}", "kind", e->labels.items[i].kind,
                                              "path", e->labels.items[i].path, "type", e->labels.items[i].type));
  json_t *doc = json_pack ("{s:o, s:o, s:o, s:i}", "diff_ids", diff_ids, "labels", labels, "modules", modules,
                           "version", 1);
  if (e->entrypoint)
    json_object_set_new (doc, "entrypoint", json_string (e->entrypoint));
  return doc;
}

int
sepm_image_label_encode (const struct sepm_policy_entry *entry, char **value, sepm_error_t *err)
{
  json_t *doc = entry_to_json (entry);
  cleanup_free char *text = json_dumps (doc, JSON_COMPACT | JSON_SORT_KEYS);
  cleanup_free unsigned char *gz = NULL;
  size_t gz_len = 0;

  json_decref (doc);
  if (text == NULL)
    return sepm_error_make (err, 0, "serialise the policy label");
  if (gzip_bytes (text, strlen (text), &gz, &gz_len, err) < 0)
    return -1;
  *value = base64_encode (gz, gz_len);
  return 0;
}

static bool
is_module_name (const char *s)
{
  if (!(*s >= 'a' && *s <= 'z'))
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return false;
  return true;
}

static bool
is_digest (const char *s)
{
  if (strncmp (s, "sha256:", 7) != 0 || strlen (s) != 71)
    return false;
  for (s += 7; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
      return false;
  return true;
}

static int
entry_from_json (const char *key, json_t *doc, struct sepm_policy_entry *out, sepm_error_t *err)
{
  json_t *diff_ids, *modules, *labels, *v;
  json_int_t version = 0;
  size_t i;

  if (json_unpack (doc, "{s:I, s:o, s:o, s:o}", "version", &version, "diff_ids", &diff_ids,
                   "modules", &modules, "labels", &labels) < 0
      || !json_is_array (diff_ids) || !json_is_array (modules) || !json_is_array (labels))
    return sepm_error_make (err, 0, "%s: the policy label lacks version, diff_ids, modules or labels", key);
  if (version != 1)
    return sepm_error_make (err, 0, "%s: policy label version %lld is not supported (this sepm reads version 1)",
                            key, (long long) version);
  if ((v = json_object_get (doc, "entrypoint")) != NULL)
    {
      if (!json_is_string (v) || sepm_label_problem ("/", "", json_string_value (v)) != NULL)
        return sepm_error_make (err, 0, "%s: entrypoint is not a module type name", key);
      out->entrypoint = xstrdup (json_string_value (v));
    }
  out->diff_ids = xcalloc (json_array_size (diff_ids) + 1, sizeof (char *));
  json_array_foreach (diff_ids, i, v)
    {
      if (!json_is_string (v) || !is_digest (json_string_value (v)))
        return sepm_error_make (err, 0, "%s: diff_ids[%zu] is not a sha256 digest", key, i);
      out->diff_ids[out->n_diff_ids++] = xstrdup (json_string_value (v));
    }
  out->modules = xcalloc (json_array_size (modules) + 1, sizeof (*out->modules));
  json_array_foreach (modules, i, v)
    {
      const char *name = NULL, *cil = NULL, *sha = NULL;
      size_t cil_len = 0;
      char hex[65];
      if (json_unpack (v, "{s:s, s:s%, s:s}", "name", &name, "cil", &cil, &cil_len, "sha256", &sha) < 0)
        return sepm_error_make (err, 0, "%s: modules[%zu] lacks name, cil or sha256", key, i);
      if (!is_module_name (name))
        return sepm_error_make (err, 0, "%s: module name `%s` must match [a-z][a-z0-9_]*", key, name);
      sepm_sha256_hex (cil, cil_len, hex);
      if (strcmp (hex, sha) != 0)
        return sepm_error_make (err, 0, "%s: module `%s` does not match its sha256", key, name);
      /* Byte for byte: JSON can carry a NUL (\u0000), which the verifier
       * must see (compile.canonical) rather than a shorter text. */
      char *copy = xmalloc (cil_len + 1);
      memcpy (copy, cil, cil_len);
      copy[cil_len] = '\0';
      out->modules[out->n_modules++] = (struct sepm_policy_module) { xstrdup (name), copy, cil_len };
    }
  /* The checks a labels file's lines get (labels.c), field by field:
   * what a labels file could not say, this cannot either. */
  json_array_foreach (labels, i, v)
    {
      static const char *const not_in_field = " \t\r\n#";
      const char *kind = NULL, *path = NULL, *type = NULL, *problem;
      if (json_unpack (v, "{s:s, s:s, s:s}", "kind", &kind, "path", &path, "type", &type) < 0
          || strpbrk (path, not_in_field) || strpbrk (kind, not_in_field) || strpbrk (type, not_in_field))
        {
          sepm_labels_release (&out->labels);
          return sepm_error_make (err, 0, "%s: labels[%zu] is not {kind, path, type} without blanks or `#`", key, i);
        }
      if ((problem = sepm_label_problem (path, kind, type)) != NULL)
        {
          sepm_labels_release (&out->labels);
          return sepm_error_make (err, 0, "%s: labels[%zu]: %s", key, i, problem);
        }
      if (sepm_labels_add (&out->labels, path, kind, type, (unsigned) i + 1) < 0)
        {
          sepm_labels_release (&out->labels);
          return sepm_error_make (err, 0, "%s: more than %d labels", key, SEPM_LABELS_MAX_COUNT);
        }
    }
  return 0;
}

int
sepm_image_label_decode (const char *key, const char *value, struct sepm_policy_entry *out,
                          sepm_error_t *err)
{
  cleanup_free unsigned char *gz = NULL;
  cleanup_free char *text = NULL;
  size_t gz_len = 0, len = 0;
  const char *index = key + strlen (SEPM_POLICY_LABEL_PREFIX);
  char *end;
  json_error_t jerr;
  json_t *doc;
  int rc;

  memset (out, 0, sizeof (*out));
  if (!sepm_str_has_prefix (key, SEPM_POLICY_LABEL_PREFIX) || !isdigit ((unsigned char) *index))
    return sepm_error_make (err, 0, "`%s` is not a sepm policy label", key);
  out->index = (unsigned) strtoul (index, &end, 10);
  /* One spelling per number: `07` and `7` would be two keys for one entry. */
  if (*end || out->index > 1000 || (index[0] == '0' && index[1] != '\0'))
    return sepm_error_make (err, 0, "`%s` is not a sepm policy label", key);
  if (base64_decode (value, &gz, &gz_len, err) < 0
      || sepm_decompress_gunzip (gz, gz_len, SEPM_POLICY_MAX_DECODED, "the policy label", &text, &len, err) < 0)
    return sepm_error_wrap (err, "%s", key);
  /* Bound nesting before jansson builds anything (it recurses). */
  int depth = 0, max = 0;
  for (size_t i = 0; i < len; i++)
    {
      if (text[i] == '"')
        for (i++; i < len && text[i] != '"'; i++)
          i += text[i] == '\\';
      else if (text[i] == '{' || text[i] == '[')
        max = ++depth > max ? depth : max;
      else if (text[i] == '}' || text[i] == ']')
        depth--;
    }
  if (max > SEPM_POLICY_MAX_JSON_DEPTH)
    return sepm_error_make (err, 0, "%s: the policy label's JSON nests deeper than %d", key,
                            SEPM_POLICY_MAX_JSON_DEPTH);
  doc = json_loadb (text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (doc == NULL)
    return sepm_error_make (err, 0, "%s: the policy label is not valid JSON: %s (line %d)", key, jerr.text, jerr.line);
  rc = entry_from_json (key, doc, out, err);
  json_decref (doc);
  if (rc < 0)
    sepm_image_label_release (out);
  return rc;
}

void
sepm_image_label_release (struct sepm_policy_entry *e)
{
  for (size_t i = 0; i < e->n_diff_ids; i++)
    free (e->diff_ids[i]);
  free (e->diff_ids);
  for (size_t i = 0; i < e->n_modules; i++)
    {
      free (e->modules[i].name);
      free (e->modules[i].cil);
    }
  free (e->modules);
  sepm_labels_release (&e->labels);
  free (e->entrypoint);
  memset (e, 0, sizeof (*e));
}

static int
compare_entries (const void *a, const void *b)
{
  unsigned x = ((const struct sepm_policy_entry *) a)->index, y = ((const struct sepm_policy_entry *) b)->index;
  return x < y ? -1 : x > y;
}

int
sepm_image_label_read (json_t *labels, struct sepm_policy_entry **out, size_t *n,
                                 sepm_error_t *err)
{
  const char *key;
  json_t *value;

  *out = NULL;
  *n = 0;
  if (labels == NULL || json_is_null (labels))
    return 0;
  if (!json_is_object (labels))
    return sepm_error_make (err, 0, "the image config's Labels is not an object");
  json_object_foreach (labels, key, value)
    {
      if (!sepm_str_has_prefix (key, SEPM_POLICY_LABEL_PREFIX))
        continue;
      if (!json_is_string (value))
        return sepm_error_make (err, 0, "%s: the label is not a string", key);
      *out = xrealloc (*out, (*n + 1) * sizeof (**out));
      if (sepm_image_label_decode (key, json_string_value (value), &(*out)[*n], err) < 0)
        return -1;
      (*n)++;
    }
  if (*n > 1)
    qsort (*out, *n, sizeof (**out), compare_entries);
  return 0;
}
