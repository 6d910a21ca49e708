/* sepm-build --suggest AUDIT [--apply FILE]: read the denials, print what
 * to add (docs/suggest.md), and write the module with it. */
#ifndef SEPM_CLI_SUGGEST_H
#define SEPM_CLI_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli_policy.h"

/* Returns the exit status: 0 done, 1 the applied module was rejected, 2 an
 * error (reported). */
int sepm_cli_suggest (const char *program, struct sepm_cli_policy *policy, const char *audit_path,
                      const char *const *modules, size_t n_modules, const char *apply, bool json);

#endif
