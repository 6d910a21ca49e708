#include <config.h>
#include "labels.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <selinux/label.h>
#include <selinux/selinux.h>

#include "util.h"

static const char *const kinds[] = { "--", "-d", "-l", "-c", "-b", "-s", "-p", NULL };

static int
is_kind (const char *s)
{
  for (const char *const *k = kinds; *k; k++)
    if (strcmp (s, *k) == 0)
      return 1;
  return 0;
}

static int
is_type_name (const char *s)
{
  const char *dot = strchr (s, '.');

  /* A module type is always qualified by its module's block: NAME.TYPE. */
  if (dot == NULL || dot == s || dot[1] == '\0')
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
          || *s == '_' || *s == '.'))
      return 0;
  return 1;
}

static int
is_system_type_name (const char *s)
{
  if (*s == '\0' || strchr (s, '.'))
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

/* The literal prefix of a path expression must be a normalised absolute
 * path: no `..` or `.` component and no empty one. */
static const char *
path_problem (const char *path)
{
  size_t n = strlen (path);

  if (path[0] != '/')
    return "the path must be absolute";
  if (n > SEPM_LABELS_MAX_PATH)
    return "the path is too long";
  for (const char *p = path; *p; p++)
    {
      if (p[0] == '/' && p[1] == '/')
        return "the path has an empty component (`//`)";
      if (p[0] == '/' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
        return "the path has a `.` component";
      if (p[0] == '/' && p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == '\0'))
        return "the path has a `..` component";
      if ((unsigned char) *p < 0x20)
        return "the path has a control character";
    }
  if (n > 1 && path[n - 1] == '/')
    return "the path ends with `/`";
  return NULL;
}

int
sepm_label_is_exact (const char *path)
{
  return strpbrk (path, ".^$?*+|[](){}\\") == NULL;
}

const char *
sepm_label_problem (const char *path, const char *kind, const char *type)
{
  if (*kind && !is_kind (kind))
    return "the file kind must be one of -- -d -l -c -b -s -p";
  if (!is_type_name (type))
    return "the type must be a module type such as `web.exec` (a name, not a context)";
  return path_problem (path);
}

const char *
sepm_label_file_problem (const char *path, const char *kind, const char *type)
{
  /* A system type (`etc_t`) is well formed, only not allowed: the image
   * checks refuse it as a policy finding (labels.type) that lists the
   * types the modules offer.  Inside an image, the policy label's reader
   * stays strict. */
  return sepm_label_problem (path, kind, is_system_type_name (type) ? "any.type" : type);
}

int
sepm_labels_add (struct sepm_labels *labels, const char *path, const char *kind, const char *type,
                 unsigned line)
{
  if (labels->n >= SEPM_LABELS_MAX_COUNT)
    return -1;
  labels->items = xrealloc (labels->items, (labels->n + 1) * sizeof (*labels->items));
  labels->items[labels->n++] = (struct sepm_label) { xstrdup (path), xstrdup (kind), xstrdup (type), line };
  return 0;
}

int
sepm_labels_parse (const char *name, const char *text, size_t len, struct sepm_labels *out,
                   sepm_error_t *err)
{
  cleanup_free char *copy = xstrndup (text, len);
  char *save = NULL, *line;
  unsigned lineno = 0;
  const char *next = copy;

  memset (out, 0, sizeof (*out));
  if (memchr (text, '\0', len))
    return sepm_error_make (err, 0, "%s: the labels file has a NUL byte", name);
  while (next && *next)
    {
      char *fields[4] = { 0 };
      int n = 0;

      line = (char *) next;
      next = strchr (line, '\n');
      if (next)
        *(char *) next++ = '\0';
      lineno++;
      line[strcspn (line, "#")] = '\0';
      for (char *f = strtok_r (line, " \t\r", &save); f; f = strtok_r (NULL, " \t\r", &save))
        {
          if (n == 3)
            {
              sepm_labels_release (out);
              return sepm_error_make (err, 0, "%s:%u: too many fields; expected `PATH [KIND] TYPE`", name, lineno);
            }
          fields[n++] = f;
        }
      if (n == 0)
        continue;
      const char *path = fields[0];
      const char *kind = n == 3 ? fields[1] : "";
      const char *type = fields[n - 1];
      const char *problem = n == 1 ? "a label needs a path and a type: `PATH [KIND] TYPE`"
        : sepm_label_file_problem (path, kind, type);
      if (problem)
        {
          sepm_labels_release (out);
          return sepm_error_make (err, 0, "%s:%u: %s", name, lineno, problem);
        }
      if (sepm_labels_add (out, path, kind, type, lineno) < 0)
        {
          sepm_labels_release (out);
          return sepm_error_make (err, 0, "%s:%u: more than %d labels", name, lineno, SEPM_LABELS_MAX_COUNT);
        }
    }
  return 0;
}

int
sepm_labels_append (struct sepm_labels *to, const struct sepm_labels *from, sepm_label_type_map map,
                    const void *arg)
{
  for (size_t i = 0; i < from->n; i++)
    {
      const struct sepm_label *l = &from->items[i];
      cleanup_free char *mapped = map ? map (arg, l->type) : NULL;
      if (sepm_labels_add (to, l->path, l->kind, mapped ? mapped : l->type, l->line) < 0)
        return -1;
    }
  return 0;
}

char *
sepm_labels_to_file_contexts (const struct sepm_labels *labels, const char *level)
{
  struct sepm_buf b = { 0 };

  sepm_buf_puts (&b, "");
  for (size_t i = 0; i < labels->n; i++)
    {
      const struct sepm_label *l = &labels->items[i];
      cleanup_free char *line = xasprintf ("%s\t%s%ssystem_u:object_r:%s:%s\n", l->path, l->kind,
                                           *l->kind ? "\t" : "", l->type, level);
      sepm_buf_puts (&b, line);
    }
  return b.data;
}

static int
accept_any_context (char **ctx)
{
  return 0;
}

/* libselinux reports through a global log callback; keep its first error
 * (it names the line) instead of letting it reach stderr. */
static char selinux_message[512];

static int __attribute__ ((format (printf, 2, 3)))
capture_selinux_log (int type, const char *fmt, ...)
{
  va_list ap;

  if (type != SELINUX_ERROR || selinux_message[0])
    return 0;
  va_start (ap, fmt);
  vsnprintf (selinux_message, sizeof (selinux_message), fmt, ap);
  va_end (ap);
  selinux_message[strcspn (selinux_message, "\n")] = '\0';
  return 0;
}

struct selabel_handle *
sepm_labels_selabel_open (const char *file_contexts, int (*validate) (char **context), const char **message,
                        sepm_error_t *err)
{
  /* libselinux reads file contexts only from a file. */
  cleanup_free char *dir = sepm_private_tmpdir ("sepm-fc", err);
  cleanup_free char *path = dir ? xasprintf ("%s/file_contexts", dir) : NULL;
  struct selabel_handle *h;
  union selinux_callback old = selinux_get_callback (SELINUX_CB_VALIDATE), cb;
  union selinux_callback old_log = selinux_get_callback (SELINUX_CB_LOG), log;
  /* Validation makes libselinux compile every expression while it loads
   * (otherwise it compiles them lazily and fails silently at lookup). */
  struct selinux_opt opts[] = { { SELABEL_OPT_PATH, path }, { SELABEL_OPT_VALIDATE, (char *) 1 } };
  int fd = path ? open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600) : -1;

  *message = selinux_message;
  if (dir == NULL)
    return NULL;
  if (fd < 0 || write (fd, file_contexts, strlen (file_contexts)) != (ssize_t) strlen (file_contexts))
    {
      sepm_error_make (err, errno, "write `%s`", path);
      if (fd >= 0)
        close (fd);
      unlink (path);
      rmdir (dir);
      return NULL;
    }
  close (fd);
  cb.func_validate = validate;
  log.func_log = capture_selinux_log;
  selinux_message[0] = '\0';
  selinux_set_callback (SELINUX_CB_VALIDATE, cb);
  selinux_set_callback (SELINUX_CB_LOG, log);
  h = selabel_open (SELABEL_CTX_FILE, opts, 2);
  selinux_set_callback (SELINUX_CB_VALIDATE, old);
  selinux_set_callback (SELINUX_CB_LOG, old_log);
  unlink (path);
  rmdir (dir);
  if (h == NULL)
    sepm_error_make (err, 0, "libselinux cannot use these file contexts: %s",
                     selinux_message[0] ? selinux_message : "unknown error");
  return h;
}

