/* sepm-verify's job on an image, and the report all three tools give
 * about one: every layer's modules verified together, and every
 * entry-level check of docs/image-format.md (image_policy.h). */
#ifndef SEPM_IMAGE_VERIFY_H
#define SEPM_IMAGE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "findings.h"
#include "profile.h"
#include "system_policy.h"
#include "verify.h"

struct sepm_image_report
{
  struct sepm_module_result *results;   /* every module of every layer */
  size_t n_results;
  struct sepm_findings image;   /* findings about the image itself: layers, labels */
  /* Each layer, and the modules of the entry built on top of it. */
  struct sepm_report_layer
  {
    char *diff_id;
    char **modules;             /* result paths, NULL-terminated */
  } *layers;
  size_t n_layers;
  char *entrypoint;             /* the topmost entry's entry domain, or NULL */
  char *label_key;              /* sepm-build: the new entry */
  char *label_value;
  char *manifest_digest;        /* sepm-build: when written */
  char *written;                /* sepm-build: the reference written, tag included */
};

/* 0 with the report filled (findings mean "rejected"); -1 when the image
 * could not be read. */
struct sepm_registry_options;
int sepm_image_verify (struct sepm_system_policy *sys, const struct sepm_profile *profile, const char *ref,
                       const struct sepm_registry_options *registry, struct sepm_image_report *out, sepm_error_t *err);

/* The image's side of a report: each layer with the modules of the
 * entries built on top of it (module M, named NAMES[M], came from entry
 * ENTRY_OF[M]), and the manifest digest. */
struct sepm_opened_image;
void sepm_image_report_describe (struct sepm_image_report *out, const struct sepm_opened_image *o,
                                 const size_t *entry_of, char *const *names, size_t n);
/* No finding that rejects: warnings alone admit. */
bool sepm_image_report_admitted (const struct sepm_image_report *r);
/* --Werror: every warning of the report becomes a finding that rejects. */
void sepm_image_report_promote_warnings (struct sepm_image_report *r);
void sepm_image_report_release (struct sepm_image_report *r);

#endif
