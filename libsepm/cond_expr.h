/* Access to libsepol's conditional policy.
 *
 * sepol/policydb/conditional.h names a struct field `bool`, which
 * <stdbool.h> turns into a syntax error.  So that header is included in
 * cond_expr.c alone, and the rest of sepm sees conditionals only through
 * these functions. */
#ifndef SEPM_COND_EXPR_H
#define SEPM_COND_EXPR_H

#include <stddef.h>
#include <stdint.h>
#include <sepol/policydb/policydb.h>

struct cond_node;

/* FN is called for every rule of every conditional: its avtab node, the
 * conditional, and 1 for the true list or 0 for the false list. */
typedef void (*sepm_cond_rule_fn) (avtab_ptr_t node, const struct cond_node *cond, int branch,
                                   void *arg);
void sepm_cond_expr_each_rule (const policydb_t *pdb, sepm_cond_rule_fn fn, void *arg);

/* Evaluate COND's expression; ASSIGNMENT[i] is boolean i+1.  IF_MALFORMED
 * is returned for an expression libsepol should never have accepted. */
int sepm_cond_expr_eval (const struct cond_node *cond, const unsigned char *assignment, int if_malformed);

/* Add the booleans COND uses to BOOLS (up to MAX, without duplicates);
 * returns the new count, or MAX + 1 when there were more. */
size_t sepm_cond_expr_bools (const struct cond_node *cond, uint32_t *bools, size_t n, size_t max);

/* Do two conditionals (of two policies) test the same expression over
 * booleans of the same names? */
int sepm_cond_expr_same (const policydb_t *pa, const struct cond_node *a,
                    const policydb_t *pb, const struct cond_node *b);

#endif
