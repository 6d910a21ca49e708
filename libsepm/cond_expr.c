/* No <stdbool.h> here, and no header that includes it: see cond_expr.h. */
#include <config.h>
#include "cond_expr.h"

#include <string.h>
#include <sepol/policydb/conditional.h>

/* The diff reads conditionals only through this file (diff.c says why
 * these sizes are pinned). */
#if __SIZEOF_POINTER__ == 8
_Static_assert (sizeof (cond_node_t) == 96, "libsepol's cond_node_t changed: review libsepm/diff*.c");
_Static_assert (sizeof (cond_expr_t) == 16, "libsepol's cond_expr_t changed: review libsepm/diff*.c");
_Static_assert (sizeof (cond_av_list_t) == 16, "libsepol's cond_av_list_t changed: review libsepm/diff*.c");
#endif

void
sepm_cond_expr_each_rule (const policydb_t *pdb, sepm_cond_rule_fn fn, void *arg)
{
  for (const cond_node_t *cn = pdb->cond_list; cn; cn = cn->next)
    {
      for (const cond_av_list_t *l = cn->true_list; l; l = l->next)
        fn (l->node, cn, 1, arg);
      for (const cond_av_list_t *l = cn->false_list; l; l = l->next)
        fn (l->node, cn, 0, arg);
    }
}

int
sepm_cond_expr_eval (const struct cond_node *cond, const unsigned char *assignment, int if_malformed)
{
  int stack[COND_EXPR_MAXDEPTH];
  int sp = -1;

  for (const cond_expr_t *e = cond->expr; e; e = e->next)
    {
      if (e->expr_type == COND_BOOL)
        {
          if (sp + 1 >= COND_EXPR_MAXDEPTH)
            return if_malformed;
          stack[++sp] = assignment[e->bool - 1] != 0;
          continue;
        }
      if (e->expr_type == COND_NOT)
        {
          if (sp < 0)
            return if_malformed;
          stack[sp] = !stack[sp];
          continue;
        }
      if (sp < 1)
        return if_malformed;
      int b = stack[sp--], a = stack[sp];
      switch (e->expr_type)
        {
        case COND_OR: stack[sp] = a || b; break;
        case COND_AND: stack[sp] = a && b; break;
        case COND_XOR: stack[sp] = a != b; break;
        case COND_EQ: stack[sp] = a == b; break;
        case COND_NEQ: stack[sp] = a != b; break;
        default: return if_malformed;
        }
    }
  return sp == 0 ? stack[0] : if_malformed;
}

size_t
sepm_cond_expr_bools (const struct cond_node *cond, uint32_t *bools, size_t n, size_t max)
{
  for (const cond_expr_t *e = cond ? cond->expr : NULL; e; e = e->next)
    {
      int seen = 0;
      if (e->expr_type != COND_BOOL)
        continue;
      for (size_t i = 0; i < n && !seen; i++)
        seen = bools[i] == e->bool;
      if (seen)
        continue;
      if (n >= max)
        return max + 1;
      bools[n++] = e->bool;
    }
  return n;
}

int
sepm_cond_expr_same (const policydb_t *pa, const struct cond_node *a,
                const policydb_t *pb, const struct cond_node *b)
{
  const cond_expr_t *x = a->expr, *y = b->expr;

  for (; x && y; x = x->next, y = y->next)
    {
      if (x->expr_type != y->expr_type)
        return 0;
      if (x->expr_type == COND_BOOL
          && strcmp (pa->p_bool_val_to_name[x->bool - 1], pb->p_bool_val_to_name[y->bool - 1]) != 0)
        return 0;
    }
  return x == NULL && y == NULL;
}
