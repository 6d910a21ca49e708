/* sepm-build's job: open and verify the image, verify every layer's
 * modules together with the new ones, check the labels against the
 * image's files, and write the new entry. */
#ifndef SEPM_BUILD_H
#define SEPM_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "findings.h"
#include "image_verify.h"
#include "registry.h"
#include "profile.h"
#include "system_policy.h"
#include "verify.h"

struct sepm_build_request
{
  const char *source;           /* an image reference */
  const char *dest;             /* NULL: in place */
  const char *const *module_paths;
  size_t n_modules;
  const char *labels_path;      /* may be NULL */
  const char *entrypoint;       /* the image's entry domain; may be NULL */
  bool dockerfile;              /* compute the label, write nothing */
  bool werror;                  /* warnings reject (--Werror) */
  const struct sepm_registry_options *registry;  /* a docker:// source's options, or NULL */
};

/* 0 with the report filled (findings mean "rejected"); -1 when the image
 * or an input could not be read or written. */
int sepm_build (struct sepm_system_policy *sys, const struct sepm_profile *profile,
                const struct sepm_build_request *req, struct sepm_image_report *out,
                sepm_error_t *err);
#endif
