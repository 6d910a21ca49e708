/* Unpacking an image's layers into a root filesystem, in the same pass
 * that checks each layer's diff_id (image.c): the bytes written are the
 * bytes verified.  The tree is built in a private directory; the caller
 * moves it into place once everything else has passed, or removes it.
 *
 * Layers are hostile.  Nothing is written, linked or removed through a
 * symbolic link: sepm makes every directory and hard link itself, each
 * parent opened beneath the root with RESOLVE_NO_SYMLINKS, and gives
 * libarchive only files, symbolic links and FIFOs, whose parents exist,
 * so that libarchive never defers a change to a directory by path.
 * Directory owners, modes and times are applied by sepm at the end,
 * deepest first, through descriptors.  Device nodes and sparse files are
 * refused, and of the extended attributes only user.* (not
 * user.overlay.*) and security.capability are kept: a layer never chooses
 * a file's SELinux label. */
#ifndef SEPM_LAYER_UNPACK_H
#define SEPM_LAYER_UNPACK_H

#include <archive.h>
#include <archive_entry.h>

#include "error.h"
#include "image.h"

/* Deeper than this the tree walks that relabel and remove it stop. */
#define SEPM_UNPACK_MAX_DEPTH 200

struct sepm_unpack;

/* Unpack into DIR, an empty directory nobody else can reach. */
int sepm_unpack_new (const char *dir, struct sepm_unpack **out, sepm_error_t *err);
/* The next layer starts: its whiteouts hide only what lower layers made. */
void sepm_unpack_layer_begin (struct sepm_unpack *u);
/* Apply one entry of the layer being read from TAR: PATH and HARD as
 * normalised by the reader ("/usr/bin/x"), KIND with whiteouts already
 * told apart (the hidden path, or the opaque directory). */
int sepm_unpack_entry (struct sepm_unpack *u, struct archive *tar, struct archive_entry *e, const char *path,
                       enum sepm_entry_kind kind, const char *hard, sepm_error_t *err);
/* After the last layer: the directories' owners, modes, times and
 * attributes, deepest first; libarchive is done with the tree. */
int sepm_unpack_finish (struct sepm_unpack *u, sepm_error_t *err);
void sepm_unpack_free (struct sepm_unpack *u);

#endif
