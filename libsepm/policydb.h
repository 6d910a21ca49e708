/* Reading and writing kernel (binary) policies, and the questions sepm asks
 * of them: which type a name means, and which attributes a type has. */
#ifndef SEPM_POLICYDB_H
#define SEPM_POLICYDB_H

#include <stddef.h>
#include <stdint.h>
#include <sepol/policydb/policydb.h>

#include "error.h"

/* Load a binary policy from memory or from a file.  *out is allocated and
 * must be freed with sepm_policydb_free(). */
int sepm_policydb_from_memory (const void *data, size_t len, const char *what,
                               policydb_t **out, sepm_error_t *err);
int sepm_policydb_from_file (const char *path, policydb_t **out, sepm_error_t *err);
void sepm_policydb_free (policydb_t *pdb);

/* Serialise a kernel policy into a malloc'd buffer. */
int sepm_policydb_to_memory (policydb_t *pdb, void **data, size_t *len,
                             sepm_error_t *err);

/* The value of the type or attribute NAME (aliases resolve to their type),
 * or 0 when the policy has no such name. */
uint32_t sepm_policydb_type_value (const policydb_t *pdb, const char *name);
const char *sepm_policydb_type_name (const policydb_t *pdb, uint32_t value);
int sepm_policydb_type_is_attribute (const policydb_t *pdb, uint32_t value);

/* Names of the attributes that contain type VALUE, NULL-terminated and
 * sorted; free the array (not the names) with free(). */
const char **sepm_policydb_type_attributes (const policydb_t *pdb, uint32_t value);

/* Names of the aliases of type VALUE, NULL-terminated; free the array. */
const char **sepm_policydb_type_aliases (const policydb_t *pdb, uint32_t value);

void sepm_policydb_silence (void);

#endif
