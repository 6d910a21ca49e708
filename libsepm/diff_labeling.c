/* The diff over how the host labels things: every ocontext (initial SIDs,
 * unlabeled file systems, ports, network interfaces, nodes, fs_use,
 * InfiniBand) and genfs entry of the kernel policy, and the files
 * libsemanage writes beside it (file_contexts, seusers, users_extra).
 * No row of the allow-list admits any change here: a module's labels
 * travel beside it and relabel only its image (docs/image-format.md). */
#include <config.h>
#include "diff.h"

#include <string.h>

#include "util.h"

static void
render_key (struct sepm_buf *b, int kind, const ocontext_t *o)
{
  cleanup_free char *key = NULL;

  switch (kind)
    {
    case OCON_ISID:             /* binary policies do not keep SID names */
      key = xasprintf ("sid %u ", o->sid[0]);
      break;
    case OCON_PORT:
      key = xasprintf ("port %u %u-%u ", o->u.port.protocol, o->u.port.low_port, o->u.port.high_port);
      break;
    case OCON_NODE:
      key = xasprintf ("node %08x/%08x ", o->u.node.addr, o->u.node.mask);
      break;
    case OCON_NODE6:
      key = xasprintf ("node6 %08x%08x%08x%08x/%08x%08x%08x%08x ", o->u.node6.addr[0], o->u.node6.addr[1],
                       o->u.node6.addr[2], o->u.node6.addr[3], o->u.node6.mask[0], o->u.node6.mask[1],
                       o->u.node6.mask[2], o->u.node6.mask[3]);
      break;
    case OCON_IBPKEY:
      key = xasprintf ("ibpkey %llx %u-%u ", (unsigned long long) o->u.ibpkey.subnet_prefix,
                       o->u.ibpkey.low_pkey, o->u.ibpkey.high_pkey);
      break;
    case OCON_IBENDPORT:
      key = xasprintf ("ibendport %s %u ", o->u.ibendport.dev_name ? o->u.ibendport.dev_name : "",
                       o->u.ibendport.port);
      break;
    case OCON_FSUSE:
      key = xasprintf ("fsuse %u %s ", o->v.behavior, o->u.name ? o->u.name : "");
      break;
    default:                    /* FS, NETIF: a name and two contexts */
      key = xasprintf ("%s %s ", kind == OCON_FS ? "fs" : "netif", o->u.name ? o->u.name : "");
      break;
    }
  sepm_buf_puts (b, key);
}

static void
render_kind (const struct sepm_diff_view *v, struct sepm_diff_lines *out, int kind)
{
  /* A policy for another platform (Xen) uses the same slots for other
   * things; the header component reports the platform itself, and the
   * Linux rendering below still tells any two entries apart. */
  for (const ocontext_t *o = v->p->ocontexts[kind]; o; o = o->next)
    {
      struct sepm_buf b = { 0 };
      render_key (&b, kind, o);
      sepm_diff_render_context (&b, v, &o->context[0]);
      if (kind == OCON_FS || kind == OCON_NETIF)
        {
          sepm_buf_puts (&b, " ");
          sepm_diff_render_context (&b, v, &o->context[1]);
        }
      sepm_diff_lines_add (out, "%s", b.data);
      free (b.data);
    }
}

#define KIND_RENDERER(fn, kind) \
  static void fn (const struct sepm_diff_view *v, struct sepm_diff_lines *out) { render_kind (v, out, kind); }
KIND_RENDERER (render_isids, OCON_ISID)
KIND_RENDERER (render_fs, OCON_FS)
KIND_RENDERER (render_ports, OCON_PORT)
KIND_RENDERER (render_netifs, OCON_NETIF)
KIND_RENDERER (render_nodes, OCON_NODE)
KIND_RENDERER (render_fsuse, OCON_FSUSE)
KIND_RENDERER (render_nodes6, OCON_NODE6)
KIND_RENDERER (render_ibpkeys, OCON_IBPKEY)
KIND_RENDERER (render_ibendports, OCON_IBENDPORT)

