/* Which libsemanage store a run is about: a root (the host, or a private
 * tree given with -p) and a store name (-s, or the root's
 * etc/selinux/config).  Resolved once, then handed to everything that
 * reads or writes the store: the reader, the transaction, the recovery
 * and the state file, so that they cannot disagree about which it is. */
#ifndef SEPM_STORE_REF_H
#define SEPM_STORE_REF_H

struct sepm_store_ref
{
  char *root;                   /* "" for the host */
  char *name;
};

/* ROOT NULL or "": the host.  NAME NULL or "": SELINUXTYPE of
 * ROOT/etc/selinux/config, or "default" when it names none. */
void sepm_store_ref_resolve (const char *root, const char *name, struct sepm_store_ref *out);
void sepm_store_ref_copy (const struct sepm_store_ref *from, struct sepm_store_ref *to);
void sepm_store_ref_release (struct sepm_store_ref *ref);

/* ROOT as a person reads it: "/" for the host. */
const char *sepm_store_ref_root_shown (const struct sepm_store_ref *ref);

/* The installed binary policy: the highest etc/selinux/NAME/policy/policy.N
 * under the root, as libselinux loads it; NULL when there is none. */
char *sepm_store_ref_binary_policy (const struct sepm_store_ref *ref);

#endif
