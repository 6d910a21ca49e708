/* The complete diff, and why it stays complete when libsepol changes.
 *
 * Both policies are compared as libsepol's reader gives them back from
 * the kernel's binary format (the compiler's process sends the combined
 * policy in that form, and the base is cached in it), so what the diff
 * must cover is exactly what policydb_read() fills for a kernel policy.
 * The diff reads every such part.  What keeps it complete is below: the
 * build fails when libsepol's structures or its format change, and a
 * policy of a format version or platform this diff was not written for is
 * a finding, never a pass (docs/verification.md, "Why the diff fails
 * closed"). */
#include <config.h>
#include "diff.h"

#include <stddef.h>
#include <sepol/policydb/avtab.h>
#include <sepol/policydb/constraint.h>
#include <sepol/policydb/polcaps.h>

/* The format this diff was written for: libsepol 3.4, policy version 33
 * (compressed filename transitions), the Linux platform.  A newer libsepol
 * with a new version, symbol table, ocontext kind, rule kind or policy
 * capability stops the build here until the diff has been reviewed for
 * it. */
#if POLICYDB_VERSION_MAX != 33 || SYM_NUM != 8 || OCON_NUM != 9
#error "libsepol's policy format changed: review libsepm/diff*.c for the new parts, then update these numbers"
#endif
#if AVTAB_ALLOWED != 0x1 || AVTAB_AUDITALLOW != 0x2 || AVTAB_AUDITDENY != 0x4 || AVTAB_TYPE != 0x70 \
  || AVTAB_XPERMS != 0x700 || AVTAB_ENABLED != 0x8000 || CEXPR_NAMES != 5 || CEXPR_L2H2 != 1024
#error "libsepol's rule or constraint kinds changed: review libsepm/diff*.c and obligation_*.c"
#endif

_Static_assert (POLICYDB_CAP_MAX == 7, "libsepol knows new policy capabilities: review libsepm/diff_symbols.c");

/* Every structure the diff reads, at the size it was written for (x86-64
 * and other LP64 targets).  A field added to any of them changes its size
 * (a field that fits in padding would not, which is why the version check
 * above comes first). */
#if __SIZEOF_POINTER__ == 8
#define KNOWN_SIZE(type, size) \
  _Static_assert (sizeof (type) == (size), "libsepol's " #type " changed: review libsepm/diff*.c for its new fields")
KNOWN_SIZE (policydb_t, 664);
KNOWN_SIZE (type_datum_t, 40);
KNOWN_SIZE (role_datum_t, 104);
KNOWN_SIZE (user_datum_t, 176);
KNOWN_SIZE (class_datum_t, 64);
KNOWN_SIZE (common_datum_t, 24);
KNOWN_SIZE (perm_datum_t, 4);
KNOWN_SIZE (cond_bool_datum_t, 12);
KNOWN_SIZE (level_datum_t, 16);
KNOWN_SIZE (cat_datum_t, 8);
KNOWN_SIZE (ocontext_t, 184);
KNOWN_SIZE (genfs_t, 24);
KNOWN_SIZE (avtab_key_t, 8);
KNOWN_SIZE (avtab_datum_t, 16);
KNOWN_SIZE (avtab_extended_perms_t, 36);
KNOWN_SIZE (constraint_node_t, 24);
KNOWN_SIZE (constraint_expr_t, 48);
KNOWN_SIZE (range_trans_t, 12);
KNOWN_SIZE (filename_trans_key_t, 16);
KNOWN_SIZE (filename_trans_datum_t, 32);
KNOWN_SIZE (role_trans_t, 24);
KNOWN_SIZE (role_allow_t, 16);
KNOWN_SIZE (mls_range_t, 48);
KNOWN_SIZE (mls_level_t, 24);
/* cond_node_t and cond_expr_t: in cond_expr.c, the one file that may
 * include conditional.h. */
KNOWN_SIZE (context_struct_t, 64);
KNOWN_SIZE (type_set_t, 40);
#else
#error "the sizes of libsepol's structures are recorded for LP64 targets only"
#endif

/* What the reader fills that the diff does not compare, and why:
 * - sym_val_to_name, *_val_to_struct, attr_type_map, process_class and
 *   friends: indexes rebuilt from the parts above;
 * - name, version, scope, global, decl_val_to_struct: modules only, never
 *   read for a kernel policy;
 * - unsupported_format, filename_trans_count: bookkeeping;
 * - ocontext sid[]: the SID numbers the kernel assigns (compared for
 *   initial SIDs, which have no names in a binary policy);
 * - type and cond_bool flags other than the ones rendered: not in the
 *   kernel format. */

static const unsigned known_avtab_kinds = AVTAB_AV | AVTAB_TYPE | AVTAB_XPERMS;

static bool
unknown_rule_kinds (const avtab_t *t)
{
  for (uint32_t i = 0; t->htable && i < t->nslot; i++)
    for (avtab_ptr_t n = t->htable[i]; n; n = n->next)
      if ((n->key.specified & ~AVTAB_ENABLED) & ~known_avtab_kinds)
        return true;
  return false;
}

/* The version of the policy format and the platform this diff was written
 * for: anything else is a finding (system.unknown). */
static void
known_format (struct sepm_obligation_context *ctx)
{
  static const char *const heads[] = { NULL };
  const policydb_t *p = ctx->cmp->comb;
  const char *why = NULL;

  if (p->policy_type != POLICY_KERN)
    why = "it is not a kernel policy";
  else if (p->policyvers > POLICYDB_VERSION_MAX || p->policyvers < POLICYDB_VERSION_COMP_FTRANS)
    why = "its format version is not the one the diff was written for";
  else if (p->target_platform != SEPOL_TARGET_SELINUX)
    why = "it is not for the Linux platform";
  else if (unknown_rule_kinds (&p->te_avtab) || unknown_rule_kinds (&p->te_cond_avtab))
    why = "it holds a kind of rule the diff does not know";
  if (why)
    sepm_obligation_report (ctx, "system.unknown", heads, NULL,
                            "sepm refuses what it cannot compare; report this if the module is honest.",
                            "the combined policy cannot be compared with the system: %s (version %u, platform %d)",
                            why, p->policyvers, p->target_platform);
}

void
sepm_diff_check (struct sepm_obligation_context *ctx)
{
  known_format (ctx);
  for (size_t i = 0; i < sepm_n_diff_symbol_components; i++)
    sepm_diff_component (ctx, &sepm_diff_symbol_components[i]);
  for (size_t i = 0; i < sepm_n_diff_rule_components; i++)
    sepm_diff_component (ctx, &sepm_diff_rule_components[i]);
  for (size_t i = 0; i < sepm_n_diff_labeling_components; i++)
    sepm_diff_component (ctx, &sepm_diff_labeling_components[i]);
  sepm_diff_bitmaps (ctx);
  sepm_diff_rule_removals (ctx);
  sepm_diff_aux (ctx);
}
