#include <config.h>
#include "avc_record.h"

#include <string.h>

#include "util.h"

/* audit hex-encodes a string it does not trust to quote (a space, a
 * quote, a control character): upper-case hex, two digits a byte.
 * `ausearch -i` has decoded them already. */
static bool
looks_hex (const char *v, size_t n)
{
  if (n < 2 || n % 2)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'A' && v[i] <= 'F')))
      return false;
  return true;
}

static char *
hex_decode (const char *v, size_t n)
{
  char *out = xmalloc (n / 2 + 1);
  for (size_t i = 0; i < n / 2; i++)
    {
      unsigned hi = v[2 * i] <= '9' ? v[2 * i] - '0' : v[2 * i] - 'A' + 10;
      unsigned lo = v[2 * i + 1] <= '9' ? v[2 * i + 1] - '0' : v[2 * i + 1] - 'A' + 10;
      out[i] = (char) (hi << 4 | lo);
    }
  out[n / 2] = '\0';
  return out;
}

struct field
{
  const char *key;
  size_t offset;
  bool untrusted;               /* a string audit may hex-encode */
};

static const struct field fields[] = {
  { "scontext", offsetof (struct sepm_avc_record, scontext), false },
  { "tcontext", offsetof (struct sepm_avc_record, tcontext), false },
  { "tclass", offsetof (struct sepm_avc_record, tclass), false },
  { "comm", offsetof (struct sepm_avc_record, comm), true },
  { "name", offsetof (struct sepm_avc_record, name), true },
  { "path", offsetof (struct sepm_avc_record, path), true },
  { "op", offsetof (struct sepm_avc_record, op), false },
  { "reason", offsetof (struct sepm_avc_record, reason), false },
  { "oldcontext", offsetof (struct sepm_avc_record, oldcontext), false },
  { "newcontext", offsetof (struct sepm_avc_record, newcontext), false },
  { "seresult", offsetof (struct sepm_avc_record, seresult), false },
  { "perms", offsetof (struct sepm_avc_record, perms_text), false },
};

/* The key=value fields of P..END; a value is "quoted" or runs to the next
 * space.  A field given twice keeps its first value: two readers of one
 * record must not disagree, and the kernel writes each once. */
static int
read_fields (const char *p, const char *end, bool interpreted, struct sepm_avc_record *out, sepm_error_t *err)
{
  while (p < end)
    {
      while (p < end && *p == ' ')
        p++;
      const char *eq = p;
      while (eq < end && *eq != '=' && *eq != ' ')
        eq++;
      if (eq >= end || *eq != '=')
        {
          p = eq;
          continue;
        }
      const char *key = p;
      size_t key_len = (size_t) (eq - p);
      const char *v = eq + 1, *v_end;
      bool quoted = v < end && *v == '"';
      if (quoted)
        {
          v++;
          v_end = memchr (v, '"', (size_t) (end - v));
          if (v_end == NULL)
            return sepm_error_make (err, 0, "line %u: a quoted value that does not end (the line was cut?)",
                                    out->line);
          p = v_end + 1;
        }
      else
        {
          v_end = v;
          while (v_end < end && *v_end != ' ')
            v_end++;
          p = v_end;
        }
      size_t n = (size_t) (v_end - v);
      if (n > SEPM_AVC_MAX_FIELD)
        return sepm_error_make (err, 0, "line %u: a field longer than %d bytes", out->line, SEPM_AVC_MAX_FIELD);
      if (key_len == 10 && strncmp (key, "permissive", 10) == 0)
        {
          if (out->permissive < 0 && n == 1 && (*v == '0' || *v == '1'))
            out->permissive = *v - '0';
          continue;
        }
      for (size_t i = 0; i < sizeof (fields) / sizeof (*fields); i++)
        if (strlen (fields[i].key) == key_len && strncmp (fields[i].key, key, key_len) == 0)
          {
            char **slot = (char **) ((char *) out + fields[i].offset);
            if (*slot)
              break;
            *slot = fields[i].untrusted && !quoted && !interpreted && looks_hex (v, n) ? hex_decode (v, n)
              : xstrndup (v, n);
            break;
          }
    }
  return 0;
}

