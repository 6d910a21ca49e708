/* The policy an image carries, as one config label per build
 * (docs/image-format.md):
 *
 *   io.sepm.policy.v1.<N> = base64(gzip(JSON))
 *
 * where N counts up from 0, so a derived image adds an entry and never
 * replaces its base's.  The JSON records the modules, the labels and the
 * diff_ids of the layers the policy was built for. */
#ifndef SEPM_IMAGE_LABEL_H
#define SEPM_IMAGE_LABEL_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"
#include "labels.h"

#define SEPM_POLICY_LABEL_PREFIX "io.sepm.policy.v1."
/* What a hostile label may make sepm decompress or parse. */
#define SEPM_POLICY_MAX_DECODED (4u << 20)
#define SEPM_POLICY_MAX_JSON_DEPTH 16

struct sepm_policy_module
{
  char *name;
  char *cil;
  size_t cil_len;
};

struct sepm_policy_entry
{
  unsigned index;               /* N of the label key */
  char **diff_ids;
  size_t n_diff_ids;
  struct sepm_policy_module *modules;
  size_t n_modules;
  struct sepm_labels labels;
  char *entrypoint;             /* the image's entry domain, or NULL */
};

/* The label value for ENTRY: the same entry always gives the same bytes. */
int sepm_image_label_encode (const struct sepm_policy_entry *entry, char **value, sepm_error_t *err);
int sepm_image_label_decode (const char *key, const char *value, struct sepm_policy_entry *out,
                              sepm_error_t *err);
void sepm_image_label_release (struct sepm_policy_entry *e);

/* All entries of a config's Labels object, in key order.  Fails on any
 * entry that does not decode. */
int sepm_image_label_read (json_t *labels, struct sepm_policy_entry **out, size_t *n,
                                     sepm_error_t *err);

#endif
