#include <config.h>
#include "image_policy.h"

#include <string.h>
#include <sys/stat.h>

#include "image_warnings.h"
#include "labels.h"
#include "strset.h"
#include "util.h"

void
sepm_image_modules_collect (const char *image, const struct sepm_policy_entry *entries, size_t n,
                            struct sepm_image_modules *out)
{
  size_t total = 0, k = 0;

  for (size_t i = 0; i < n; i++)
    total += entries[i].n_modules;
  out->inputs = xcalloc (total + 1, sizeof (*out->inputs));
  out->names = xcalloc (total + 1, sizeof (*out->names));
  out->entry_of = xcalloc (total + 1, sizeof (*out->entry_of));
  for (size_t i = 0; i < n; i++)
    for (size_t m = 0; m < entries[i].n_modules; m++, k++)
      {
        out->names[k] = xasprintf ("%s:" SEPM_POLICY_LABEL_PREFIX "%u:%s", image, entries[i].index,
                                   entries[i].modules[m].name);
        out->inputs[k] = (struct sepm_module_input) { out->names[k], entries[i].modules[m].cil,
                                                      entries[i].modules[m].cil_len, true };
        out->entry_of[k] = i;
      }
  out->n = total;
}

void
sepm_image_modules_release (struct sepm_image_modules *m)
{
  for (size_t i = 0; i < m->n; i++)
    free (m->names[i]);
  free (m->names);
  free (m->inputs);
  free (m->entry_of);
  memset (m, 0, sizeof (*m));
}

void
sepm_image_policy_check_entry_layers (const struct sepm_image *img, const struct sepm_policy_entry *e,
                         const char *where, struct sepm_findings *findings)
{
  bool prefix = e->n_diff_ids <= img->n_layers && e->n_diff_ids > 0;

  for (size_t i = 0; prefix && i < e->n_diff_ids; i++)
    prefix = strcmp (e->diff_ids[i], img->layers[i].diff_id) == 0;
  if (!prefix)
    sepm_findings_add (findings, "image.layers", where, 0, NULL,
                       "Rebuild the policy for this image with sepm-build; a policy travels only with the layers it was built for.",
                       "the policy was built for %zu layer(s) that are not the first layers of this image",
                       e->n_diff_ids);
}

static const struct sepm_module_type *
find_module_type (const struct sepm_module_result *results, size_t n, const char *type)
{
  for (size_t i = 0; i < n; i++)
    for (size_t t = 0; t < results[i].n_types; t++)
      if (strcmp (results[i].types[t].name, type) == 0)
        return &results[i].types[t];
  return NULL;
}

static bool
is_module_file_type (const struct sepm_module_result *results, size_t n, const char *type)
{
  const struct sepm_module_type *t = find_module_type (results, n, type);
  return t && t->root_parent && !t->is_domain;
}

/* Whether TYPE is an anchor: it bounds another module type and enters
 * no domain (an exec type bounds its child's exec type, and labels a
 * program).  The templates keep anchors for the bounds, never for files. */
static bool
is_anchor (const struct sepm_module_result *results, size_t n, const char *type)
{
  bool bounds_one = false;
  for (size_t i = 0; i < n; i++)
    for (size_t t = 0; t < results[i].n_types; t++)
      {
        const struct sepm_module_type *x = &results[i].types[t];
        bounds_one = bounds_one || (x->bounds && strcmp (x->bounds, type) == 0);
        for (char **e = x->exec_types; e && *e; e++)
          if (strcmp (*e, type) == 0)
            return false;
      }
  return bounds_one;
}

/* "use one of `a.x`, `a.y`" (at most 8 named, anchors left out), for a
 * labels.type message. */
