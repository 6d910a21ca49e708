/* How a module domain is entered: the process type transitions into it,
 * and the file types whose execution fires them.  What is admitted but
 * can never run (a domain nothing enters, an exec type no file has) is
 * a warning the image checks give (image_warnings.c), never a proof
 * obligation. */
#ifndef SEPM_DOMAIN_ENTRY_H
#define SEPM_DOMAIN_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "policy_compare.h"

struct sepm_domain_entry
{
  size_t n_transitions;         /* process type transitions whose default it is */
  uint32_t *exec_types;         /* their module file types, each once */
  size_t n_exec_types;
};

/* One entry per type value of the combined policy (index 0 unused). */
struct sepm_domain_entry *sepm_domain_entry_find (const struct sepm_compare *c);
void sepm_domain_entry_free (struct sepm_domain_entry *e, uint32_t n_types);

#endif
