/* Turning verification results into what people and machines read:
 * compiler-style text lines, or one JSON document. */
#ifndef SEPM_REPORT_H
#define SEPM_REPORT_H

#include <stdio.h>
#include <jansson.h>

#include "system_policy.h"
#include "build.h"
#include "verify.h"

struct sepm_report_timings
{
  double load_seconds;
  double total_seconds;
};

/* "file:line: error: message [rule]" lines, a hint under each, then one
 * verdict line per module. */
void sepm_report_text (FILE *out, const struct sepm_module_result *results, size_t n);

json_t *sepm_report_json (const struct sepm_system_policy *sys,
                          const struct sepm_module_result *results, size_t n,
                          const struct sepm_report_timings *timings);

/* For each module domain: how many of its parent's permissions it keeps,
 * in total and by class (sepm-verify --report). */
void sepm_report_least_privilege_text (FILE *out, const struct sepm_module_result *results, size_t n);

int sepm_report_admitted (const struct sepm_module_result *results, size_t n);

/* An image's report: its modules, then the findings about the image. */
void sepm_report_image_text (FILE *out, const char *image, const struct sepm_image_report *r);
json_t *sepm_report_image_json (const struct sepm_system_policy *sys, const char *image,
                                const struct sepm_image_report *r,
                                const struct sepm_report_timings *timings);

#endif