static char *
module_file_types (const struct sepm_module_result *results, size_t n)
{
  char *list = xstrdup ("");
  size_t named = 0, more = 0;

  for (size_t i = 0; i < n; i++)
    for (size_t t = 0; t < results[i].n_types; t++)
      if (results[i].types[t].root_parent && !results[i].types[t].is_domain
          && !is_anchor (results, n, results[i].types[t].name))
        {
          if (named == 8)
            {
              more++;
              continue;
            }
          char *next = xasprintf ("%s%s`%s`", list, named ? ", " : "", results[i].types[t].name);
          free (list);
          list = next;
          named++;
        }
  char *out = named ? xasprintf ("use one of %s%s", list, more ? ", ..." : "")
                    : xstrdup ("the modules declare no file type");
  free (list);
  return out;
}

void
sepm_image_policy_check_entrypoint (const char *entrypoint, const char *where,
                       const struct sepm_module_result *results, size_t n_results,
                       struct sepm_findings *findings)
{
  const struct sepm_module_type *t = entrypoint ? find_module_type (results, n_results, entrypoint) : NULL;

  if (entrypoint && !(t && t->root_parent && t->is_domain))
    sepm_findings_add (findings, "image.entrypoint", where, 0, NULL,
                       "Name a domain the modules declare, bounded by container_t (the template's NAME.process).",
                       "entrypoint `%s` is not a domain of these modules", entrypoint);
}

static bool
kind_matches (const char *flag, enum sepm_entry_kind kind)
{
  if (*flag == '\0')
    return true;
  switch (flag[1])
    {
    case '-': return kind == SEPM_ENTRY_FILE || kind == SEPM_ENTRY_HARDLINK;
    case 'd': return kind == SEPM_ENTRY_DIR;
    case 'l': return kind == SEPM_ENTRY_SYMLINK;
    case 'c': return kind == SEPM_ENTRY_CHAR;
    case 'b': return kind == SEPM_ENTRY_BLOCK;
    case 'p': return kind == SEPM_ENTRY_FIFO;
    case 's': return kind == SEPM_ENTRY_SOCKET;
    default: return false;
    }
}

/* The names of one hard-linked file must get one type: labels belong to
 * inodes, and sepm-install refuses to relabel a file its labels give two
 * (relabel_plan.c), so an image that would be refused there is refused
 * here already. */
static void
check_hard_links (const struct sepm_labels *labels, const char *where, const struct sepm_image_files *files,
                  struct sepm_label_matcher *m, struct sepm_findings *findings)
{
  enum sepm_entry_kind kind;
  size_t reported = 0;

  for (size_t i = 0; i < files->n && reported < 16; i++)
    {
      const struct sepm_image_file_event *e = &files->events[i];
      if (e->kind != SEPM_ENTRY_HARDLINK || e->target == NULL
          || !sepm_image_files_lookup (files, e->path, &kind) || kind != SEPM_ENTRY_HARDLINK
          || !sepm_image_files_lookup (files, e->target, &kind))
        continue;
      mode_t mode = sepm_image_files_mode_of (sepm_image_files_kind_at (files, i));
      long a = sepm_label_matcher_find (m, e->path, mode), b = sepm_label_matcher_find (m, e->target, mode);
      if (a < 0 || b < 0 || (size_t) a >= labels->n || (size_t) b >= labels->n
          || strcmp (labels->items[a].type, labels->items[b].type) == 0)
        continue;
      sepm_findings_add (findings, "labels.hardlink", where, labels->items[a].line, labels->items[a].path,
                         "Give every name of a hard-linked file the same type, or store the names as "
                         "separate files.",
                         "`%s` and `%s` are one file (a hard link) but the labels give them `%s` (line %u) and "
                         "`%s` (line %u)", e->path, e->target, labels->items[a].type, labels->items[a].line,
                         labels->items[b].type, labels->items[b].line);
      reported++;
    }
}

/* Every device node of the image that a label reaches, whatever the
 * label's form (a regular expression without a file kind matches device
 * nodes too): libselinux decides, as restorecon will. */
static void
check_device_nodes (const struct sepm_labels *labels, const char *where, const struct sepm_image_files *files,
                    struct sepm_label_matcher *m, struct sepm_findings *findings)
{
  struct sepm_strset *seen = sepm_strset_new (64);
  enum sepm_entry_kind kind;
  size_t reported = 0;

