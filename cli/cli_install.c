#include <config.h>
#include "cli_install.h"

#include <stdio.h>

json_t *
sepm_cli_install_strings_json (char **list, size_t n)
{
  json_t *a = json_array ();
  for (size_t i = 0; i < n; i++)
    json_array_append_new (a, json_string (list[i]));
  return a;
}

void
sepm_cli_install_print_strings (const char *label, char **list, size_t n)
{
  if (n == 0)
    return;
  printf ("%s:", label);
  for (size_t i = 0; i < n; i++)
    printf (" %s", list[i]);
  putchar ('\n');
}

static json_t *
string_or_null (const char *s)
{
  return s ? json_string (s) : json_null ();
}

json_t *
sepm_cli_install_json (const struct sepm_install_request *req, const struct sepm_install_report *r)
{
  json_t *o = json_pack ("{s:s, s:o, s:o, s:b, s:b, s:o, s:o, s:o}", "id", r->image_id,
                         "installed", sepm_cli_install_strings_json (r->installed, r->n_installed),
                         "shared", sepm_cli_install_strings_json (r->shared, r->n_shared),
                         "templates_installed", r->templates_installed, "unchanged", r->unchanged,
                         "entrypoint", string_or_null (r->entrypoint), "rootfs", string_or_null (r->rootfs),
                         "level", string_or_null (r->level));
  if (r->rootfs)
    json_object_set_new (o, "relabel",
                         r->unpacked ? json_pack ("{s:s}", "mode", "unpacked")
                         : req->relabel_in_place
                         ? json_pack ("{s:s, s:I}", "mode", "in-place", "recovered",
                                      (json_int_t) r->relabelled.recovered)
                         : json_pack ("{s:s, s:I, s:I, s:I}", "mode", "journal",
                                      "entries", (json_int_t) r->relabelled.entries,
                                      "changed", (json_int_t) r->relabelled.changed,
                                      "recovered", (json_int_t) r->relabelled.recovered));
  return o;
}

/* How each kind of runtime gets the policy (docs/templates.md). */
static void
print_runtime_hints (const struct sepm_install_request *req, const struct sepm_install_report *r)
{
  if (r->rootfs && r->relabelled.recovered)
    printf ("finished the relabel a killed run left in %s: %zu labels set from its journal\n", r->rootfs,
            r->relabelled.recovered);
  if (r->rootfs && r->unpacked)
    printf ("unpacked the image into %s, every file container_file_t at level %s and the image's labelled "
            "files their own types\n", r->rootfs, r->level);
  else if (r->rootfs && req->relabel_in_place)
    printf ("relabelled %s in place at level %s\n", r->rootfs, r->level);
  else if (r->rootfs && r->relabelled.changed == 0)
    printf ("%s at level %s: every file the image labels already had its label (%zu files); nothing was "
            "changed\n", r->rootfs, r->level, r->relabelled.entries);
  else if (r->rootfs)
    printf ("relabelled %s at level %s: %zu of %zu files changed, journalled\n", r->rootfs, r->level,
            r->relabelled.changed, r->relabelled.entries);
  if (req->bundle)
    printf ("runc, crun: the bundle starts in container_t at %s and each labelled binary moves into "
            "its own domain on exec\n", r->level);
  /* podman uses a --rootfs as it is (without :O, which would copy it),
   * so the per-file labels survive; the level must be the tree's.
   * --rootfs is a flag that makes the first argument the tree, and podman
   * run stops reading options at its first argument: the options go
   * before it, the command after. */
  if (r->rootfs && !req->bundle)
    printf ("podman with this root filesystem as it is, per-file labels kept:\n"
            "  podman run --security-opt label=type:%s --security-opt label=level:%s ... --rootfs %s COMMAND\n",
            r->entrypoint ? r->entrypoint : "container_t", r->level, r->rootfs);
  if (r->entrypoint)
    printf ("podman, CRI-O and Docker mount the root filesystem with one context= label, which hides "
            "per-file labels; start the container in the entry domain instead:\n"
            "  podman run --security-opt label=type:%s ...\n"
            "  Kubernetes: securityContext.seLinuxOptions.type: %s\n", r->entrypoint, r->entrypoint);
  else
    printf ("podman, CRI-O and Docker mount the root filesystem with one context= label, which hides "
            "per-file labels; the image names no entry domain (sepm-build --entrypoint)\n");
}

void
sepm_cli_install_print (const struct sepm_install_request *req, const struct sepm_install_report *r, bool admitted)
{
  if (!admitted)
    {
      printf ("nothing was installed\n");
      return;
    }
  if (r->unchanged)
    printf ("%s is installed already (id %s); nothing to do\n", req->image, r->image_id);
  else
    printf ("installed %s (id %s) in one transaction\n", req->image, r->image_id);
  sepm_cli_install_print_strings ("new modules", r->installed, r->n_installed);
  sepm_cli_install_print_strings ("modules already installed", r->shared, r->n_shared);
  if (r->templates_installed)
    printf ("templates: installed\n");
  print_runtime_hints (req, r);
}

json_t *
sepm_cli_install_state_json (const struct sepm_store_state *st)
{
  json_t *images = json_array ();
  for (size_t i = 0; i < st->n_images; i++)
    {
      const struct sepm_store_state_image *im = &st->images[i];
      json_array_append_new (images, json_pack ("{s:s, s:s, s:o, s:o}", "id", im->id, "reference", im->reference,
                                                "modules", sepm_cli_install_strings_json (im->modules, im->n_modules),
                                                "entrypoint", string_or_null (im->entrypoint)));
    }
  return json_pack ("{s:o}", "images", images);
}

void
sepm_cli_install_state_print (const struct sepm_store_state *st)
{
  for (size_t i = 0; i < st->n_images; i++)
    {
      const struct sepm_store_state_image *im = &st->images[i];
      printf ("%s  %s\n", im->id, im->reference);
      for (size_t k = 0; k < im->n_modules; k++)
        printf ("    %s\n", im->modules[k]);
    }
}