/* libselinux's "Multiple different specifications for PATH  (A and B)."
 * names its temporary copy; say it with the labels file's lines. */
static int
conflict_error (const char *name, const struct sepm_labels *labels, const char *spec, sepm_error_t *err)
{
  cleanup_free char *path = xstrndup (spec, strcspn (spec, " \t"));
  cleanup_free char *lines = xstrdup ("");
  unsigned first = 0, n = 0;

  for (size_t i = 0; i < labels->n; i++)
    if (strcmp (labels->items[i].path, path) == 0)
      {
        char *next = xasprintf ("%s%s`%s`%s%s (line %u)", lines, n ? " and " : "", labels->items[i].type,
                                *labels->items[i].kind ? " for " : "", labels->items[i].kind, labels->items[i].line);
        free (lines);
        lines = next;
        first = first ? first : labels->items[i].line;
        n++;
      }
  if (n < 2)
    return sepm_error_make (err, 0, "%s: libselinux refuses two labels of `%s` as conflicting", name, path);
  return sepm_error_make (err, 0, "%s:%u: `%s` is labelled twice for the same kind of file: %s; keep one", name,
                          first, path, lines);
}

int
sepm_labels_check_regex (const char *name, const struct sepm_labels *labels, sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  struct selabel_handle *h;
  const char *message, *at;
  sepm_error_t ignored = NULL;
  unsigned line = 0;

  if (labels->n == 0)
    return 0;
  text = sepm_labels_to_file_contexts (labels, "s0");
  /* Contexts are checked against the policy elsewhere; here only the
   * expressions matter. */
  h = sepm_labels_selabel_open (text, accept_any_context, &message, &ignored);
  if (h != NULL)
    {
      selabel_close (h);
      return 0;
    }
  sepm_error_release (&ignored);
  /* The file sepm wrote has one line per label, in order.  libselinux
   * says "FILE:  line N has invalid regex REGEX:  WHY", where FILE is the
   * temporary copy: keep only PCRE2's why. */
  const char *invalid = strstr (message, "invalid regex "), *why = invalid ? strstr (invalid, ":  ") : NULL;
  if ((at = strstr (message, "line ")) != NULL && sscanf (at, "line %u", &line) == 1
      && line >= 1 && line <= labels->n)
    return sepm_error_make (err, 0, "%s:%u: libselinux refuses `%s`: %s%s%s", name,
                            labels->items[line - 1].line, labels->items[line - 1].path,
                            invalid ? "the regular expression does not compile" : message,
                            why && why[3] ? ": " : "", why && why[3] ? why + 3 : "");
  if ((at = strstr (message, " specifications for ")) != NULL)
    return conflict_error (name, labels, at + strlen (" specifications for "), err);
  return sepm_error_make (err, 0, "%s: libselinux cannot use these labels: %s", name,
                          message[0] ? message : "unknown error");
}