  for (size_t i = 0; i < files->n && reported < 16; i++)
    {
      const struct sepm_image_file_event *e = &files->events[i];
      enum sepm_entry_kind real = sepm_image_files_kind_at (files, i);
      if ((real != SEPM_ENTRY_CHAR && real != SEPM_ENTRY_BLOCK) || sepm_strset_has (seen, e->path))
        continue;
      sepm_strset_add (seen, e->path, NULL);
      if (!sepm_image_files_lookup (files, e->path, &kind) || kind != e->kind)
        continue;
      long which = sepm_label_matcher_find (m, e->path, sepm_image_files_mode_of (real));
      if (which < 0 || (size_t) which >= labels->n)
        continue;
      const struct sepm_label *l = &labels->items[which];
      /* An exact path on a device node is reported by its own check
       * (which sees a hard link as a link, not as the device it is). */
      if (sepm_label_is_exact (l->path) && strcmp (l->path, e->path) == 0 && e->kind != SEPM_ENTRY_HARDLINK)
        continue;
      sepm_findings_add (findings, "labels.device", where, l->line, l->path,
                         "Do not label device nodes; the container runtime creates and labels them. Give the "
                         "label a file kind (`--` for files) or a path that leaves the device out.",
                         "`%s` labels device node `%s` in the image", l->path, e->path);
      reported++;
    }
  sepm_strset_free (seen);
}

void
sepm_image_policy_check_labels (const struct sepm_labels *labels, const char *where,
                   const struct sepm_module_result *results, size_t n_results,
                   const struct sepm_image_files *files, struct sepm_findings *findings)
{
  for (size_t i = 0; i < labels->n; i++)
    {
      const struct sepm_label *l = &labels->items[i];
      enum sepm_entry_kind kind;

      /* A device node is the runtime's to create and label, never an
       * image's: a label on one would hand a module domain a device. */
      if (strcmp (l->kind, "-c") == 0 || strcmp (l->kind, "-b") == 0)
        sepm_findings_add (findings, "labels.device", where, l->line, l->path,
                           "Do not label device nodes; the container runtime creates and labels them.",
                           "`%s` labels device nodes", l->path);
      if (!is_module_file_type (results, n_results, l->type))
        {
          cleanup_free char *offered = module_file_types (results, n_results);
          sepm_findings_add (findings, "labels.type", where, l->line, l->path,
                             "Label files only with file types the modules declare (bounded by container_file_t "
                             "or container_ro_file_t); a system type would reach outside the image's policy.",
                             "`%s` is not a file type of these modules; %s", l->type, offered);
        }
      if (files && sepm_label_is_exact (l->path))
        {
          if (!sepm_image_files_lookup (files, l->path, &kind))
            sepm_findings_add (findings, "labels.path", where, l->line, l->path,
                               "Label paths that exist in the image, or use a regular expression.",
                               "`%s` does not exist in the image", l->path);
          else if (kind == SEPM_ENTRY_CHAR || kind == SEPM_ENTRY_BLOCK)
            sepm_findings_add (findings, "labels.device", where, l->line, l->path,
                               "Do not label device nodes; the container runtime creates and labels them.",
                               "`%s` is a device node in the image", l->path);
          else if (!kind_matches (l->kind, kind))
            sepm_findings_add (findings, "labels.path", where, l->line, l->path,
                               "Give the file kind the path really has, or none.",
                               "`%s` is not of the kind `%s` in the image", l->path, l->kind);
        }
    }
  if (files && labels->n)
    {
      sepm_error_t ignored = NULL;
      struct sepm_label_matcher *m = sepm_label_matcher_open (labels, &ignored);
      sepm_error_release (&ignored);
      /* Labels libselinux refuses are labels.regex's finding. */
      if (m)
        {
          check_device_nodes (labels, where, files, m, findings);
          check_hard_links (labels, where, files, m, findings);
          sepm_label_matcher_close (m);
        }
    }
}

