/* Obligation 5, in the module's text: statements that CIL turns into
 * host labeling, found where they are written.  The diff (diff.h) sees
 * what they compile to; this sees the statement even when libsepol
 * silently dropped it in a conflict with the host's (at the log level
 * semodule uses, libsepol keeps one of two conflicting statements for the
 * same key without a word, so a module's portcon could replace the
 * host's and leave the diff with nothing to see). */
#include <config.h>
#include "obligations.h"

#include <string.h>

#include "util.h"

/* Statements that can only come from text: CIL makes a file or labeling
 * context only from the statement itself, and a module can use only its
 * own text, the templates and admitted modules, none of which holds one.
 * The text check also catches a statement libsepol silently dropped in a
 * conflict with the host's (see render_ocontext). */
static const struct
{
  const char *keyword;
  const char *rule_id;
  const char *hint;
  const char *what;             /* NULL: "would change the host's labeling" */
} text_only[] = {
  { "filecon", "system.filecon", "Move file labels out of the module: `sepm-build --labels FILE`." },
  { "genfscon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "fsuse", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "portcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "netifcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "nodecon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "ibpkeycon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "ibendportcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "ioportcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "iomemcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "pirqcon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "pcidevicecon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "devicetreecon", "system.labeling", "Labeling statements apply to the whole host; remove it." },
  { "selinuxuser", "system.seusers", "A module may not map Linux users to SELinux users." },
  { "selinuxuserdefault", "system.seusers", "A module may not map Linux users to SELinux users." },
  { "userprefix", "system.users-extra", "A module may not change users' home directory labels." },
  /* sepm keeps every attribute while it verifies (so that attributes
   * compare by name); libsemanage does not, so an expansion the module
   * asks for would be verified in one form and installed in another. */
  { "expandtypeattribute", "system.attribute", "A module may not change how attributes are compiled.",
    "would make the installed policy differ from the verified one" },
  { "sid", "system.labeling", "A module may not declare initial SIDs." },
  { "sidcontext", "system.labeling", "A module may not change initial SID contexts." },
  { "sidorder", "system.labeling", "A module may not declare initial SIDs." },
};

static void
find_text_only (struct sepm_obligation_context *ctx, const char *path, const struct sexpr *e)
{
  for (size_t i = 0; e->is_list && i < e->n_items; i++)
    {
      const struct sexpr *s = e->items[i];
      const char *head = sepm_sexpr_head (s);
      for (size_t k = 0; head && k < sizeof (text_only) / sizeof (*text_only); k++)
        if (strcmp (head, text_only[k].keyword) == 0)
          {
            struct sepm_buf b = { 0 };
            sepm_sexpr_write (&b, s);
            sepm_findings_add (ctx->findings, text_only[k].rule_id, path, s->line, b.data,
                               text_only[k].hint, "%s %s", text_only[k].keyword,
                               text_only[k].what ? text_only[k].what : "would change the host's labeling");
            free (b.data);
          }
      find_text_only (ctx, path, s);
    }
}

void
sepm_obligation_check_text_only_statements (struct sepm_obligation_context *ctx)
{
  for (size_t i = 0; i < ctx->n_modules; i++)
    if (ctx->modules[i].tree)
      find_text_only (ctx, ctx->modules[i].path, ctx->modules[i].tree);
}
