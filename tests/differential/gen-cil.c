/* gen-cil: a grammar-based generator of CIL modules for the differential
 * test of sepm-verify's two modes (docs/differential.md).
 *
 *   gen-cil --policy POLICY.33 --templates sepm.cil --seed N --count K
 *           [--first F] --out DIR
 *
 * writes DIR/mNNNNN.cil for NNNNN = F .. F+K-1, one module each, and prints
 * how often each statement kind was written.  The same seed and index give
 * the same module, so a long run can be split and resumed by ranges.
 *
 * The names come from the real policy (types, attributes, classes and
 * their permissions, booleans, users, roles, sensitivities, categories)
 * and from the templates (their abstract blocks and macros), so that most
 * modules get past name resolution and reach the obligations, where the
 * two modes can actually disagree.  A module names only system names and
 * its own: never another generated module's, so that modules are
 * independent and a batch of them means the same as each alone. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sepol/policydb/avtab.h>
#include <sepol/policydb/ebitmap.h>
#include <sepol/policydb/hashtab.h>
#include <sepol/policydb/policydb.h>

#include "error.h"
#include "policydb.h"
#include "sexpr.h"
#include "util.h"

/* ---------------------------------------------------------------- random */

/* splitmix64: tiny, and its output depends on nothing but the state, so a
 * module depends on nothing but (seed, index). */
struct rng
{
  uint64_t s;
};