/* "{ read write }" -> perms.  *P is at the brace. */
static int
read_perms (const char **p, const char *end, struct sepm_avc_record *out, sepm_error_t *err)
{
  const char *close = memchr (*p, '}', (size_t) (end - *p));
  if (close == NULL)
    return sepm_error_make (err, 0, "line %u: an AVC record whose permission list does not end (cut?)", out->line);
  out->perms = xcalloc (SEPM_AVC_MAX_PERMS + 1, sizeof (char *));
  for (const char *q = *p + 1; q < close;)
    {
      while (q < close && *q == ' ')
        q++;
      const char *w = q;
      while (w < close && *w != ' ')
        w++;
      if (w > q)
        {
          if (out->n_perms == SEPM_AVC_MAX_PERMS)
            return sepm_error_make (err, 0, "line %u: more than %d permissions", out->line, SEPM_AVC_MAX_PERMS);
          out->perms[out->n_perms++] = xstrndup (q, (size_t) (w - q));
        }
      q = w;
    }
  if (out->n_perms == 0)
    return sepm_error_make (err, 0, "line %u: an AVC record with no permission", out->line);
  *p = close + 1;
  return 0;
}

static const char *
find (const char *p, const char *end, const char *what)
{
  size_t n = strlen (what);
  for (; p + n <= end; p++)
    if (memcmp (p, what, n) == 0)
      return p;
  return NULL;
}

int
sepm_avc_record_parse_line (const char *line, size_t len, unsigned lineno, struct sepm_avc_record *out, sepm_error_t *err)
{
  const char *end = line + len, *p;
  /* ausearch -i writes the time as a date: "msg=audit(12/05/2026 ...)". */
  const char *stamp = find (line, end, "audit(");
  const char *stamp_end = stamp ? memchr (stamp, ')', (size_t) (end - stamp)) : NULL;
  bool interpreted = stamp_end && memchr (stamp, '/', (size_t) (stamp_end - stamp)) != NULL;

  memset (out, 0, sizeof (*out));
  out->line = lineno;
  out->permissive = -1;
  while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  if (memchr (line, '\0', (size_t) (end - line)))
    return 0;
  if ((p = find (line, end, "avc:")) != NULL)
    {
      p += 4;
      while (p < end && *p == ' ')
        p++;
      if (end - p >= 6 && memcmp (p, "denied", 6) == 0)
        out->kind = SEPM_AVC_DENIED;
      else if (end - p >= 7 && memcmp (p, "granted", 7) == 0)
        out->kind = SEPM_AVC_GRANTED;
      else
        return 0;               /* avc: "policy loaded" and such */
      p = memchr (p, '{', (size_t) (end - p));
      if (p == NULL)
        {
          sepm_error_make (err, 0, "line %u: an AVC record without its permission list (the line was cut?)", lineno);
          goto malformed;
        }
      if (read_perms (&p, end, out, err) < 0 || read_fields (p, end, interpreted, out, err) < 0)
        goto malformed;
      if (!out->scontext || !out->tcontext || !out->tclass)
        {
          sepm_error_make (err, 0, "line %u: an AVC record without %s (the line was cut?)", lineno,
                           !out->scontext ? "scontext" : !out->tcontext ? "tcontext" : "tclass");
          goto malformed;
        }
      return 1;
    }
  if (find (line, end, "type=SELINUX_ERR") || find (line, end, "type=1401"))
    {
      p = find (line, end, "):");
      if (p == NULL && (p = find (line, end, ") :")) == NULL)
        return 0;
      out->kind = SEPM_AVC_SELINUX_ERR;
      if (read_fields (p + 2, end, interpreted, out, err) < 0)
        goto malformed;
      if (out->op == NULL)
        {
          sepm_error_make (err, 0, "line %u: a SELINUX_ERR record without op= (the line was cut?)", lineno);
          goto malformed;
        }
      return 1;
    }
  return 0;
malformed:
  sepm_avc_record_release (out);
  return -1;
}

void
sepm_avc_record_release (struct sepm_avc_record *r)
{
  for (size_t i = 0; r->perms && i < r->n_perms; i++)
    free (r->perms[i]);
  free (r->perms);
  for (size_t i = 0; i < sizeof (fields) / sizeof (*fields); i++)
    free (*(char **) ((char *) r + fields[i].offset));
  memset (r, 0, sizeof (*r));
}

char *
sepm_avc_record_context_type (const char *context)
{
  const char *a = context ? strchr (context, ':') : NULL;
  const char *b = a ? strchr (a + 1, ':') : NULL;
  if (b == NULL)
    return NULL;
  const char *c = strchr (b + 1, ':');
  size_t n = c ? (size_t) (c - b - 1) : strlen (b + 1);
  return n ? xstrndup (b + 1, n) : NULL;
}
