/* Unpacking an image's layers into a root filesystem, in the same pass
 * that checks each layer's diff_id (image.c): the bytes written are the
 * bytes verified.  The tree is built in a private directory; the caller
 * moves it into place once everything else has passed, or removes it.
 *
 * Layers are hostile.  Nothing is written or removed through a symbolic
 * link (every parent is opened beneath the root with RESOLVE_NO_SYMLINKS,
 * and libarchive's secure flags guard its own writes), device nodes are
 * refused (the runtime creates those), and of the extended attributes
 * only user.* and security.capability are kept: a layer never chooses a
 * file's SELinux label. */
#ifndef SEPM_LAYER_UNPACK_H
#define SEPM_LAYER_UNPACK_H

#include <archive.h>
#include <archive_entry.h>

#include "error.h"
#include "image.h"

struct sepm_unpack;

/* Unpack into DIR, an empty directory nobody else writes to. */
int sepm_unpack_new (const char *dir, struct sepm_unpack **out, sepm_error_t *err);
/* The next layer starts: its whiteouts hide only what lower layers made. */
void sepm_unpack_layer_begin (struct sepm_unpack *u);
/* Apply one entry of the layer being read from TAR: PATH and HARD as
 * normalised by the reader ("/usr/bin/x"), KIND with whiteouts already
 * told apart (the hidden path, or the opaque directory). */
int sepm_unpack_entry (struct sepm_unpack *u, struct archive *tar, struct archive_entry *e, const char *path,
                       enum sepm_entry_kind kind, const char *hard, sepm_error_t *err);
void sepm_unpack_free (struct sepm_unpack *u);

#endif