static uint64_t
rnd (struct rng *r)
{
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static size_t
below (struct rng *r, size_t n)
{
  return n ? (size_t) (rnd (r) % n) : 0;
}

static int
chance (struct rng *r, double p)
{
  return (double) (rnd (r) >> 11) * 0x1.0p-53 < p;
}

#define PICK(r, arr) ((arr)[below ((r), sizeof (arr) / sizeof ((arr)[0]))])

/* ---------------------------------------------------------------- names */

struct vec
{
  char **v;
  size_t n, cap;
};

static void
vec_push (struct vec *v, const char *s)
{
  if (v->n == v->cap)
    {
      v->cap = v->cap ? v->cap * 2 : 16;
      v->v = xrealloc (v->v, v->cap * sizeof (*v->v));
    }
  v->v[v->n++] = xstrdup (s);
}

static void
vec_release (struct vec *v)
{
  for (size_t i = 0; i < v->n; i++)
    free (v->v[i]);
  free (v->v);
  memset (v, 0, sizeof (*v));
}

static const char *
vec_pick (struct rng *r, const struct vec *v)
{
  return v->n ? v->v[below (r, v->n)] : NULL;
}

/* A class and its permissions (its common's included); grant_* are the
 * permissions container_t holds on itself, on container_file_t and on
 * container_ro_file_t, unconditionally: what a module type bounded by
 * them may have without exceeding. */
struct klass
{
  char *name;
  char *perms[32];
  size_t n_perms;
  uint32_t grant_self, grant_file, grant_ro;
  int has_ioctl;
};

struct sys
{
  struct vec types, attrs, bools, users, roles, sens, cats;
  struct klass *classes;
  size_t n_classes;
};

struct perm_walk
{
  struct klass *k;
};

static int
collect_perm (hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
  struct klass *k = arg;
  perm_datum_t *p = datum;
  if (p->s.value >= 1 && p->s.value <= 32)
    {
      k->perms[p->s.value - 1] = xstrdup (key);
      if (p->s.value > k->n_perms)
        k->n_perms = p->s.value;
    }
  if (strcmp (key, "ioctl") == 0)
    k->has_ioctl = 1;
  return 0;
}

struct grant_walk
{
  struct sys *s;
  policydb_t *pdb;
  uint32_t ct, cft, crt;
};

static int
collect_grant (avtab_key_t *key, avtab_datum_t *d, void *arg)
{
  struct grant_walk *w = arg;
  policydb_t *pdb = w->pdb;

  if (!(key->specified & AVTAB_ALLOWED) || key->target_class > w->s->n_classes)
    return 0;
  if (!ebitmap_get_bit (&pdb->type_attr_map[w->ct - 1], key->source_type - 1))
    return 0;
  struct klass *k = &w->s->classes[key->target_class - 1];
  if (ebitmap_get_bit (&pdb->type_attr_map[w->ct - 1], key->target_type - 1))
    k->grant_self |= d->data;
  if (ebitmap_get_bit (&pdb->type_attr_map[w->cft - 1], key->target_type - 1))
    k->grant_file |= d->data;
  if (ebitmap_get_bit (&pdb->type_attr_map[w->crt - 1], key->target_type - 1))
    k->grant_ro |= d->data;
  return 0;
}

static int
load_policy (const char *path, struct sys *s, sepm_error_t *err)
{
  policydb_t *pdb = NULL;

  if (sepm_policydb_from_file (path, &pdb, err) < 0)
    return -1;
  for (uint32_t i = 0; i < pdb->p_types.nprim; i++)
    {
      type_datum_t *t = pdb->type_val_to_struct[i];
      const char *name = pdb->p_type_val_to_name[i];
      if (!t || !name)
        continue;
      vec_push (t->flavor == TYPE_ATTRIB ? &s->attrs : &s->types, name);
    }
  for (uint32_t i = 0; i < pdb->p_bools.nprim; i++)
    vec_push (&s->bools, pdb->p_bool_val_to_name[i]);
  for (uint32_t i = 0; i < pdb->p_users.nprim; i++)
    vec_push (&s->users, pdb->p_user_val_to_name[i]);
  for (uint32_t i = 0; i < pdb->p_roles.nprim; i++)
    vec_push (&s->roles, pdb->p_role_val_to_name[i]);
  for (uint32_t i = 0; i < pdb->p_levels.nprim; i++)
    vec_push (&s->sens, pdb->p_sens_val_to_name[i]);
  for (uint32_t i = 0; i < pdb->p_cats.nprim && i < 32; i++)
    vec_push (&s->cats, pdb->p_cat_val_to_name[i]);
  s->n_classes = pdb->p_classes.nprim;
  s->classes = xcalloc (s->n_classes, sizeof (*s->classes));
  for (uint32_t i = 0; i < pdb->p_classes.nprim; i++)
    {
      class_datum_t *c = pdb->class_val_to_struct[i];
      struct klass *k = &s->classes[i];
      k->name = xstrdup (pdb->p_class_val_to_name[i]);
      if (c->comdatum)
        hashtab_map (c->comdatum->permissions.table, collect_perm, k);
      hashtab_map (c->permissions.table, collect_perm, k);
    }
  struct grant_walk w = { s, pdb,
    sepm_policydb_type_value (pdb, "container_t"),
    sepm_policydb_type_value (pdb, "container_file_t"),
    sepm_policydb_type_value (pdb, "container_ro_file_t") };
  if (!w.ct || !w.cft || !w.crt)
    {
      sepm_policydb_free (pdb);
      return sepm_error_make (err, 0, "%s lacks container_t, container_file_t or container_ro_file_t", path);
    }
  avtab_map (&pdb->te_avtab, collect_grant, &w);
  sepm_policydb_free (pdb);
  return 0;
}

/* ---------------------------------------------------------------- templates */

/* A template macro: its full name and parameters.  A parameter that is
 * the second argument of a `typebounds` in the body is a type the call
 * declares bounds for, so the caller passes a fresh type there. */
struct tmacro
{
  char *name;
  size_t n;
  char *kind[8];
  char *param[8];
  int fresh[8];
};

struct tpl
{
  struct vec abstract_blocks, blocks;
  struct tmacro macros[64];
  size_t n_macros;
};

static void
find_fresh (const struct sexpr *e, struct tmacro *m)
{
  if (!e->is_list)
    return;
  const char *head = sepm_sexpr_head (e);
  const char *child = sepm_sexpr_atom_at (e, 2);
  if (head && strcmp (head, "typebounds") == 0 && child)
    for (size_t i = 0; i < m->n; i++)
      if (strcmp (m->param[i], child) == 0)
        m->fresh[i] = 1;
  for (size_t i = 0; i < e->n_items; i++)
    find_fresh (e->items[i], m);
}

static void
walk_templates (const struct sexpr *list, const char *prefix, struct tpl *t)
{
  for (size_t i = 0; i < list->n_items; i++)
    {
      const struct sexpr *e = list->items[i];
      const char *head = sepm_sexpr_head (e);
      const char *name = sepm_sexpr_atom_at (e, 1);
      if (!head || !name)
        continue;
      cleanup_free char *full = *prefix ? xasprintf ("%s.%s", prefix, name) : xstrdup (name);
      if (strcmp (head, "block") == 0)
        {
          int abstract = 0;
          for (size_t j = 2; j < e->n_items; j++)
            {
              const char *h = sepm_sexpr_head (e->items[j]);
              abstract |= h && strcmp (h, "blockabstract") == 0;
            }
          vec_push (abstract ? &t->abstract_blocks : &t->blocks, full);
          walk_templates (e, full, t);
        }
      else if (strcmp (head, "macro") == 0 && e->n_items >= 3 && e->items[2]->is_list
               && t->n_macros < sizeof (t->macros) / sizeof (t->macros[0]))
        {
          struct tmacro *m = &t->macros[t->n_macros];
          const struct sexpr *params = e->items[2];
          m->name = xstrdup (full);
          for (size_t j = 0; j < params->n_items && m->n < 8; j++)
            {
              const char *kind = sepm_sexpr_atom_at (params->items[j], 0);
              const char *pname = sepm_sexpr_atom_at (params->items[j], 1);
              if (!kind || !pname)
                continue;
              m->kind[m->n] = xstrdup (kind);
              m->param[m->n++] = xstrdup (pname);
            }
          for (size_t j = 3; j < e->n_items; j++)
            find_fresh (e->items[j], m);
          t->n_macros++;
        }
    }
}

static int
load_templates (const char *path, struct tpl *t, sepm_error_t *err)
{
  cleanup_free char *text = NULL;
  struct sexpr *root = NULL;
  size_t len = 0;

  if (sepm_read_file (path, 16u << 20, &text, &len, err) < 0
      || sepm_sexpr_parse (path, text, len, 64, &root, err) < 0)
    return -1;
  walk_templates (root, "", t);
  sepm_sexpr_free (root);
  return 0;
}

/* ---------------------------------------------------------------- statement kinds */

#define KINDS(X) \
  X (allow) X (auditallow) X (dontaudit) X (neverallow) \
  X (allowx) X (auditallowx) X (dontauditx) X (neverallowx) \
  X (typetransition) X (typetransition_named) X (typechange) X (typemember) \
  X (type) X (typeattribute) X (typeattributeset) X (typeattributeset_expr) \
  X (typealias) X (typealiasactual) X (typebounds) X (typepermissive) X (expandtypeattribute) \
  X (role) X (roletype) X (roleattribute) X (roleattributeset) X (roleallow) X (roletransition) X (rolebounds) \
  X (user) X (userrole) X (userlevel) X (userrange) X (userbounds) X (userprefix) X (selinuxuser) X (selinuxuserdefault) \
  X (boolean) X (tunable) X (booleanif) X (tunableif) \
  X (constrain) X (mlsconstrain) X (validatetrans) X (mlsvalidatetrans) \
  X (classpermission) X (classpermissionset) X (classmap) X (classmapping) \
  X (macro) X (call) X (call_template) X (block) X (blockabstract) X (blockinherit) X (in) X (optional) \
  X (filecon) X (genfscon) X (portcon) X (netifcon) X (nodecon) X (fsuse) \
  X (rangetransition) X (defaultuser) X (defaultrole) X (defaulttype) X (defaultrange) \
  X (policycap) X (sensitivity) X (category) X (sensitivitycategory) X (sid) X (sidcontext) \
  X (broken_shape) X (wrong_name)

enum kind
{
#define ENUM(k) K_##k,
  KINDS (ENUM)
#undef ENUM
  K_MAX
};

static const char *const kind_name[] = {
#define NAME(k) #k,
  KINDS (NAME)
#undef NAME
};

static unsigned long kind_count[K_MAX];

/* ---------------------------------------------------------------- a module */

enum tkind { DOM, FIL };

struct own_type
{
  char name[96];
  enum tkind kind;
  int depth;                    /* 0: bounded by container_t / container_file_t / container_ro_file_t */
  int ro;                       /* root parent container_ro_file_t */
  int anchored;                 /* bounded by the template's anchor `file` */
  char exec[96];                /* a domain's entry file, when it has one */
};

struct mod
{
  struct rng r;
  const struct sys *s;
  const struct tpl *t;
  char name[16];
  struct sepm_buf out;
  int safe;                     /* honest productions only */
  struct own_type types[48];
  size_t n_types;
  struct vec attrs, file_attrs, bools, tunables, cps, classmaps, blocks, abstract_blocks, roles, users, aliases;
  struct vec macros1;           /* own macros taking (type d) */
  unsigned seq;
  int nest;
  int in_body;                  /* inside an optional, in or macro body */
  int has_app;                  /* the skeleton inherits sepm.v1.app */
  char ns[48];                  /* the nested block `in` is filling, with a dot */
  int qualify;                  /* inside `in`: name own things from the root */
};

/* How a statement names an own thing: as declared, or from the global
 * root (`.mNNNNN.x`) inside an `in`, where a plain name would resolve
 * against the nested block first. */
static const char *
q (struct mod *m, const char *local)
{
  static char ring[16][96];
  static unsigned next;
  char *b;
  if (!local || !m->qualify || strcmp (local, "self") == 0 || local[0] == '.')
    return local;
  b = ring[next++ % 16];
  snprintf (b, sizeof (ring[0]), ".%s.%s", m->name, local);
  return b;
}

static void
out (struct mod *m, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
static void
out (struct mod *m, const char *fmt, ...)
{
  va_list ap;
  char *s = NULL;
  va_start (ap, fmt);
  if (vasprintf (&s, fmt, ap) < 0)
    abort ();
  va_end (ap);
  sepm_buf_puts (&m->out, s);
  free (s);
}

static void
indent (struct mod *m)
{
  out (m, "\n%*s", 2 * (m->nest + 1), "");
}

static char *
fresh (struct mod *m, const char *stem)
{
  return xasprintf ("%s%u", stem, m->seq++);
}

/* Remember an own declaration by its name relative to the module's
 * block (the nested block an `in` fills comes first). */
static void
reg (struct mod *m, struct vec *v, const char *name)
{
  cleanup_free char *full = xasprintf ("%s%s", m->ns, name);
  vec_push (v, full);
}

static struct own_type *
add_type (struct mod *m, const char *name, enum tkind kind, int depth)
{
  if (m->n_types == sizeof (m->types) / sizeof (m->types[0]))
    return &m->types[m->n_types - 1];
  struct own_type *t = &m->types[m->n_types++];
  snprintf (t->name, sizeof (t->name), "%s%s", m->ns, name);
  t->kind = kind;
  t->depth = depth;
  return t;
}

/* An own type of the kind wanted; with TOP, one bounded directly by an
 * allowed parent (whose rights are the ones grant_* hold). */
static const struct own_type *
own (struct mod *m, enum tkind kind, int top)
{
  const struct own_type *c[48];
  size_t n = 0;
  for (size_t i = 0; i < m->n_types; i++)
    if (m->types[i].kind == kind && (!top || m->types[i].depth == 0))
      c[n++] = &m->types[i];
  return n ? c[below (&m->r, n)] : NULL;
}

/* An own file type a top domain may use within container_t's rights:
 * one bounded directly by an allowed parent, or an object of the anchor. */
static const struct own_type *
safe_file (struct mod *m)
{
  const struct own_type *c[48];
  size_t n = 0;
  for (size_t i = 0; i < m->n_types; i++)
    if (m->types[i].kind == FIL && (m->types[i].depth == 0 || m->types[i].anchored))
      c[n++] = &m->types[i];
  return n ? c[below (&m->r, n)] : NULL;
}

static const char *
own_name (struct mod *m, enum tkind kind)
{
  const struct own_type *t = own (m, kind, 0);
  return t ? q (m, t->name) : kind == DOM ? "container_t" : "container_file_t";
}

static const char *const relevant_types[] = {
  "container_t", "container_file_t", "container_ro_file_t", "svirt_lxc_net_t", "svirt_lxc_file_t",
  "spc_t", "unconfined_t", "init_t", "kernel_t", "etc_t", "shadow_t", "bin_t", "tmp_t",
  "user_home_t", "container_runtime_t", "container_var_lib_t", "proc_t", "sysfs_t", "devpts_t",
};
static const char *const relevant_attrs[] = {
  "domain", "file_type", "container_domain", "container_net_domain", "mcs_constrained_type",
  "process_user_target", "non_security_file_type", "non_auth_file_type", "container_engine_system_domain",
  "exec_type", "unconfined_domain_type", "can_change_object_identity", "mlsfilewrite", "sepm.v1.engine_entry",
};
static const char *const relevant_classes[] = {
  "file", "dir", "lnk_file", "fifo_file", "sock_file", "chr_file", "process", "tcp_socket",
  "udp_socket", "unix_stream_socket", "unix_dgram_socket", "capability", "fd", "filesystem",
};
static const char *const policycaps[] = {
  "network_peer_controls", "open_perms", "extended_socket_class", "always_check_network",
  "cgroup_seclabel", "nnp_nosuid_transition", "genfs_seclabel_symlinks", "ioctl_skip_cloexec",
};

/* A name no policy has: a resolution error on purpose. */
static const char *
wrong (struct mod *m)
{
  static const char *const bad[] = { "no_such_t", "nosuch", "container_tt", "sepm.v2.app", "process_" };
  kind_count[K_wrong_name]++;
  return PICK (&m->r, bad);
}

static const char *
sys_type (struct mod *m)
{
  return chance (&m->r, 0.6) ? PICK (&m->r, relevant_types) : vec_pick (&m->r, &m->s->types);
}

static const char *
sys_attr (struct mod *m)
{
  return chance (&m->r, 0.6) ? PICK (&m->r, relevant_attrs) : vec_pick (&m->r, &m->s->attrs);
}

/* Any type-like argument, mostly the module's own. */
static const char *
any_type (struct mod *m, int target)
{
  unsigned x = below (&m->r, 100);
  if (x < 2)
    return wrong (m);
  if (x < 45)
    return own_name (m, DOM);
  if (x < 62)
    return own_name (m, FIL);
  if (x < 68 && m->attrs.n)
    return q (m, vec_pick (&m->r, &m->attrs));
  if (x < 72 && m->aliases.n)
    return q (m, vec_pick (&m->r, &m->aliases));
  if (target && x < 80)
    return "self";
  if (x < 92)
    return sys_type (m);
  return sys_attr (m);
}

static const struct klass *
find_class (const struct sys *s, const char *name)
{
  for (size_t i = 0; i < s->n_classes; i++)
    if (strcmp (s->classes[i].name, name) == 0)
      return &s->classes[i];
  return &s->classes[0];
}

static const struct klass *
any_class (struct mod *m)
{
  if (chance (&m->r, 0.75))
    return find_class (m->s, PICK (&m->r, relevant_classes));
  return &m->s->classes[below (&m->r, m->s->n_classes)];
}

/* Up to MAX permissions of K, from MASK when it has any. */
static void
perms (struct mod *m, const struct klass *k, uint32_t mask, unsigned max)
{
  unsigned want = 1 + below (&m->r, max);
  uint32_t chosen = 0;
  int first = 1;

  if (!mask)
    for (size_t i = 0; i < k->n_perms; i++)
      if (k->perms[i])
        mask |= 1u << i;
  for (unsigned tries = 0; tries < 4 * want && __builtin_popcount (chosen) < (int) want; tries++)
    {
      size_t i = below (&m->r, k->n_perms);
      if ((mask >> i) & 1)
        chosen |= 1u << i;
    }
  out (m, "(");
  for (size_t i = 0; i < k->n_perms; i++)
    if ((chosen >> i) & 1)
      {
        out (m, "%s%s", first ? "" : " ", k->perms[i]);
        first = 0;
      }
  if (first)
    out (m, "%s", k->perms[0] ? k->perms[0] : "read");
  out (m, ")");
}

/* A class-permission argument: (class (perms)), a named classpermission,
 * a classmap, or now and then a permission the class lacks. */
static void
classperms (struct mod *m, const struct klass *k, uint32_t mask)
{
  if (!m->safe && chance (&m->r, 0.03))
    {
      out (m, "(%s (no_such_perm))", k->name);
      kind_count[K_wrong_name]++;
      return;
    }
  if (!m->safe && chance (&m->r, 0.04))
    {
      out (m, "(%s (all))", k->name);
      return;
    }
  out (m, "(%s ", k->name);
  perms (m, k, mask, 4);
  out (m, ")");
}

static const char *
level (struct mod *m)
{
  static char buf[64];
  if (chance (&m->r, 0.5) || !m->s->cats.n)
    snprintf (buf, sizeof (buf), "(%s)", m->s->sens.n ? m->s->sens.v[0] : "s0");
  else
    snprintf (buf, sizeof (buf), "(%s (%s))", m->s->sens.v[0], vec_pick (&m->r, &m->s->cats));
  return buf;
}

static void
range (struct mod *m)
{
  char low[64];
  snprintf (low, sizeof (low), "%s", chance (&m->r, 0.8) ? "(s0)" : level (m));
  out (m, "(%s %s)", low, level (m));
}

static void
context (struct mod *m)
{
  const char *user = chance (&m->r, 0.8) ? "system_u" : m->users.n ? q (m, vec_pick (&m->r, &m->users)) : vec_pick (&m->r, &m->s->users);
  const char *role = chance (&m->r, 0.85) ? "object_r" : vec_pick (&m->r, &m->s->roles);
  const char *type = chance (&m->r, 0.6) ? own_name (m, FIL) : sys_type (m);
  out (m, "(%s %s %s ", user, role, type);
  range (m);
  out (m, ")");
}

/* ---------------------------------------------------------------- productions */

static void stmt (struct mod *m);
static void safe_stmt (struct mod *m);

static void
body (struct mod *m, unsigned n)
{
  /* Half honest in a mixed module: every container refuses some
   * statement kinds, and a body of those alone rarely compiles. */
  m->nest++;
  m->in_body++;
  for (unsigned i = 0; i < n; i++)
    m->safe || chance (&m->r, 0.5) ? safe_stmt (m) : stmt (m);
  m->in_body--;
  m->nest--;
}

/* allow, auditallow, dontaudit, neverallow: an own domain on itself or on
 * an own file type, with permissions its parent holds, in safe mode;
 * anything between anything otherwise. */
static void
av_rule (struct mod *m, const char *kw, enum kind k)
{
  const struct own_type *src = own (m, DOM, 1);
  kind_count[k]++;
  indent (m);
  if (m->safe && src)
    {
      const struct own_type *f = safe_file (m);
      if (f && chance (&m->r, 0.6))
        {
          /* Whatever the anchor gets from container_t (the template's
           * list) and container_file_t's grants both cover these. */
          static const char *const sets[] = {
            "(file (getattr open read))", "(dir (getattr open read search))", "(lnk_file (getattr read))",
            "(file (getattr open read write append))", "(dir (getattr search add_name remove_name write))",
          };
          const char *set = PICK (&m->r, sets);
          if (f->ro && strstr (set, "write"))
            set = sets[0];
          out (m, "(%s %s %s %s)", kw, q (m, src->name), q (m, f->name), set);
          return;
        }
      const struct klass *c = any_class (m);
      if (!c->grant_self)
        c = find_class (m->s, "process");
      out (m, "(%s %s self ", kw, q (m, src->name));
      classperms (m, c, c->grant_self);
      out (m, ")");
      return;
    }
  const char *a = any_type (m, 0), *b = any_type (m, 1);
  const struct klass *c = any_class (m);
  uint32_t mask = strcmp (b, "self") == 0 ? c->grant_self : c->grant_file;
  if (m->cps.n && chance (&m->r, 0.1))
    {
      out (m, "(%s %s %s %s)", kw, a, b, q (m, vec_pick (&m->r, &m->cps)));
      return;
    }
  if (m->classmaps.n && chance (&m->r, 0.1))
    {
      out (m, "(%s %s %s (%s (p0)))", kw, a, b, q (m, vec_pick (&m->r, &m->classmaps)));
      return;
    }
  out (m, "(%s %s %s ", kw, a, b);
  classperms (m, c, chance (&m->r, 0.7) ? mask : 0);
  out (m, ")");
}

static void
xperm_rule (struct mod *m, const char *kw, enum kind k)
{
  static const char *const ioctl_classes[] = { "file", "tcp_socket", "udp_socket", "chr_file", "unix_stream_socket" };
  const char *src = m->safe ? own_name (m, DOM) : any_type (m, 0);
  const char *tgt = m->safe ? (chance (&m->r, 0.5) ? "self" : own_name (m, FIL)) : any_type (m, 1);
  const char *cls = PICK (&m->r, ioctl_classes);
  unsigned lo = 0x8900 + below (&m->r, 0x40);
  kind_count[k]++;
  indent (m);
  out (m, "(%s %s %s (ioctl %s ", kw, src, tgt, cls);
  switch (below (&m->r, 4))
    {
    case 0: out (m, "(0x%x)", lo); break;
    case 1: out (m, "((range 0x%x 0x%x))", lo, lo + (unsigned) below (&m->r, 16)); break;
    case 2: out (m, "(and (range 0x%x 0x%x) (not (0x%x)))", lo, lo + 8, lo + 2); break;
    default: out (m, "(0x%x 0x%x)", lo, 0x5401 + (unsigned) below (&m->r, 4)); break;
    }
  out (m, "))");
}

static void
type_rule (struct mod *m)
{
  unsigned x = below (&m->r, 4);
  const char *src = m->safe ? own_name (m, DOM) : any_type (m, 0);
  const char *tgt = m->safe ? own_name (m, FIL) : any_type (m, 0);
  const char *res = m->safe || chance (&m->r, 0.7) ? own_name (m, FIL) : sys_type (m);
  const char *cls = chance (&m->r, 0.8) ? PICK (&m->r, ((const char *[]) { "file", "dir", "sock_file", "lnk_file" })) : "process";
  if (strcmp (cls, "process") == 0 && !m->safe)
    res = own_name (m, DOM);
  indent (m);
  if (x == 0)
    {
      kind_count[K_typetransition]++;
      out (m, "(typetransition %s %s %s %s)", src, tgt, cls, res);
    }
  else if (x == 1)
    {
      kind_count[K_typetransition_named]++;
      out (m, "(typetransition %s %s %s \"n%u\" %s)", src, tgt, cls, (unsigned) below (&m->r, 100), res);
    }
  else if (x == 2)
    {
      kind_count[K_typechange]++;
      out (m, "(typechange %s %s %s %s)", src, tgt, cls, res);
    }
  else
    {
      kind_count[K_typemember]++;
      out (m, "(typemember %s %s %s %s)", src, tgt, cls, res);
    }
}

/* An attribute expression over own and system names. */
static void
attr_expr (struct mod *m, int depth)
{
  unsigned x = below (&m->r, 10);
  const char *a = m->safe ? own_name (m, FIL) : any_type (m, 0);
  if (depth > 1 || x < 5)
    {
      out (m, "%s", a);
      return;
    }
  static const char *const ops[] = { "and", "or", "xor" };
  if (x < 8)
    {
      out (m, "(%s ", PICK (&m->r, ops));
      attr_expr (m, depth + 1);
      out (m, " ");
      attr_expr (m, depth + 1);
      out (m, ")");
    }
  else if (x < 9)
    {
      out (m, "(not ");
      attr_expr (m, depth + 1);
      out (m, ")");
    }
  else
    out (m, "(all)");
}

static void
attribute (struct mod *m)
{
  cleanup_free char *a = fresh (m, "attr");
  kind_count[K_typeattribute]++;
  indent (m);
  out (m, "(typeattribute %s)", a);
  indent (m);
  if (m->safe || chance (&m->r, 0.5))
    {
      /* A set of own file types: honest, and the attribute a later rule
       * may name as its target. */
      kind_count[K_typeattributeset]++;
      out (m, "(typeattributeset %s (%s %s))", a, own_name (m, FIL), own_name (m, FIL));
      reg (m, &m->file_attrs, a);
    }
  else
    {
      kind_count[K_typeattributeset_expr]++;
      out (m, "(typeattributeset %s ", a);
      if (chance (&m->r, 0.5))
        {
          out (m, "(");
          attr_expr (m, 1);
          out (m, " ");
          attr_expr (m, 1);
          out (m, ")");
        }
      else
        attr_expr (m, 0);
      out (m, ")");
    }
  reg (m, &m->attrs, a);
}

/* A system attribute gains an own type, or an own attribute a system type. */
static void
attribute_join (struct mod *m)
{
  kind_count[K_typeattributeset]++;
  indent (m);
  if (chance (&m->r, 0.7))
    out (m, "(typeattributeset %s (%s))", sys_attr (m), own_name (m, chance (&m->r, 0.6) ? DOM : FIL));
  else if (m->attrs.n)
    out (m, "(typeattributeset %s (%s))", q (m, vec_pick (&m->r, &m->attrs)), sys_type (m));
  else
    out (m, "(typeattributeset %s (%s))", sys_attr (m), sys_type (m));
}

static void
alias (struct mod *m)
{
  cleanup_free char *a = fresh (m, "alias");
  kind_count[K_typealias]++;
  kind_count[K_typealiasactual]++;
  indent (m);
  out (m, "(typealias %s)", a);
  indent (m);
  out (m, "(typealiasactual %s %s)", a,
       m->safe || chance (&m->r, 0.7) ? own_name (m, chance (&m->r, 0.5) ? DOM : FIL) : sys_type (m));
  reg (m, &m->aliases, a);
}

/* A new own type and its bounds: to an allowed parent, to another own
 * type, or (not in safe mode) to nothing or to a system type. */
static void
new_type (struct mod *m)
{
  cleanup_free char *t = fresh (m, chance (&m->r, 0.5) ? "data" : "dom");
  int dom = t[0] == 'd' && t[1] == 'o';
  unsigned x = below (&m->r, 100);
  kind_count[K_type]++;
  indent (m);
  out (m, "(type %s)", t);
  if (!m->safe && x < 6)
    {
      add_type (m, t, dom ? DOM : FIL, 0);      /* unbounded */
      return;
    }
  kind_count[K_typebounds]++;
  indent (m);
  if (!m->safe && x < 12)
    out (m, "(typebounds %s %s)", sys_type (m), t);
  else if (x < 35 && own (m, dom ? DOM : FIL, 0))
    {
      out (m, "(typebounds %s %s)", own_name (m, dom ? DOM : FIL), t);
      add_type (m, t, dom ? DOM : FIL, 1);
      goto identity;
    }
  else
    {
      const char *parent = dom ? "container_t" : chance (&m->r, 0.3) ? "container_ro_file_t" : "container_file_t";
      if (!m->safe && chance (&m->r, 0.08))
        parent = dom ? "container_file_t" : "container_t";
      out (m, "(typebounds %s %s)", parent, t);
      struct own_type *o = add_type (m, t, dom ? DOM : FIL, 0);
      o->ro = strcmp (parent, "container_ro_file_t") == 0;
      goto identity;
    }
  add_type (m, t, dom ? DOM : FIL, 0);
  return;
identity:
  if (m->safe || chance (&m->r, 0.8))
    {
      kind_count[K_call_template]++;
      indent (m);
      out (m, "(call .sepm.v1.%s (%s))", dom ? "domain_identity" : "file_identity", t);
    }
}

/* A call of a template macro with own types where it wants them: a
 * domain for d/from/to/parent, the parent's own entry file for
 * parent_exec, fresh types where the macro declares bounds. */
static void
call_template (struct mod *m)
{
  const struct tmacro *mac = &m->t->macros[below (&m->r, m->t->n_macros)];
  struct sepm_buf a = { 0 };
  const struct own_type *parent = NULL;
  struct own_type *child = NULL;

  if (m->safe && (strcmp (mac->name, "sepm.v1.domain_identity") == 0 || strcmp (mac->name, "sepm.v1.file_identity") == 0))
    return;
  for (size_t i = 0; i < mac->n; i++)
    {
      const char *p = mac->param[i];
      int dom = strcmp (p, "d") == 0 || strcmp (p, "from") == 0 || strcmp (p, "to") == 0
                || strcmp (p, "parent") == 0 || strcmp (p, "child") == 0;
      char *name;
      if (mac->fresh[i])
        {
          cleanup_free char *local = fresh (m, dom ? "child" : "obj");
          struct own_type *t = add_type (m, local, dom ? DOM : FIL, 1);
          indent (m);
          out (m, "(type %s)", local);
          kind_count[K_type]++;
          /* An object of the anchor may do what the anchor may. */
          t->anchored = !dom && a.data && strstr (a.data, "file") && !strstr (a.data, "exec");
          if (dom)
            child = t;
          else if (child)
            memcpy (child->exec, t->name, sizeof (child->exec));
          name = xstrdup (q (m, t->name));
        }
      else if (!m->safe && chance (&m->r, 0.12))
        name = xstrdup (dom ? sys_type (m) : any_type (m, 0));
      else if (strcmp (p, "parent_exec") == 0 && parent && parent->exec[0])
        name = xstrdup (q (m, parent->exec));
      else if (strcmp (p, "anchor") == 0 && m->safe && own (m, FIL, 1))
        name = xstrdup (q (m, own (m, FIL, 1)->name));
      else if (dom)
        {
          const struct own_type *d = own (m, DOM, m->safe && strcmp (p, "parent") != 0);
          if (strcmp (p, "parent") == 0)
            parent = d;
          name = xstrdup (d ? q (m, d->name) : "container_t");
        }
      else
        name = xstrdup (own_name (m, FIL));
      sepm_buf_puts (&a, i ? " " : "");
      sepm_buf_puts (&a, name);
      free (name);
    }
  kind_count[K_call_template]++;
  indent (m);
  out (m, "(call %s%s (%s))", chance (&m->r, 0.3) ? "." : "", mac->name, a.data ? a.data : "");
  free (a.data);
}

static void
own_macro (struct mod *m)
{
  cleanup_free char *name = fresh (m, "mac");
  kind_count[K_macro]++;
  kind_count[K_call]++;
  indent (m);
  if (chance (&m->r, 0.5))
    {
      out (m, "(macro %s ((type d) (type f))", name);
      m->nest++;
      indent (m);
      kind_count[K_allow]++;
      out (m, "(allow d f (file (getattr open read)))");
      if (!m->safe && chance (&m->r, 0.5))
        {
          int saved_q = m->qualify;
          m->qualify = 1;
          av_rule (m, "allow", K_allow);
          m->qualify = saved_q;
        }
      m->nest--;
      out (m, ")");
      indent (m);
      out (m, "(call %s (%s %s))", name, m->safe ? own (m, DOM, 1) ? q (m, own (m, DOM, 1)->name) : own_name (m, DOM) : any_type (m, 0),
           m->safe ? own_name (m, FIL) : any_type (m, 0));
    }
  else
    {
      /* A boolean parameter guarding a rule: a condition the caller picks. */
      const char *b = m->bools.n ? q (m, vec_pick (&m->r, &m->bools)) : vec_pick (&m->r, &m->s->bools);
      const struct own_type *d = own (m, DOM, 1);
      out (m, "(macro %s ((type d) (boolean b))", name);
      m->nest++;
      indent (m);
      kind_count[K_booleanif]++;
      out (m, "(booleanif b (true (allow d self (process (%s)))))", m->safe ? "signal" : PICK (&m->r, ((const char *[]) { "signal", "fork", "setexec", "ptrace" })));
      m->nest--;
      out (m, ")");
      indent (m);
      out (m, "(call %s (%s %s))", name, d ? q (m, d->name) : own_name (m, DOM), m->safe || chance (&m->r, 0.8) ? b : sys_type (m));
    }
}

static void
bool_expr (struct mod *m, int depth)
{
  const char *b = m->bools.n && (m->safe || chance (&m->r, 0.6)) ? q (m, vec_pick (&m->r, &m->bools)) : vec_pick (&m->r, &m->s->bools);
  unsigned x = below (&m->r, 10);
  if (depth > 1 || x < 4)
    {
      out (m, "%s", b);
      return;
    }
  if (x < 5)
    {
      out (m, "(not ");
      bool_expr (m, depth + 1);
      out (m, ")");
      return;
    }
  out (m, "(%s ", PICK (&m->r, ((const char *[]) { "and", "or", "xor", "eq", "neq" })));
  bool_expr (m, depth + 1);
  out (m, " ");
  bool_expr (m, depth + 1);
  out (m, ")");
}

static void
booleanif (struct mod *m)
{
  if (!m->bools.n || chance (&m->r, 0.3))
    {
      cleanup_free char *b = fresh (m, "bool");
      kind_count[K_boolean]++;
      indent (m);
      out (m, "(boolean %s %s)", b, chance (&m->r, 0.5) ? "true" : "false");
      reg (m, &m->bools, b);
    }
  kind_count[K_booleanif]++;
  indent (m);
  out (m, "(booleanif ");
  bool_expr (m, chance (&m->r, 0.4) ? 0 : 2);
  m->nest++;
  indent (m);
  out (m, "(true");
  m->nest++;
  for (unsigned i = 0, n = 1 + below (&m->r, 2); i < n; i++)
    {
      if (!m->safe && chance (&m->r, 0.06))
        stmt (m);               /* often not allowed in a booleanif */
      else if (chance (&m->r, 0.8))
        av_rule (m, "allow", K_allow);
      else
        type_rule (m);
    }
  m->nest--;
  out (m, ")");
  if (chance (&m->r, 0.4))
    {
      indent (m);
      out (m, "(false");
      m->nest++;
      av_rule (m, chance (&m->r, 0.8) ? "allow" : "dontaudit", K_allow);
      m->nest--;
      out (m, ")");
    }
  m->nest--;
  out (m, ")");
}

static void
tunableif (struct mod *m)
{
  cleanup_free char *t = fresh (m, "tun");
  kind_count[K_tunable]++;
  kind_count[K_tunableif]++;
  indent (m);
  out (m, "(tunable %s %s)", t, chance (&m->r, 0.5) ? "true" : "false");
  reg (m, &m->tunables, t);
  indent (m);
  if (chance (&m->r, 0.3))
    out (m, "(tunableif (not %s)", t);
  else
    out (m, "(tunableif %s", t);
  m->nest++;
  indent (m);
  out (m, "(true");
  body (m, 1 + below (&m->r, 2));
  out (m, ")");
  if (chance (&m->r, 0.3))
    {
      indent (m);
      out (m, "(false");
      body (m, 1);
      out (m, ")");
    }
  m->nest--;
  out (m, ")");
}

static void
optional (struct mod *m)
{
  cleanup_free char *o = fresh (m, "opt");
  kind_count[K_optional]++;
  indent (m);
  out (m, "(optional %s", o);
  body (m, 1 + below (&m->r, 3));
  if (!m->safe && chance (&m->r, 0.2))
    {
      /* An optional that cannot resolve: libsepol disables it. */
      m->nest++;
      indent (m);
      kind_count[K_allow]++;
      out (m, "(allow %s %s (file (read)))", own_name (m, DOM), wrong (m));
      m->nest--;
    }
  out (m, ")");
}

/* A nested own block, later filled with `in`, or an abstract one that
 * another nested block inherits. */
static void
nested_block (struct mod *m)
{
  cleanup_free char *b = fresh (m, "sub");
  int abstract = chance (&m->r, 0.4);
  kind_count[K_block]++;
  indent (m);
  out (m, "(block %s", b);
  m->nest++;
  if (abstract)
    {
      kind_count[K_blockabstract]++;
      indent (m);
      out (m, "(blockabstract %s)", b);
    }
  kind_count[K_type]++;
  kind_count[K_typebounds]++;
  kind_count[K_call_template]++;
  indent (m);
  out (m, "(type t)");
  indent (m);
  out (m, "(typebounds container_file_t t)");
  indent (m);
  out (m, "(call .sepm.v1.file_identity (t))");
  if (!abstract)
    {
      cleanup_free char *full = xasprintf ("%s.t", b);
      add_type (m, full, FIL, 0);
    }
  m->nest--;
  out (m, ")");
  reg (m, abstract ? &m->abstract_blocks : &m->blocks, b);
  if (abstract)
    {
      cleanup_free char *inst = fresh (m, "inst");
      cleanup_free char *full = xasprintf ("%s.t", inst);
      kind_count[K_block]++;
      kind_count[K_blockinherit]++;
      indent (m);
      out (m, "(block %s (blockinherit %s))", inst, b);
      add_type (m, full, FIL, 0);
    }
}

static void
in_stmt (struct mod *m)
{
  char saved[sizeof (m->ns)];
  int saved_q = m->qualify;
  kind_count[K_in]++;
  indent (m);
  memcpy (saved, m->ns, sizeof (saved));
  if (!m->safe && chance (&m->r, 0.15))
    {
      /* A template block, or the module's own name unqualified. */
      out (m, "(in %s", PICK (&m->r, ((const char *[]) { "sepm.v1.app", ".sepm.v1.app", "sepm.v1", "nosuch_block" })));
      snprintf (m->ns, sizeof (m->ns), "%s", "elsewhere.");
    }
  else if (m->blocks.n)
    {
      const char *b = vec_pick (&m->r, &m->blocks);
      out (m, "(in .%s.%s", m->name, b);
      snprintf (m->ns, sizeof (m->ns), "%s.", b);
    }
  else
    {
      /* `in` the module itself: legal, and still inside its namespace. */
      out (m, "(in .%s", m->name);
      m->ns[0] = 0;
    }
  m->qualify = 1;
  body (m, 1 + below (&m->r, 2));
  out (m, ")");
  memcpy (m->ns, saved, sizeof (saved));
  m->qualify = saved_q;
}

static void
blockinherit (struct mod *m)
{
  kind_count[K_blockinherit]++;
  indent (m);
  if (m->abstract_blocks.n && chance (&m->r, 0.5))
    out (m, "(blockinherit %s)", q (m, vec_pick (&m->r, &m->abstract_blocks)));
  else if (chance (&m->r, 0.7))
    {
      /* A second sepm.v1.app re-declares the skeleton's types: mostly
       * a nested block instead (the error stays, now and then). */
      const char *b = vec_pick (&m->r, &m->t->abstract_blocks);
      if (m->has_app && strstr (b, "app") && chance (&m->r, 0.8))
        {
          kind_count[K_blockinherit]--;
          nested_block (m);
          return;
        }
      out (m, "(blockinherit %s)", b);
    }
  else
    out (m, "(blockinherit %s)", chance (&m->r, 0.5) ? vec_pick (&m->r, &m->t->blocks) : wrong (m));
}

static void
classperm_stmts (struct mod *m)
{
  const struct klass *c = find_class (m->s, chance (&m->r, 0.5) ? "file" : PICK (&m->r, relevant_classes));
  if (chance (&m->r, 0.5))
    {
      cleanup_free char *cp = fresh (m, "cp");
      kind_count[K_classpermission]++;
      kind_count[K_classpermissionset]++;
      indent (m);
      out (m, "(classpermission %s)", cp);
      indent (m);
      out (m, "(classpermissionset %s ", cp);
      classperms (m, c, m->safe ? c->grant_self : 0);
      out (m, ")");
      reg (m, &m->cps, cp);
      if (m->safe)
        {
          /* Only self rights go through it in safe mode. */
          const struct own_type *d = own (m, DOM, 1);
          if (d && c->grant_self)
            {
              kind_count[K_allow]++;
              indent (m);
              out (m, "(allow %s self %s)", q (m, d->name), cp);
            }
        }
    }
  else
    {
      cleanup_free char *cm = fresh (m, "cm");
      kind_count[K_classmap]++;
      kind_count[K_classmapping]++;
      indent (m);
      out (m, "(classmap %s (p0 p1))", cm);
      indent (m);
      out (m, "(classmapping %s p0 ", cm);
      classperms (m, c, m->safe ? c->grant_self : 0);
      out (m, ")");
      indent (m);
      out (m, "(classmapping %s p1 (%s (%s)))", cm, c->name, c->perms[0] ? c->perms[0] : "read");
      reg (m, &m->classmaps, cm);
      if (m->safe)
        {
          const struct own_type *d = own (m, DOM, 1);
          if (d && c->grant_self)
            {
              kind_count[K_allow]++;
              indent (m);
              out (m, "(allow %s self (%s (p0)))", q (m, d->name), cm);
            }
        }
    }
}

static void
role_stmts (struct mod *m)
{
  unsigned x = below (&m->r, 7);
  const char *sysrole = chance (&m->r, 0.7) ? "system_r" : vec_pick (&m->r, &m->s->roles);
  indent (m);
  switch (x)
    {
    case 0:
      {
        cleanup_free char *r = fresh (m, "r");
        kind_count[K_role]++;
        kind_count[K_roletype]++;
        out (m, "(role %s)", r);
        indent (m);
        out (m, "(roletype %s %s)", r, own_name (m, DOM));
        reg (m, &m->roles, r);
        break;
      }
    case 1:
      kind_count[K_roletype]++;
      out (m, "(roletype %s %s)", m->roles.n && chance (&m->r, 0.4) ? q (m, vec_pick (&m->r, &m->roles)) : sysrole, any_type (m, 0));
      break;
    case 2:
      {
        cleanup_free char *ra = fresh (m, "ra");
        kind_count[K_roleattribute]++;
        kind_count[K_roleattributeset]++;
        out (m, "(roleattribute %s)", ra);
        indent (m);
        out (m, "(roleattributeset %s (%s))", ra, m->roles.n ? q (m, vec_pick (&m->r, &m->roles)) : sysrole);
        break;
      }
    case 3:
      kind_count[K_roleallow]++;
      out (m, "(roleallow %s %s)", m->roles.n ? q (m, vec_pick (&m->r, &m->roles)) : sysrole, sysrole);
      break;
    case 4:
      kind_count[K_roletransition]++;
      out (m, "(roletransition %s %s process %s)", sysrole, own_name (m, FIL), m->roles.n ? q (m, vec_pick (&m->r, &m->roles)) : "system_r");
      break;
    case 5:
      kind_count[K_rolebounds]++;
      out (m, "(rolebounds %s %s)", sysrole, m->roles.n ? q (m, vec_pick (&m->r, &m->roles)) : "object_r");
      break;
    default:
      kind_count[K_roletype]++;
      out (m, "(roletype object_r %s)", own_name (m, FIL));
      break;
    }
}

static void
user_stmts (struct mod *m)
{
  cleanup_free char *u = fresh (m, "u");
  const char *sysuser = vec_pick (&m->r, &m->s->users);
  unsigned x = below (&m->r, 5);
  kind_count[K_user]++;
  kind_count[K_userrole]++;
  kind_count[K_userlevel]++;
  kind_count[K_userrange]++;
  indent (m);
  out (m, "(user %s)", u);
  indent (m);
  out (m, "(userrole %s %s)", u, m->roles.n ? q (m, vec_pick (&m->r, &m->roles)) : "object_r");
  indent (m);
  out (m, "(userlevel %s %s)", u, level (m));
  indent (m);
  out (m, "(userrange %s ", u);
  range (m);
  out (m, ")");
  reg (m, &m->users, u);
  indent (m);
  if (x == 0)
    {
      kind_count[K_userbounds]++;
      out (m, "(userbounds %s %s)", sysuser, u);
    }
  else if (x == 1)
    {
      kind_count[K_userprefix]++;
      out (m, "(userprefix %s user)", u);
    }
  else if (x == 2)
    {
      kind_count[K_selinuxuser]++;
      out (m, "(selinuxuser n%s %s ", u, u);
      range (m);
      out (m, ")");
    }
  else if (x == 3)
    {
      kind_count[K_selinuxuserdefault]++;
      out (m, "(selinuxuserdefault %s ", u);
      range (m);
      out (m, ")");
    }
  else
    {
      kind_count[K_userrole]++;
      out (m, "(userrole %s system_r)", sysuser);
    }
}

static void
constraint (struct mod *m)
{
  const struct klass *c = any_class (m);
  static const char *const exprs[] = {
    "(eq t1 t2)", "(eq u1 u2)", "(neq r1 r2)", "(or (eq t1 t2) (eq t1 container_t))", "(not (eq u1 u2))",
    "(and (eq r1 r2) (neq t1 t2))", "(eq t1 self_should_fail)",
  };
  static const char *const mls_exprs[] = {
    "(dom h1 h2)", "(domby l1 h2)", "(eq l1 l2)", "(or (dom h1 h2) (neq t1 mcs_constrained_type))", "(incomp l1 l2)",
  };
  unsigned x = below (&m->r, 4);
  indent (m);
  if (x < 2)
    {
      kind_count[x ? K_mlsconstrain : K_constrain]++;
      out (m, "(%s ", x ? "mlsconstrain" : "constrain");
      classperms (m, c, 0);
      out (m, " %s)", x ? PICK (&m->r, mls_exprs) : PICK (&m->r, exprs));
    }
  else
    {
      static const char *const vexprs[] = { "(eq u1 u2)", "(eq t3 etc_t)", "(neq r1 r2)" };
      static const char *const mvexprs[] = { "(domby l1 h2)", "(eq h1 h2)", "(dom l2 l1)" };
      kind_count[x == 2 ? K_validatetrans : K_mlsvalidatetrans]++;
      out (m, "(%s %s %s)", x == 2 ? "validatetrans" : "mlsvalidatetrans", chance (&m->r, 0.7) ? "file" : c->name,
           x == 2 ? PICK (&m->r, vexprs) : PICK (&m->r, mvexprs));
    }
}

static void
labeling (struct mod *m)
{
  unsigned x = below (&m->r, 6);
  indent (m);
  switch (x)
    {
    case 0:
      kind_count[K_filecon]++;
      out (m, "(filecon \"/srv/%s(/.*)?\" %s ", m->name, PICK (&m->r, ((const char *[]) { "any", "file", "dir" })));
      if (chance (&m->r, 0.1))
        out (m, "()");
      else
        context (m);
      out (m, ")");
      break;
    case 1:
      kind_count[K_genfscon]++;
      out (m, "(genfscon %s \"/%s\" ", PICK (&m->r, ((const char *[]) { "proc", "sysfs", "tmpfs" })), m->name);
      context (m);
      out (m, ")");
      break;
    case 2:
      kind_count[K_portcon]++;
      out (m, "(portcon %s %u ", chance (&m->r, 0.5) ? "tcp" : "udp", 20000 + (unsigned) below (&m->r, 9999));
      context (m);
      out (m, ")");
      break;
    case 3:
      kind_count[K_netifcon]++;
      out (m, "(netifcon veth%u ", (unsigned) below (&m->r, 99));
      context (m);
      out (m, " ");
      context (m);
      out (m, ")");
      break;
    case 4:
      kind_count[K_nodecon]++;
      out (m, "(nodecon (10.%u.0.0) (255.255.0.0) ", (unsigned) below (&m->r, 255));
      context (m);
      out (m, ")");
      break;
    default:
      kind_count[K_fsuse]++;
      out (m, "(fsuse %s fs%s ", PICK (&m->r, ((const char *[]) { "xattr", "task", "trans" })), m->name);
      context (m);
      out (m, ")");
      break;
    }
}

static void
misc_decl (struct mod *m)
{
  /* sensitivity, category and sensitivitycategory (6 to 8) are refused
   * in a block: drawn a third as often as the others. */
  unsigned x = below (&m->r, 12);
  if (x >= 6 && x <= 8 && chance (&m->r, 0.67))
    x = below (&m->r, 12);
  const char *cls = PICK (&m->r, ((const char *[]) { "file", "dir", "process", "tcp_socket" }));
  indent (m);
  switch (x)
    {
    case 0:
      kind_count[K_rangetransition]++;
      out (m, "(rangetransition %s %s %s ", chance (&m->r, 0.6) ? own_name (m, DOM) : sys_type (m), own_name (m, FIL),
           chance (&m->r, 0.5) ? "process" : "file");
      range (m);
      out (m, ")");
      break;
    case 1:
      kind_count[K_defaultuser]++;
      out (m, "(defaultuser %s %s)", cls, chance (&m->r, 0.5) ? "source" : "target");
      break;
    case 2:
      kind_count[K_defaultrole]++;
      out (m, "(defaultrole %s %s)", cls, chance (&m->r, 0.5) ? "source" : "target");
      break;
    case 3:
      kind_count[K_defaulttype]++;
      out (m, "(defaulttype %s %s)", cls, chance (&m->r, 0.5) ? "source" : "target");
      break;
    case 4:
      kind_count[K_defaultrange]++;
      out (m, "(defaultrange %s %s %s)", cls, chance (&m->r, 0.5) ? "source" : "target",
           PICK (&m->r, ((const char *[]) { "low", "high", "low-high" })));
      break;
    case 5:
      kind_count[K_policycap]++;
      out (m, "(policycap %s)", PICK (&m->r, policycaps));
      break;
    case 6:
      kind_count[K_sensitivity]++;
      out (m, "(sensitivity s%u)", 1 + (unsigned) below (&m->r, 20));
      break;
    case 7:
      kind_count[K_category]++;
      out (m, "(category c%u)", 1024 + (unsigned) below (&m->r, 100));
      break;
    case 8:
      kind_count[K_sensitivitycategory]++;
      out (m, "(sensitivitycategory s0 (range c0 c%u))", (unsigned) below (&m->r, 1024));
      break;
    case 9:
      {
        cleanup_free char *sid = fresh (m, "sid");
        kind_count[K_sid]++;
        kind_count[K_sidcontext]++;
        out (m, "(sid %s)", sid);
        indent (m);
        out (m, "(sidcontext %s ", sid);
        context (m);
        out (m, ")");
        break;
      }
    case 10:
      kind_count[K_sidcontext]++;
      out (m, "(sidcontext %s ", PICK (&m->r, ((const char *[]) { "kernel", "unlabeled", "file" })));
      context (m);
      out (m, ")");
      break;
    default:
      kind_count[K_typepermissive]++;
      out (m, "(typepermissive %s)", chance (&m->r, 0.7) ? own_name (m, DOM) : sys_type (m));
      break;
    }
}

static void
expand_attr (struct mod *m)
{
  kind_count[K_expandtypeattribute]++;
  indent (m);
  out (m, "(expandtypeattribute (%s) %s)", m->attrs.n && chance (&m->r, 0.6) ? q (m, vec_pick (&m->r, &m->attrs)) : sys_attr (m),
       chance (&m->r, 0.5) ? "true" : "false");
}

static void
bounds_between (struct mod *m)
{
  /* typebounds between two existing types: conflicting or cyclic bounds,
   * or a second parent. */
  kind_count[K_typebounds]++;
  indent (m);
  out (m, "(typebounds %s %s)", chance (&m->r, 0.5) ? own_name (m, DOM) : sys_type (m), own_name (m, chance (&m->r, 0.7) ? DOM : FIL));
}

/* A statement of the full grammar, weighted towards rules and names that
 * reach the obligations. */
static void
stmt (struct mod *m)
{
  unsigned x = below (&m->r, 1000);
  /* No deeper containers; and in a body mostly rules, which every
   * container allows (a body's refused statement ends most modules at
   * compile.error, which the differential test already has plenty of). */
  if (m->nest > 3 || (m->in_body && chance (&m->r, 0.75)))
    x = x % 300;
  if (x < 170)
    av_rule (m, "allow", K_allow);
  else if (x < 200)
    av_rule (m, "auditallow", K_auditallow);
  else if (x < 230)
    av_rule (m, "dontaudit", K_dontaudit);
  else if (x < 250)
    av_rule (m, "neverallow", K_neverallow);
  else if (x < 260)
    xperm_rule (m, "allowx", K_allowx);
  else if (x < 266)
    xperm_rule (m, "auditallowx", K_auditallowx);
  else if (x < 272)
    xperm_rule (m, "dontauditx", K_dontauditx);
  else if (x < 278)
    xperm_rule (m, "neverallowx", K_neverallowx);
  else if (x < 300)
    type_rule (m);
  else if (x < 340)
    attribute (m);
  else if (x < 380)
    attribute_join (m);
  else if (x < 400)
    alias (m);
  else if (x < 450)
    new_type (m);
  else if (x < 465)
    {
      /* Half as often as its share: a second parent is a compile error. */
      if (chance (&m->r, 0.5))
        bounds_between (m);
      else
        new_type (m);
    }
  else if (x < 475)
    expand_attr (m);
  else if (x < 505)
    role_stmts (m);
  else if (x < 520)
    user_stmts (m);
  else if (x < 570)
    booleanif (m);
  else if (x < 590)
    tunableif (m);
  else if (x < 615)
    constraint (m);
  else if (x < 640)
    classperm_stmts (m);
  else if (x < 670)
    own_macro (m);
  else if (x < 730)
    call_template (m);
  else if (x < 760)
    nested_block (m);
  else if (x < 780)
    in_stmt (m);
  else if (x < 800)
    blockinherit (m);
  else if (x < 840)
    optional (m);
  else if (x < 890)
    labeling (m);
  else
    misc_decl (m);
}

/* A statement from the honest part of the grammar: rules of own domains
 * within their parents' rights, the templates' macros, own attributes,
 * aliases, booleans, macros, optionals, nested blocks. */
static void
safe_stmt (struct mod *m)
{
  unsigned x = below (&m->r, 100);
  if (m->nest > 3)
    x = x % 30;
  if (x < 22)
    av_rule (m, "allow", K_allow);
  else if (x < 26)
    av_rule (m, "dontaudit", K_dontaudit);
  else if (x < 29)
    av_rule (m, "auditallow", K_auditallow);
  else if (x < 32)
    xperm_rule (m, "allowx", K_allowx);
  else if (x < 34)
    xperm_rule (m, "dontauditx", K_dontauditx);
  else if (x < 38)
    type_rule (m);
  else if (x < 44)
    attribute (m);
  else if (x < 48)
    alias (m);
  else if (x < 55)
    new_type (m);
  else if (x < 66)
    call_template (m);
  else if (x < 72)
    booleanif (m);
  else if (x < 75)
    tunableif (m);
  else if (x < 80)
    own_macro (m);
  else if (x < 84)
    classperm_stmts (m);
  else if (x < 88)
    optional (m);
  else if (x < 93)
    nested_block (m);
  else if (x < 97)
    in_stmt (m);
  else
    {
      kind_count[K_roletype]++;
      indent (m);
      out (m, "(roletype object_r %s)", own_name (m, FIL));
    }
}

/* The types every module starts with: the template's app, a hand-written
 * entry domain like tests/modules/web.cil, or a few bare bounded types. */
static void
skeleton (struct mod *m)
{
  unsigned x = below (&m->r, 100);
  if (x < 55)
    {
      kind_count[K_blockinherit]++;
      indent (m);
      out (m, "(blockinherit %ssepm.v1.app)", chance (&m->r, 0.2) ? "." : "");
      m->has_app = 1;
      snprintf (add_type (m, "process", DOM, 0)->exec, sizeof (m->types[0].exec), "exec");
      add_type (m, "exec", FIL, 0);
      add_type (m, "file", FIL, 0);
    }
  else if (x < 90)
    {
      static const char *const lines[] = {
        "(type process)", "(type exec)", "(typebounds container_t process)", "(typebounds container_file_t exec)",
        "(call .sepm.v1.domain_identity (process))", "(call .sepm.v1.file_identity (exec))",
        "(allow process exec (file (entrypoint read execute getattr open map)))",
        "(allow container_t exec (file (read execute getattr open map)))",
        "(allow container_t process (process (transition)))",
        "(typetransition container_t exec process process)",
      };
      for (size_t i = 0; i < sizeof (lines) / sizeof (lines[0]); i++)
        {
          /* Now and then a line is left out: an unbounded type, a type
           * without its constraint attributes, a missing entry edge. */
          if (!m->safe && i != 0 && chance (&m->r, 0.04))
            continue;
          indent (m);
          out (m, "%s", lines[i]);
        }
      kind_count[K_type] += 2;
      kind_count[K_typebounds] += 2;
      kind_count[K_call_template] += 2;
      kind_count[K_allow] += 3;
      kind_count[K_typetransition]++;
      snprintf (add_type (m, "process", DOM, 0)->exec, sizeof (m->types[0].exec), "exec");
      add_type (m, "exec", FIL, 0);
    }
  else
    {
      unsigned n = 1 + below (&m->r, 2);
      for (unsigned i = 0; i < n; i++)
        new_type (m);
    }
}

/* A shape that is not one well-formed top-level block. */
static void
broken_shape (struct mod *m, struct sepm_buf *b)
{
  unsigned x = below (&m->r, 6);
  kind_count[K_broken_shape]++;
  switch (x)
    {
    case 0:                     /* a statement outside the block */
      sepm_buf_puts (b, m->out.data);
      sepm_buf_puts (b, "\n(allow container_t container_file_t (file (read)))\n");
      break;
    case 1:                     /* two blocks */
      sepm_buf_puts (b, m->out.data);
      sepm_buf_puts (b, "\n(block ");
      sepm_buf_puts (b, m->name);
      sepm_buf_puts (b, "_b (type t) (typebounds container_file_t t))\n");
      break;
    case 2:                     /* an unbalanced parenthesis */
      sepm_buf_append (b, m->out.data, m->out.len > 1 ? m->out.len - 2 : 0);
      sepm_buf_puts (b, "\n");
      break;
    case 3:                     /* the body without its block */
      {
        const char *nl = strchr (m->out.data, '\n');
        sepm_buf_puts (b, nl ? nl : "");
        if (b->len && b->data[b->len - 1] == ')')
          b->len--, b->data[b->len] = 0;
        sepm_buf_puts (b, "\n");
        break;
      }
    case 4:                     /* a global declaration beside the block */
      sepm_buf_puts (b, "(type ");
      sepm_buf_puts (b, m->name);
      sepm_buf_puts (b, "_global_t)\n");
      sepm_buf_puts (b, m->out.data);
      sepm_buf_puts (b, "\n");
      break;
    default:                    /* nothing at all */
      sepm_buf_puts (b, "; empty\n");
      break;
    }
}

static void
mod_release (struct mod *m)
{
  struct vec *vs[] = { &m->attrs, &m->file_attrs, &m->bools, &m->tunables, &m->cps, &m->classmaps, &m->blocks,
                       &m->abstract_blocks, &m->roles, &m->users, &m->aliases, &m->macros1 };
  for (size_t i = 0; i < sizeof (vs) / sizeof (vs[0]); i++)
    vec_release (vs[i]);
  free (m->out.data);
}

static char *
generate (const struct sys *s, const struct tpl *t, uint64_t seed, unsigned index)
{
  struct mod m = { .s = s, .t = t };
  struct sepm_buf b = { 0 };
  struct rng mix = { seed * 0x100000001b3ull ^ ((uint64_t) index << 20) ^ index };

  m.r.s = rnd (&mix);
  snprintf (m.name, sizeof (m.name), "m%05u", index);
  m.safe = chance (&m.r, 0.2);
  out (&m, "(block %s", m.name);
  skeleton (&m);
  unsigned n = m.safe ? 2 + below (&m.r, 6) : 2 + below (&m.r, 5);
  for (unsigned i = 0; i < n; i++)
    {
      if (m.safe)
        safe_stmt (&m);
      else if (chance (&m.r, 0.2))
        {
          /* Mostly honest modules with one dishonest statement: the
           * obligations' borderline. */
          m.safe = 1;
          safe_stmt (&m);
          m.safe = 0;
        }
      else
        stmt (&m);
    }
  out (&m, ")\n");
  if (!m.safe && chance (&m.r, 0.08))
    broken_shape (&m, &b);
  else
    sepm_buf_puts (&b, m.out.data);
  char *text = xasprintf ("; gen-cil seed %" PRIu64 " index %u (%s)\n%s", seed, index, m.safe ? "honest" : "mixed", b.data);
  free (b.data);
  mod_release (&m);
  return text;
}

/* ---------------------------------------------------------------- main */

static void
usage (FILE *f)
{
  fputs ("Usage: gen-cil --policy POLICY --templates FILE --seed N --count K [--first F] --out DIR\n", f);
}

int
main (int argc, char **argv)
{
  const char *policy = NULL, *templates = NULL, *dir = NULL;
  uint64_t seed = 1;
  unsigned long count = 10, first = 0;
  struct sys s = { 0 };
  struct tpl t = { 0 };
  sepm_error_t err = NULL;
  static const struct option opts[] = {
    { "policy", required_argument, NULL, 'p' }, { "templates", required_argument, NULL, 't' },
    { "seed", required_argument, NULL, 's' }, { "count", required_argument, NULL, 'n' },
    { "first", required_argument, NULL, 'f' }, { "out", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
  };
  int c;

  while ((c = getopt_long (argc, argv, "h", opts, NULL)) != -1)
    switch (c)
      {
      case 'p': policy = optarg; break;
      case 't': templates = optarg; break;
      case 's': seed = strtoull (optarg, NULL, 10); break;
      case 'n': count = strtoul (optarg, NULL, 10); break;
      case 'f': first = strtoul (optarg, NULL, 10); break;
      case 'o': dir = optarg; break;
      case 'h': usage (stdout); return 0;
      default: usage (stderr); return 2;
      }
  if (!policy || !templates || !dir || optind != argc)
    {
      usage (stderr);
      return 2;
    }
  if (load_policy (policy, &s, &err) < 0 || load_templates (templates, &t, &err) < 0
      || sepm_mkdir_p (dir, 0755, &err) < 0)
    {
      fprintf (stderr, "gen-cil: %s\n", err->msg);
      return 2;
    }
  if (!t.n_macros || !t.abstract_blocks.n)
    {
      fprintf (stderr, "gen-cil: %s has no macros or abstract blocks\n", templates);
      return 2;
    }
  for (unsigned long i = first; i < first + count; i++)
    {
      cleanup_free char *text = generate (&s, &t, seed, (unsigned) i);
      cleanup_free char *path = xasprintf ("%s/m%05lu.cil", dir, i);
      if (sepm_write_file_atomic (path, text, strlen (text), &err) < 0)
        {
          fprintf (stderr, "gen-cil: %s\n", err->msg);
          return 2;
        }
    }

  unsigned long total = 0;
  for (int k = 0; k < K_MAX; k++)
    total += kind_count[k];
  printf ("gen-cil: %lu modules, seed %" PRIu64 ", %lu statements\n", count, seed, total);
  for (int k = 0; k < K_MAX; k++)
    if (kind_count[k])
      printf ("  %-22s %6lu  %5.2f%%\n", kind_name[k], kind_count[k], 100.0 * kind_count[k] / (total ? total : 1));
  return 0;
}
