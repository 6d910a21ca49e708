/* What an image's policy is admitted with but cannot do as written: a
 * module domain nothing enters, an exec type no file has, a label that
 * matches no file, no entry domain at all.  Each is a warning
 * (findings.h): it never rejects, unless --Werror asks it to. */
#ifndef SEPM_IMAGE_WARNINGS_H
#define SEPM_IMAGE_WARNINGS_H

#include "findings.h"
#include "image_files.h"
#include "image_label.h"
#include "image_policy.h"
#include "verify.h"

/* ENTRIES as the image has them (names passed through HOW's map), with
 * RESULTS their modules' verification and FILES the image's files (NULL:
 * the checks that need files are skipped). */
void sepm_image_warnings_check (const struct sepm_policy_entry *entries, size_t n_entries,
                                const struct sepm_module_result *results, size_t n_results,
                                const struct sepm_image_files *files, const struct sepm_entry_check *how,
                                struct sepm_findings *findings);

#endif
