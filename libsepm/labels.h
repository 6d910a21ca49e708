/* The labels file: which paths of an image get which module type, in
 * file_contexts syntax with a type where the context would be:
 *
 *   /usr/sbin/httpd       --  web.exec
 *   /var/www(/.*)?            web.content
 *
 * Labels travel beside the module, never inside it, so they can never
 * reach the host's file_contexts.  The regular expressions are checked by
 * libselinux itself, the way the host will read them. */
#ifndef SEPM_LABELS_H
#define SEPM_LABELS_H

#include <stddef.h>

#include <sys/types.h>

#include "error.h"

struct selabel_handle;

/* Bounds for a hostile labels file. */
#define SEPM_LABELS_MAX_COUNT 10000
#define SEPM_LABELS_MAX_PATH 4096

struct sepm_label
{
  char *path;                   /* a file_contexts regular expression */
  char *kind;                   /* "", "--", "-d", "-l", "-c", "-b", "-s", "-p" */
  char *type;                   /* a module type, e.g. web.exec */
  unsigned line;
};

struct sepm_labels
{
  struct sepm_label *items;
  size_t n;
};

/* Parse a labels file.  Errors name NAME:LINE and the fix. */
int sepm_labels_parse (const char *name, const char *text, size_t len,
                       struct sepm_labels *out, sepm_error_t *err);

/* Why one label is not acceptable (NULL when it is): KIND is "" for any
 * kind of file. */
const char *sepm_label_problem (const char *path, const char *kind, const char *type);

/* The labels file's check: sepm_label_problem's, but the name of a system
 * type (`etc_t`) is well formed there, for labels.type to refuse with
 * the types the modules offer. */
const char *sepm_label_file_problem (const char *path, const char *kind, const char *type);
/* Append a checked label; -1 when LABELS already holds the maximum. */
int sepm_labels_add (struct sepm_labels *labels, const char *path, const char *kind, const char *type,
                     unsigned line);

/* A type name as another view of the policy names it (sepm-install's
 * installed names); the result is malloc'd. */
typedef char *(*sepm_label_type_map) (const void *arg, const char *type);

/* Append FROM's labels to TO, each type passed through MAP (NULL: kept
 * as it is).  -1 when TO would hold more than the maximum. */
int sepm_labels_append (struct sepm_labels *to, const struct sepm_labels *from, sepm_label_type_map map,
                        const void *arg);

/* The labels as file_contexts text, each type given the context
 * `system_u:object_r:TYPE:LEVEL`. */
char *sepm_labels_to_file_contexts (const struct sepm_labels *labels, const char *level);

/* Compile the labels' regular expressions with libselinux (as restorecon
 * will), without validating contexts. */
int sepm_labels_check_regex (const char *name, const struct sepm_labels *labels,
                             sepm_error_t *err);

/* A libselinux file-contexts handle on FILE_CONTEXTS (the text of a
 * file_contexts file), every expression compiled and every context passed
 * to VALIDATE while it loads.  NULL on failure, with *MESSAGE holding
 * libselinux's first error (valid until the next call). */
/* Which of LABELS libselinux applies to a path of a mode: the index of
 * the label restorecon would use, or -1 for none. */
struct sepm_label_matcher;
struct sepm_label_matcher *sepm_label_matcher_open (const struct sepm_labels *labels, sepm_error_t *err);
long sepm_label_matcher_find (struct sepm_label_matcher *m, const char *path, mode_t mode);
void sepm_label_matcher_close (struct sepm_label_matcher *m);

struct selabel_handle *sepm_labels_selabel_open (const char *file_contexts, int (*validate) (char **context),
                                               const char **message, sepm_error_t *err);

/* True when PATH names exactly one file (no regular expression). */
int sepm_label_is_exact (const char *path);

void sepm_labels_release (struct sepm_labels *labels);

#endif
