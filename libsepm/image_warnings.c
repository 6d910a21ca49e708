#include <config.h>
#include "image_warnings.h"

#include <string.h>

#include "labels.h"
#include "strset.h"
#include "util.h"

/* Which labels of one entry some file of the image gets, and the types
 * they give. */
struct label_use
{
  struct sepm_label_matcher *m;
  const struct sepm_labels *labels;
  bool *used;
  struct sepm_strset *types;
};

static void
use_file (void *arg, const char *path, enum sepm_entry_kind kind)
{
  struct label_use *u = arg;
  long which = sepm_label_matcher_find (u->m, path, sepm_image_files_mode_of (kind));

  if (which < 0 || (size_t) which >= u->labels->n)
    return;
  u->used[which] = true;
  sepm_strset_add (u->types, u->labels->items[which].type, NULL);
}

/* The labels of entry E that no file gets: an exact path the image lacks
 * is already labels.path's error. */
static void
check_entry_labels (const struct sepm_labels *labels, const char *where, const struct sepm_image_files *files,
                    struct sepm_strset *types, struct sepm_findings *findings)
{
  sepm_error_t ignored = NULL;
  struct label_use u = { sepm_label_matcher_open (labels, &ignored), labels, NULL, types };
  enum sepm_entry_kind kind;

  sepm_error_release (&ignored);
  /* Labels libselinux refuses are labels.regex's finding. */
  if (u.m == NULL)
    return;
  u.used = xcalloc (labels->n + 1, sizeof (bool));
  sepm_image_files_each_final (files, use_file, &u);
  for (size_t i = 0; i < labels->n; i++)
    {
      const struct sepm_label *l = &labels->items[i];
      if (u.used[i] || (sepm_label_is_exact (l->path) && !sepm_image_files_lookup (files, l->path, &kind)))
        continue;
      sepm_findings_warn (findings, "labels.unmatched", where, l->line, l->path,
                          "Fix the path or its file kind, or remove the label; a later label that matches "
                          "the same files wins over an earlier one.",
                          "`%s`%s%s labels no file of the image", l->path, *l->kind ? " " : "", l->kind);
    }
  free (u.used);
  sepm_label_matcher_close (u.m);
}

static const struct sepm_module_type *
each_domain (const struct sepm_module_result *results, size_t n, size_t *i, size_t *t)
{
  for (; *i < n; (*i)++, *t = 0)
    for (; *t < results[*i].n_types; (*t)++)
      if (results[*i].types[*t].is_domain && results[*i].types[*t].root_parent)
        return &results[*i].types[(*t)++];
  return NULL;
}

void
sepm_image_warnings_check (const struct sepm_policy_entry *entries, size_t n_entries,
                           const struct sepm_module_result *results, size_t n_results,
                           const struct sepm_image_files *files, const struct sepm_entry_check *how,
                           struct sepm_findings *findings)
{
  struct sepm_strset *labelled = sepm_strset_new (64);
  cleanup_free char *entry = NULL;
  const struct sepm_module_type *d;
  size_t i = 0, t = 0, n_domains = 0;

  /* The topmost entry that names one sets the entry domain. */
  for (size_t e = n_entries; e > 0 && entry == NULL; e--)
    if (entries[e - 1].entrypoint)
      entry = how->map ? how->map (how->map_arg, entries[e - 1].entrypoint) : xstrdup (entries[e - 1].entrypoint);
  for (size_t e = 0; files && e < n_entries; e++)
    {
      struct sepm_labels mapped = { 0 };
      cleanup_free char *where = sepm_image_policy_entry_where (how->ref, &entries[e]);
      sepm_labels_append (&mapped, &entries[e].labels, how->map, how->map_arg);
      check_entry_labels (&mapped, where, files, labelled, findings);
      sepm_labels_release (&mapped);
    }
  while ((d = each_domain (results, n_results, &i, &t)) != NULL)
    {
      const char *path = results[i].path;
      bool is_entry = entry && strcmp (entry, d->name) == 0;
      n_domains++;
      if (d->n_transitions == 0 && !is_entry)
        sepm_findings_warn (findings, "domain.unreachable", path, 0, NULL,
                            "Enter it from the domain that runs its program (the template's child_domain, or a "
                            "typetransition), or make it the entry domain with sepm-build --entrypoint.",
                            "nothing enters `%s`: no type transition leads to it, and it is not the entry domain",
                            d->name);
      for (char **x = d->exec_types; files && x && *x; x++)
        if (!sepm_strset_has (labelled, *x))
          sepm_findings_warn (findings, "labels.exec-unused", path, 0, NULL,
                              "Label the program with it in the labels file (`/usr/bin/PROGRAM -- TYPE`).",
                              "`%s`, whose execution enters `%s`, labels no file of the image, so that "
                              "transition never happens", *x, d->name);
    }
  if (n_domains && entry == NULL)
    sepm_findings_warn (findings, "image.entrypoint-unset", how->ref, 0, NULL,
                        "Name the domain the container starts in with sepm-build --entrypoint NAME.process.",
                        "no entry domain is set: podman, CRI-O and Docker start the container in container_t, "
                        "and the modules' domains are entered only where an exec transition fires (runc or "
                        "crun on a bundle sepm-install relabelled)");
  sepm_strset_free (labelled);
}