void
sepm_image_policy_check_entry_policy (const struct sepm_policy_entry *e, const char *where, sepm_label_type_map map,
                         const void *arg, const struct sepm_module_result *results, size_t n_results,
                         const struct sepm_image_files *files, struct sepm_findings *findings)
{
  struct sepm_labels mapped = { 0 };
  cleanup_free char *entry = e->entrypoint && map ? map (arg, e->entrypoint) : NULL;

  /* An entry was decoded within the maximum, so its copy fits too. */
  sepm_labels_append (&mapped, &e->labels, map, arg);
  sepm_image_policy_check_labels (&mapped, where, results, n_results, files, findings);
  sepm_image_policy_check_entrypoint (entry ? entry : e->entrypoint, where, results, n_results, findings);
  sepm_labels_release (&mapped);
}

static bool
is_prefix_of (const struct sepm_policy_entry *a, const struct sepm_policy_entry *b)
{
  if (a->n_diff_ids > b->n_diff_ids)
    return false;
  for (size_t i = 0; i < a->n_diff_ids; i++)
    if (strcmp (a->diff_ids[i], b->diff_ids[i]) != 0)
      return false;
  return true;
}

/* The block names of the verified modules: the label's `name` field is
 * what sepm-install renames, so a block that differs from it would be
 * installed under a name nobody checked. */
static void
check_module_blocks (const struct sepm_policy_entry *entries, size_t n_entries,
                     const struct sepm_module_result *results, size_t n_results, const char *const *blocks,
                     struct sepm_findings *f)
{
  size_t k = 0;
  for (size_t e = 0; e < n_entries; e++)
    for (size_t m = 0; m < entries[e].n_modules && k < n_results; m++, k++)
      {
        const char *want = blocks ? blocks[k] : entries[e].modules[m].name;
        if (results[k].name && strcmp (results[k].name, want) != 0)
          sepm_findings_add (f, "image.module-name", results[k].path, 0, NULL,
                             "Build the image with sepm-build, which records each module under its block's name.",
                             "the module's block is `%s`, but its entry records it as `%s`", results[k].name, want);
      }
  for (size_t i = 0; i < n_results; i++)
    for (size_t j = 0; j < i; j++)
      if (results[i].name && results[j].name && strcmp (results[i].name, results[j].name) == 0)
        sepm_findings_add (f, "image.module-name", results[i].path, 0, NULL,
                           "Give every module of an image its own block name.",
                           "module `%s` is also defined by %s", results[i].name, results[j].path);
}

/* A layer entry whose path passes through a symbolic link that an earlier
 * entry made: sepm reads the path as written, a runtime's unpacker
 * resolves the link inside the root filesystem and writes the entry
 * elsewhere (`d -> data` and `d/sda` puts sda in /data), so the labels
 * and the device check would judge a file that is not where it lands.
 * Refused: images built from a filesystem diff never have such entries. */
static void
check_link_parents (const struct sepm_image_files *files, const char *where, struct sepm_findings *findings)
{
  struct sepm_strset *links = sepm_strset_new (256);  /* path -> its flag in IS_LINK */
  unsigned char *is_link = xcalloc (files ? files->n + 1 : 1, 1);
  size_t reported = 0;

  for (size_t i = 0; files && i < files->n && reported < 8; i++)
    {
      const struct sepm_image_file_event *e = &files->events[i];
      cleanup_free char *prefix = xstrdup (e->path);
      for (char *slash = strrchr (prefix, '/'); slash && slash > prefix; slash = strrchr (prefix, '/'))
        {
          *slash = '\0';
          unsigned char *flag = sepm_strset_get (links, prefix);
          if (flag && *flag)
            {
              sepm_findings_add (findings, "image.layers", where, 0, e->path,
                                 "Build the layer from a filesystem (umoci, buildah, docker), whose diffs name "
                                 "files by their real paths.",
                                 "layer %zu's entry `%s` passes through the symbolic link `%s`: an unpacker "
                                 "would write it under the link's target, not where its labels were checked",
                                 e->layer + 1, e->path, prefix);
              reported++;
              break;
            }
        }
      /* What the path is from now on: a link, or (after a whiteout, or a
       * directory or file in its place) no longer one. */
      unsigned char *flag = sepm_strset_get (links, e->path);
      if (flag == NULL && e->kind == SEPM_ENTRY_SYMLINK)
        sepm_strset_add (links, e->path, flag = &is_link[i]);
      if (flag)
        *flag = e->kind == SEPM_ENTRY_SYMLINK;
    }
  sepm_strset_free (links);
  free (is_link);
}

