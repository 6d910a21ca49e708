/* The policy an image carries, checked as a whole: every entry's layers,
 * every module of every layer verified together, and every label. */
#ifndef SEPM_IMAGE_POLICY_H
#define SEPM_IMAGE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "findings.h"
#include "image.h"
#include "image_files.h"
#include "labels.h"
#include "image_label.h"
#include "verify.h"

/* A policy entry's modules as verifier inputs, named IMAGE-LABEL:MODULE. */
struct sepm_image_modules
{
  struct sepm_module_input *inputs;
  char **names;
  size_t n;
  size_t *entry_of;             /* which entry each module came from */
};

void sepm_image_modules_collect (const char *image, const struct sepm_policy_entry *entries, size_t n,
                                 struct sepm_image_modules *out);
void sepm_image_modules_release (struct sepm_image_modules *m);

/* Image-level findings: entries recorded for layers the image does not
 * have (`image.layers`), labels naming anything but a module file type
 * (`labels.type`), exact labelled paths missing or of another kind
 * (`labels.path`). */
void sepm_image_policy_check_entry_layers (const struct sepm_image *img, const struct sepm_policy_entry *e,
                              const char *where, struct sepm_findings *findings);
void sepm_image_policy_check_labels (const struct sepm_labels *labels, const char *where,
                        const struct sepm_module_result *results, size_t n_results,
                        const struct sepm_image_files *files, struct sepm_findings *findings);

/* An entry's labels and entry domain (the checks above), with every
 * module type as MAP names it (NULL: as the entry writes it). */
void sepm_image_policy_check_entry_policy (const struct sepm_policy_entry *e, const char *where, sepm_label_type_map map,
                              const void *arg, const struct sepm_module_result *results, size_t n_results,
                              const struct sepm_image_files *files, struct sepm_findings *findings);

/* How an image's entries are checked: where findings point, how module
 * types are named (MAP: as installed; NULL: as the entries write them),
 * and the block each verified module must have (NULL: the name its entry
 * records; sepm-install passes the installed names). */
/* Where an entry's findings point: REF:io.sepm.policy.v1.N (malloc'd). */
char *sepm_image_policy_entry_where (const char *ref, const struct sepm_policy_entry *e);

struct sepm_entry_check
{
  const char *ref;
  sepm_label_type_map map;
  const void *map_arg;
  const char *const *blocks;
};

/* Every entry-level check of docs/image-format.md, the one sepm-build,
 * sepm-verify and sepm-install all run on the entries an image has (or,
 * at build, will have): entries numbered 0, 1, 2... each built on the
 * layers of the one before (`image.entries`), each for a prefix of the
 * image's layers (`image.layers`), every module's block the name its
 * entry records and unique (`image.module-name`), and every entry's
 * labels and entry domain.  RESULTS are the modules of ENTRIES in order,
 * verified together. */
void sepm_image_policy_check_entries (const struct sepm_image *img, const struct sepm_image_files *files,
                               const struct sepm_policy_entry *entries, size_t n_entries,
                               const struct sepm_module_result *results, size_t n_results,
                               const struct sepm_entry_check *how, struct sepm_findings *findings);

/* An image opened with its files recorded and its policy entries decoded. */
struct sepm_opened_image
{
  struct sepm_image *img;
  struct sepm_image_files *files;
  struct sepm_policy_entry *entries;
  size_t n_entries;
};

struct sepm_registry_options;
/* REGISTRY: the options of a docker:// reference (NULL: the defaults). */
int sepm_opened_image_open (const char *ref, const struct sepm_registry_options *registry, struct sepm_opened_image *o,
                            sepm_error_t *err);
/* The same, unpacking the layers into UNPACK as they are verified. */
struct sepm_unpack;
int sepm_opened_image_open_unpack (const char *ref, const struct sepm_registry_options *registry,
                                   struct sepm_unpack *unpack, struct sepm_opened_image *o, sepm_error_t *err);
void sepm_opened_image_close (struct sepm_opened_image *o);

/* The entry domain an entry names (`image.entrypoint`) must be a domain
 * of the image's modules, bounded by an allowed parent. */
void sepm_image_policy_check_entrypoint (const char *entrypoint, const char *where,
                            const struct sepm_module_result *results, size_t n_results,
                            struct sepm_findings *findings);

#endif
