/* Printing sepm-install's results: the install, the list and the
 * removal, as text and as the `install` and `images` parts of its JSON
 * (docs/json.md). */
#ifndef SEPM_CLI_INSTALL_H
#define SEPM_CLI_INSTALL_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "install.h"

json_t *sepm_cli_install_strings_json (char **list, size_t n);
/* "LABEL: a b c", nothing when N is 0. */
void sepm_cli_install_print_strings (const char *label, char **list, size_t n);

json_t *sepm_cli_install_json (const struct sepm_install_request *req, const struct sepm_install_report *r);
/* What was installed (ADMITTED) and how each kind of runtime gets it,
 * or that nothing was. */
void sepm_cli_install_print (const struct sepm_install_request *req, const struct sepm_install_report *r,
                             bool admitted);

json_t *sepm_cli_install_state_json (const struct sepm_store_state *st);
void sepm_cli_install_state_print (const struct sepm_store_state *st);

#endif