struct sepm_label_matcher
{
  struct selabel_handle *h;
};

struct sepm_label_matcher *
sepm_label_matcher_open (const struct sepm_labels *labels, sepm_error_t *err)
{
  struct sepm_buf b = { 0 };
  struct sepm_label_matcher *m = xcalloc (1, sizeof (*m));
  const char *message;

  /* Label I's context names type lI: an answer says which label
   * libselinux chose, as restorecon would choose it. */
  sepm_buf_puts (&b, "");
  for (size_t i = 0; i < labels->n; i++)
    {
      const struct sepm_label *l = &labels->items[i];
      cleanup_free char *line = xasprintf ("%s\t%s%ssystem_u:object_r:l%zu:s0\n", l->path, l->kind,
                                           *l->kind ? "\t" : "", i);
      sepm_buf_puts (&b, line);
    }
  m->h = sepm_labels_selabel_open (b.data, accept_any_context, &message, err);
  free (b.data);
  if (m->h == NULL)
    {
      free (m);
      return NULL;
    }
  return m;
}

long
sepm_label_matcher_find (struct sepm_label_matcher *m, const char *path, mode_t mode)
{
  char *found = NULL;
  long which = -1;

  if (selabel_lookup_raw (m->h, &found, path, mode) == 0)
    {
      const char *t = strstr (found, ":object_r:l");
      which = t ? strtol (t + strlen (":object_r:l"), NULL, 10) : -1;
      freecon (found);
    }
  return which;
}

void
sepm_label_matcher_close (struct sepm_label_matcher *m)
{
  if (m == NULL)
    return;
  selabel_close (m->h);
  free (m);
}

void
sepm_labels_release (struct sepm_labels *labels)
{
  for (size_t i = 0; i < labels->n; i++)
    {
      free (labels->items[i].path);
      free (labels->items[i].kind);
      free (labels->items[i].type);
    }
  free (labels->items);
  memset (labels, 0, sizeof (*labels));
}