static void
render_genfs (const struct sepm_diff_view *v, struct sepm_diff_lines *out)
{
  for (const genfs_t *g = v->p->genfs; g; g = g->next)
    for (const ocontext_t *o = g->head; o; o = o->next)
      {
        struct sepm_buf b = { 0 };
        cleanup_free char *key = xasprintf ("genfs %s %s %u ", g->fstype, o->u.name ? o->u.name : "",
                                            o->v.sclass);
        sepm_buf_puts (&b, key);
        sepm_diff_render_context (&b, v, &o->context[0]);
        sepm_diff_lines_add (out, "%s", b.data);
        free (b.data);
      }
}

static const char *const sid_heads[] = { "sid", "sidcontext", "sidorder", NULL };
static const char *const label_heads[] = { "genfscon", "fsuse", "portcon", "netifcon", "nodecon", "ibpkeycon",
  "ibendportcon", "ioportcon", "iomemcon", "pirqcon", "pcidevicecon", "devicetreecon", NULL };
#define LABEL_HINT "Labeling statements apply to the whole host; a module may not carry them."

const struct sepm_diff_component sepm_diff_labeling_components[] = {
  { "initial SIDs", "system.labeling", sid_heads, "A module may not declare initial SIDs or change their contexts.",
    render_isids },
  { "unlabeled file systems", "system.labeling", label_heads, LABEL_HINT, render_fs },
  { "port labels", "system.labeling", label_heads, LABEL_HINT, render_ports },
  { "network interface labels", "system.labeling", label_heads, LABEL_HINT, render_netifs },
  { "node labels", "system.labeling", label_heads, LABEL_HINT, render_nodes },
  { "fs_use labels", "system.labeling", label_heads, LABEL_HINT, render_fsuse },
  { "IPv6 node labels", "system.labeling", label_heads, LABEL_HINT, render_nodes6 },
  { "InfiniBand pkey labels", "system.labeling", label_heads, LABEL_HINT, render_ibpkeys },
  { "InfiniBand end port labels", "system.labeling", label_heads, LABEL_HINT, render_ibendports },
  { "genfs labels", "system.labeling", label_heads, LABEL_HINT, render_genfs },
};
const size_t sepm_n_diff_labeling_components
  = sizeof (sepm_diff_labeling_components) / sizeof (sepm_diff_labeling_components[0]);

/* ------------------------------------------------ files beside the policy */

static void
split_lines (const char *text, size_t len, struct sepm_diff_lines *out)
{
  const char *p = text, *end = text + len;
  while (text && p < end)
    {
      const char *nl = memchr (p, '\n', (size_t) (end - p));
      size_t n = nl ? (size_t) (nl - p) : (size_t) (end - p);
      if (n)
        sepm_diff_lines_add (out, "%.*s", (int) n, p);
      p += n + 1;
    }
}

void
sepm_diff_aux (struct sepm_obligation_context *ctx)
{
  static const char *const filecon_heads[] = { "filecon", NULL };
  static const char *const seuser_heads[] = { "selinuxuser", "selinuxuserdefault", NULL };
  static const char *const prefix_heads[] = { "userprefix", NULL };
  static const char *const role_heads[] = { "rolebounds", NULL };
  const struct sepm_diff_component components[SEPM_AUX_COUNT] = {
    [SEPM_AUX_FILECONS] = { "file contexts", "system.filecon", filecon_heads,
                            "Move file labels out of the module: `sepm-build --labels FILE`; they relabel "
                            "the image, never the host.", NULL },
    [SEPM_AUX_SEUSERS] = { "login mappings (seusers)", "system.seusers", seuser_heads,
                           "A module may not map Linux users to SELinux users.", NULL },
    [SEPM_AUX_USERS_EXTRA] = { "user prefixes (users_extra)", "system.users-extra", prefix_heads,
                               "A module may not change users' home directory labels.", NULL },
    [SEPM_AUX_UNWRITTEN] = { "roles (object_r, which the binary policy leaves out)", "system.role", role_heads,
                             "A module may not change a system role.", NULL },
  };

  for (int k = 0; k < SEPM_AUX_COUNT; k++)
    {
      struct sepm_diff_lines base = { 0 }, comb = { 0 };
      split_lines (ctx->base_aux[k], ctx->base_aux_len[k], &base);
      split_lines (ctx->comb_aux[k], ctx->comb_aux_len[k], &comb);
      sepm_diff_compare_lines (ctx, &components[k], &base, &comb);
      sepm_diff_lines_release (&base);
      sepm_diff_lines_release (&comb);
    }
}
