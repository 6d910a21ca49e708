/* A libsemanage policy store on disk, read the way semodule reads it:
 * ROOT/var/lib/selinux/STORE/active/modules/PRIORITY/NAME/cil, where the
 * highest priority of a name wins and modules/disabled/NAME disables it.
 * sepm only reads stores here; installing goes through libsemanage. */
#ifndef SEPM_STORE_READ_H
#define SEPM_STORE_READ_H

#include <stddef.h>

#include "error.h"
#include "store_ref.h"

struct sepm_store_module
{
  char *name;
  unsigned priority;
  char *cil;                    /* decompressed CIL text, once loaded */
  size_t cil_len;
};

struct sepm_store
{
  struct sepm_store_ref ref;    /* which store this is (a binary policy: root "") */
  char *binary_policy_path;     /* ROOT/etc/selinux/STORE/policy/policy.NN */
  char *modules_dir;
  struct sepm_store_module *modules;    /* enabled modules, sorted by name */
  size_t n_modules;
  char content_key[65];         /* sha256 of the enabled modules' files */
};

/* List the enabled modules of REF, without the modules named in EXCLUDE,
 * and compute the content key of what remains; the CIL itself is
 * decompressed only by sepm_store_load_cil(). */
int sepm_store_read (const struct sepm_store_ref *ref, const char *const *exclude, size_t n_exclude,
                     struct sepm_store **out, sepm_error_t *err);
int sepm_store_load_cil (struct sepm_store *s, sepm_error_t *err);

/* Leave module NAME out of S, as if it were not installed.  Returns
 * whether it was there. */
int sepm_store_drop_module (struct sepm_store *s, const char *name);

/* A one-module "store" holding CIL made some other way (from a binary
 * policy); takes ownership of CIL. */
struct sepm_store *sepm_store_from_text (const char *name, char *cil, size_t len, const char *key);
void sepm_store_free (struct sepm_store *s);

#endif