char *
sepm_image_policy_entry_where (const char *ref, const struct sepm_policy_entry *e)
{
  return xasprintf ("%s:" SEPM_POLICY_LABEL_PREFIX "%u", ref, e->index);
}

void
sepm_image_policy_check_entries (const struct sepm_image *img, const struct sepm_image_files *files,
                          const struct sepm_policy_entry *entries, size_t n_entries,
                          const struct sepm_module_result *results, size_t n_results,
                          const struct sepm_entry_check *how, struct sepm_findings *findings)
{
  for (size_t i = 0; i < n_entries; i++)
    {
      cleanup_free char *where = sepm_image_policy_entry_where (how->ref, &entries[i]);
      /* Which modules may name which (lower layers first) and which entry
       * domain wins (the topmost) follow the numbering: it must be the
       * order of the builds. */
      if (entries[i].index != i)
        sepm_findings_add (findings, "image.entries", where, 0, NULL,
                           "Build the image with sepm-build, which numbers entries 0, 1, 2... one per build.",
                           "entry %u is the %zu%s entry; entries must be numbered 0, 1, 2... without gaps",
                           entries[i].index, i + 1, i == 0 ? "st" : i == 1 ? "nd" : i == 2 ? "rd" : "th");
      if (i > 0 && !is_prefix_of (&entries[i - 1], &entries[i]))
        sepm_findings_add (findings, "image.entries", where, 0, NULL,
                           "Build the image with sepm-build; each build adds its entry on top of the layers of the one before.",
                           "entry %u was not built on the layers of entry %u", entries[i].index, entries[i - 1].index);
      sepm_image_policy_check_entry_layers (img, &entries[i], where, findings);
      sepm_image_policy_check_entry_policy (&entries[i], where, how->map, how->map_arg, results, n_results, files, findings);
    }
  check_module_blocks (entries, n_entries, results, n_results, how->blocks, findings);
  if (n_entries)
    check_link_parents (files, how->ref, findings);
  sepm_image_warnings_check (entries, n_entries, results, n_results, files, how, findings);
}

int
sepm_opened_image_open (const char *ref, const struct sepm_registry_options *registry, struct sepm_opened_image *o,
                        sepm_error_t *err)
{
  return sepm_opened_image_open_unpack (ref, registry, NULL, o, err);
}

int
sepm_opened_image_open_unpack (const char *ref, const struct sepm_registry_options *registry,
                               struct sepm_unpack *unpack, struct sepm_opened_image *o, sepm_error_t *err)
{
  memset (o, 0, sizeof (*o));
  o->files = sepm_image_files_new ();
  if (sepm_image_open_unpack (ref, registry, sepm_image_files_record, o->files, unpack, &o->img, err) < 0)
    return -1;
  if (sepm_image_label_read (sepm_image_labels (o->img), &o->entries, &o->n_entries, err) < 0)
    return sepm_error_wrap (err, "read the policy of `%s`", ref);
  return 0;
}

void
sepm_opened_image_close (struct sepm_opened_image *o)
{
  for (size_t i = 0; i < o->n_entries; i++)
    sepm_image_label_release (&o->entries[i]);
  free (o->entries);
  sepm_image_files_free (o->files);
  sepm_image_free (o->img);
  memset (o, 0, sizeof (*o));
}
