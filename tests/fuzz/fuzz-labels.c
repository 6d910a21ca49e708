/* A labels file (path, kind, type per line), as sepm-build reads the
 * maintainer's and every reader decodes from an image. */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct sepm_labels labels = { 0 };
  sepm_error_t err = NULL;

  if (sepm_labels_parse ("fuzz.labels", (const char *) data, size, &labels, &err) == 0)
    {
      /* Every accepted label must pass the per-label check again; the
       * image's strict check may refuse only its type, and only a system
       * type's name (no module's dot), which labels.type refuses. */
      for (size_t i = 0; i < labels.n; i++)
        {
          const struct sepm_label *l = &labels.items[i];
          if (sepm_label_file_problem (l->path, l->kind, l->type) != NULL)
            abort ();
          if (sepm_label_problem (l->path, l->kind, l->type) != NULL
              && (strchr (l->type, '.') || sepm_label_problem (l->path, l->kind, "any.type") != NULL))
            abort ();
        }
      free (sepm_labels_to_file_contexts (&labels, "s0:c1,c2"));
      sepm_labels_release (&labels);
    }
  sepm_error_release (&err);
  return 0;
}
