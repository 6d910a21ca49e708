#!/bin/sh
# Where the images are on a host: podman's store (containers-storage:,
# filled by `podman pull` from a registry on 127.0.0.1 and by `podman
# load`), and a registry (docker://).  sepm-install reads either, installs
# the modules, and with --rootfs NEW unpacks the image into NEW while it
# verifies it (docs/install.md, "Unpacking"): NEW is then complete and
# labelled, or absent.  The unpacker's hostile layers: a symbolic link
# leading a later file or whiteout out of the tree, a hard link through a
# link, a device node, and extended attributes a layer may not set.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/registry-lib.sh"
image_test
for tool in podman docker-registry openssl python3 curl jq getfattr setfattr; do
  command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done
isolate_credentials
cat > "$T/storage.conf" <<EOF
[storage]
driver = "vfs"
graphroot = "$T/storage"
runroot = "$T/storage-run"
EOF
export CONTAINERS_STORAGE_CONF="$T/storage.conf"
export SEPM_DATA_DIR="$top_srcdir"
# Exports and extractions go here, where nothing else writes.
export TMPDIR="$T/tmp"
mkdir -p "$TMPDIR"
make_ca
start_registry open none || exit 1
REG="127.0.0.1:$open_PORT"
LEVEL=s0:c1,c2

# The images: an honest one built by sepm-build, a hostile one embedded
# without sepm-build's checks.
busybox_image
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > labels
# shellcheck disable=SC2086
sepm-build $POL -q -m "$M/templated-web.cil" -l labels -e web.process oci:img:base oci:img:web > /dev/null \
  || { echo "FAIL: sepm-build" >&2; exit 1; }
policy_image hostile web "$M/web-exceeds.cil"
push oci:img:web "docker://$REG/web:v1"
podman pull -q --cert-dir "$T/certs" "$REG/web:v1" > /dev/null 2> pull.err \
  || { fail "podman pull from the test registry"; cat pull.err >&2; }
skopeo copy -q oci:img:hostile docker-archive:hostile.tar:localhost/hostile:v1 > /dev/null
podman load -q -i hostile.tar > /dev/null 2> load.err || { fail "podman load"; cat load.err >&2; }
STORED="containers-storage:$REG/web:v1"

# verdict REF: exit status and the sorted rule ids of a --json run.
verdict () {
  # shellcheck disable=SC2086
  run sepm-verify $POL --json "$1"
  echo "$rc $(jq -r '[.image.findings[]?.rule, .modules[]?.findings[]?.rule] | sort | join(",")' "$T/out" 2> /dev/null)"
}
[ "$(verdict "$STORED")" = "$(verdict oci:img:web)" ] && [ "$(verdict "$STORED" | cut -d' ' -f1)" = 0 ] \
  && pass "containers-storage: (podman pull): the local layout's verdict, admitted" \
  || fail "store '$(verdict "$STORED")', layout '$(verdict oci:img:web)'"
[ "$(verdict containers-storage:localhost/hostile:v1)" = "$(verdict oci:img:hostile)" ] \
  && [ "$(verdict oci:img:hostile | cut -d' ' -f1)" = 1 ] \
  && pass "containers-storage: (podman load): the hostile image's findings, as local" \
  || fail "hostile in store '$(verdict containers-storage:localhost/hostile:v1)'"
# shellcheck disable=SC2086
expect_rc 2 "an image the store lacks" sepm-verify $POL containers-storage:localhost/nothing:v1
expect_grep "$T/err" "skopeo could not export the image: .*nothing" "the error says why, from skopeo"
expect_grep "$T/err" "hint: List the store's images with .podman images." "the hint says how to look"
# shellcheck disable=SC2086
expect_rc 2 "sepm-build never writes to a container store" sepm-build $POL -m "$M/templated-web.cil" "$STORED"
expect_grep "$T/err" "never writes to a container store" "the error says so"
ls "$TMPDIR"/sepm-image.* > /dev/null 2>&1 && fail "an export was left in $TMPDIR" \
  || pass "no export is left behind"

# Installing from the store: the modules, and the entry domain's command.
cp -a "$SEPM_FIXTURE_ROOT" root
# shellcheck disable=SC2086
inst () { run sepm-install --cache-dir "$SEPM_TEST_CACHE" -p "$T/root" -n "$@"; }
before=$(store_digest root)
inst containers-storage:localhost/hostile:v1
[ "$rc" = 1 ] && [ "$(store_digest root)" = "$before" ] \
  && pass "sepm-install refuses the hostile image from the store; the store is unchanged" \
  || fail "hostile install: exit $rc"
inst --rootfs "$T/never" containers-storage:localhost/hostile:v1
[ "$rc" = 1 ] && [ ! -e "$T/never" ] && [ ! -e "$T/.sepm-unpack.never" ] \
  && pass "a refused image leaves no --rootfs and no unpacked tree" || fail "refused unpack: exit $rc"
inst "$STORED"
[ "$rc" = 0 ] && grep -q "podman run --security-opt label=type:web_[0-9a-f]*\.process" "$T/out" \
  && pass "sepm-install containers-storage: installs, and prints the entry domain's podman command" \
  || { fail "install from the store: exit $rc"; cat "$T/err" >&2; }
semodule -p "$T/root" -l | grep -q '^sepm_web_' && pass "the module is in the store" || fail "no sepm_web_ module"

# --rootfs NEW: unpacked while verified, labelled, then moved into place.
inst --json --level "$LEVEL" --rootfs "$T/rootfs" "$STORED"
cp "$T/out" unpack.json
[ "$rc" = 0 ] && [ -d "$T/rootfs" ] && [ ! -e "$T/.sepm-unpack.rootfs" ] \
  && pass "--rootfs NEW from the store: unpacked, nothing left beside it" || { fail "unpack: exit $rc"; cat "$T/err" >&2; }
expect_jq unpack.json '.install.relabel.mode == "unpacked" and .install.rootfs == "'"$T/rootfs"'"' \
  "the report says the tree was unpacked"
cmp -s /bin/busybox "$T/rootfs/bin/busybox" && [ "$(cat "$T/rootfs/var/www/index.html")" = hello ] \
  && pass "the unpacked files are the image's" || fail "the unpacked files differ"
label () { getfattr -h --only-values -n security.selinux "$1" 2> /dev/null | tr -d '\0'; }
case "$(label "$T/rootfs/bin/busybox")" in
  system_u:object_r:web_*.exec:$LEVEL) pass "a labelled binary has its module's type at the level" ;;
  *) fail "busybox is labelled '$(label "$T/rootfs/bin/busybox")'" ;;
esac
[ "$(label "$T/rootfs")" = "system_u:object_r:container_file_t:$LEVEL" ] \
  && [ "$(label "$T/rootfs/bin")" = "system_u:object_r:container_file_t:$LEVEL" ] \
  && pass "every other file has container_file_t at the level" || fail "the root is '$(label "$T/rootfs")'"
inst --level "$LEVEL" --rootfs "$T/rootfs2" "$STORED"
expect_grep "$T/out" "podman run --security-opt label=type:web_[0-9a-f]*\.process --security-opt label=level:$LEVEL \.\.\. --rootfs $T/rootfs2 COMMAND\$" \
  "sepm-install prints the podman command that matches the tree it prepared"

# From a registry, streamed: the same tree.
inst --cert-dir "$T/certs" --level "$LEVEL" --rootfs "$T/rootfs-reg" "docker://$REG/web:v1"
[ "$rc" = 0 ] && cmp -s "$T/rootfs/bin/busybox" "$T/rootfs-reg/bin/busybox" \
  && [ "$(label "$T/rootfs-reg/bin/busybox")" = "$(label "$T/rootfs/bin/busybox")" ] \
  && pass "--rootfs NEW from docker://: the same files and labels" || { fail "registry unpack: exit $rc"; cat "$T/err" >&2; }

# The unpacker against hostile layers, each on top of img:web.
mkdir -p outside && echo keep > outside/victim
# unpack_refused TAG WHAT: installing img:TAG into a new tree fails (exit
# 2), and leaves no tree and nothing outside.
unpack_refused () {
  inst --rootfs "$T/r-$1" "oci:img:$1"
  [ "$rc" = 2 ] && [ ! -e "$T/r-$1" ] && [ ! -e "$T/.sepm-unpack.r-$1" ] && [ ! -e outside/evil ] \
    && [ "$(cat outside/victim)" = keep ] \
    && pass "$2: refused, no tree, nothing outside" || { fail "$2: exit $rc"; cat "$T/err" >&2; }
}
mkdir -p h1 && ln -s "$T/outside" h1/a && tar -C h1 -cf link.tar a
mkdir -p h2/x && echo evil > h2/x/evil && tar -C h2 -cf through.tar --transform 's|^x|a|' x/evil
add_raw_layer web link link.tar
add_raw_layer link through through.tar
unpack_refused through "a file written through a lower layer's symbolic link"
expect_grep "$T/err" "\`/a\` is a symbolic link or not a directory: nothing is unpacked through it" \
  "the error names the link"
mkdir -p h3/x && touch h3/x/.wh.victim && tar -C h3 -cf wh.tar --transform 's|^x|a|' x/.wh.victim
add_raw_layer link whiteout-through wh.tar
inst --rootfs "$T/r-wh" oci:img:whiteout-through
[ "$(cat outside/victim)" = keep ] && pass "a whiteout through a symbolic link removes nothing outside (exit $rc)" \
  || fail "the whiteout removed a file outside the tree"
python3 - "$T/hl-through.tar" <<'PY'
import sys, tarfile
# A hard link whose target goes through the symbolic link `a`.
with tarfile.open(sys.argv[1], "w") as out:
    t = tarfile.TarInfo("stolen"); t.type = tarfile.LNKTYPE; t.linkname = "a/victim"
    out.addfile(t)
PY
add_raw_layer link hardlink-through hl-through.tar
unpack_refused hardlink-through "a hard link through a symbolic link"
mkdir -p h5/dev && mknod h5/dev/sda b 8 0 && tar -C h5 -cf dev.tar dev/sda
add_raw_layer web devnode dev.tar
unpack_refused devnode "a device node"
expect_grep "$T/err" "dev/sda. is a device node; sepm does not unpack device nodes" "the error names the node"
# Extended attributes: user.* kept, trusted.* and security.selinux never.
mkdir -p h6/var/www && echo x > h6/var/www/x.html
setfattr -n user.note -v kept h6/var/www/x.html && setfattr -n trusted.overlay.x -v y h6/var/www/x.html \
  && setfattr -n security.selinux -v system_u:object_r:shadow_t:s0 h6/var/www/x.html
tar -C h6 --xattrs --xattrs-include='*' -cf xattr.tar var/www/x.html
add_raw_layer web xattrs xattr.tar
inst --level "$LEVEL" --rootfs "$T/r-x" oci:img:xattrs
f="$T/r-x/var/www/x.html"
[ "$rc" = 0 ] && [ "$(getfattr --only-values -n user.note "$f" 2> /dev/null)" = kept ] \
  && ! getfattr -n trusted.overlay.x "$f" > /dev/null 2>&1 \
  && case "$(label "$f")" in *shadow_t*) false ;; *web_*.content:$LEVEL) true ;; *) false ;; esac \
  && pass "a layer's user.* xattrs are kept; its trusted.* and SELinux label are not" \
  || { fail "xattrs: exit $rc, label '$(label "$f")'"; cat "$T/err" >&2; }
# Whiteouts and opaque directories hide what the lower layers had.
mkdir -p h7/var/www h7/bin && touch h7/var/www/.wh..wh..opq h7/bin/.wh.nothing && echo new > h7/var/www/new.html
tar -C h7 -cf opq.tar var/www/.wh..wh..opq var/www/new.html
add_raw_layer web opaque opq.tar
inst --level "$LEVEL" --rootfs "$T/r-o" oci:img:opaque
[ "$rc" = 0 ] && [ "$(ls "$T/r-o/var/www")" = new.html ] \
  && pass "an opaque directory keeps only its own layer's files" || fail "opaque: exit $rc, $(ls "$T/r-o/var/www")"

# An attacker's review of the unpacker (stop 30): each input that got past it.
layer () { python3 "$top_srcdir/tests/e2e/make-layer.py" "$1.tar" "$2" && add_raw_layer web "$1" "$1.tar"; }
# `.wh...` named the parent of the tree: it emptied the directory holding NEW.
mkdir -p holder && echo keep > holder/sibling
layer dotdot-whiteout '[{"name": ".wh..."}]'
inst --rootfs "$T/holder/new" oci:img:dotdot-whiteout
[ "$rc" = 2 ] && [ "$(cat holder/sibling)" = keep ] && [ ! -e holder/new ] \
  && pass "a whiteout of .. is refused, and the directory holding NEW keeps its files" || fail "whiteout of ..: exit $rc"
expect_grep "$T/err" "is a whiteout of .*or nothing" "the error says why"
# libarchive's deferred directory fixups followed a later symbolic link
# out of the tree (a directory, then a link in its place).
mkdir -p outside/vdir && chmod 0700 outside/vdir
layer fixup '[{"name": "a/", "type": "dir"}, {"name": "a/vdir/", "type": "dir", "mode": "6777"},
              {"name": "a", "type": "sym", "linkname": "'"$T/outside"'"}]'
inst --level "$LEVEL" --rootfs "$T/r-fixup" oci:img:fixup
[ "$(stat -c %a outside/vdir)" = 700 ] && [ "$(stat -c %Y outside/vdir)" -gt 1000000 ] \
  && pass "a directory's mode and time never reach outside through a later link (exit $rc)" \
  || fail "outside/vdir is now $(stat -c %a outside/vdir)"
# The image chose the mode of NEW's root (07777); setuid bits in a root
# that others can reach.
layer rootmode '[{"name": "./", "type": "dir", "mode": "7777"}, {"name": "tmp/", "type": "dir", "mode": "1777"}]'
inst --level "$LEVEL" --rootfs "$T/r-root" oci:img:rootmode
[ "$rc" = 0 ] && [ "$(stat -c %a "$T/r-root")" = 755 ] && [ "$(stat -c %a "$T/r-root/tmp")" = 1777 ] \
  && pass "NEW's root is at most 0755; the image's directory modes (/tmp 1777) arrive" \
  || fail "root $(stat -c %a "$T/r-root" 2> /dev/null), tmp $(stat -c %a "$T/r-root/tmp" 2> /dev/null), exit $rc"
open_dir=$(mktemp -d /var/tmp/sepm-open.XXXXXX) && chmod 0755 "$open_dir"
inst --rootfs "$open_dir/new" oci:img:web
[ "$rc" = 2 ] && [ ! -e "$open_dir/new" ] && grep -q "other users can reach" "$T/err" \
  && pass "NEW where any user could run the image's setuid files is refused" || fail "open parent: exit $rc"
rm -rf "$open_dir"
# The closed directory was checked by path, and the path trusted later: a
# user who owns a directory above it could swap it for a link between the
# check and the relabel (the second review).  Every directory down to
# NEW's parent must be beyond other users' reach to change.
user_dir=$(mktemp -d /var/tmp/sepm-user.XXXXXX) && chown 1000:1000 "$user_dir" && mkdir -m 0700 "$user_dir/box"
inst --rootfs "$user_dir/box/new" oci:img:web
[ "$rc" = 2 ] && [ ! -e "$user_dir/box/new" ] && grep -q "another user can change .$user_dir." "$T/err" \
  && pass "NEW under a directory another user owns is refused, naming it" || fail "user-owned ancestor: exit $rc"
rm -rf "$user_dir"
# A hard link entry's mode and owner changed the file it names.
layer hardlink-meta '[{"name": "var/www/hl", "type": "link", "linkname": "var/www/index.html", "mode": "4777", "uid": 1234}]'
inst --level "$LEVEL" --rootfs "$T/r-hl" oci:img:hardlink-meta
[ "$rc" = 0 ] && [ "$(cat "$T/r-hl/var/www/index.html")" = hello ] && [ "$(stat -c %a:%u "$T/r-hl/var/www/index.html")" = 644:0 ] \
  && [ "$(stat -c %i "$T/r-hl/var/www/hl")" = "$(stat -c %i "$T/r-hl/var/www/index.html")" ] \
  && pass "a hard link names the file and changes nothing of it" \
  || fail "hard link: exit $rc, $(stat -c %a:%u "$T/r-hl/var/www/index.html" 2> /dev/null)"
# The tree and the verifier's model disagreed.
layer dir-to-file '[{"name": "bin", "data": "now a file"}]'
# shellcheck disable=SC2086
expect_rc 1 "a directory replaced by a file takes the labelled file under it (the model agrees)" \
  sepm-verify $POL oci:img:dir-to-file
expect_grep "$T/out" "/bin/busybox. does not exist in the image \[labels.path\]" "the finding is labels.path"
layer opaque-after '[{"name": "bin/busybox", "data": "x"}, {"name": "var/www/index.html", "data": "again"},
                     {"name": ".wh..wh..opq"}]'
inst --level "$LEVEL" --rootfs "$T/r-opq" oci:img:opaque-after
[ "$rc" = 0 ] && [ "$(cat "$T/r-opq/var/www/index.html")" = again ] && [ -f "$T/r-opq/bin/busybox" ] \
  && pass "an opaque marker after its layer's own files keeps them" || fail "opaque after: exit $rc"
layer same-layer-whiteout '[{"name": "var/www/new.html", "data": "x"}, {"name": "var/www/.wh.new.html"}]'
# shellcheck disable=SC2086
expect_rc 2 "a whiteout of what its own layer wrote is refused (runtimes disagree)" sepm-verify $POL oci:img:same-layer-whiteout
# Deep trees, sparse files, a FIFO for a blob.
deep=$(python3 -c 'print("a/" * 210 + "f")')
layer deep '[{"name": "'"$deep"'", "data": "x"}]'
inst --rootfs "$T/r-deep" oci:img:deep
[ "$rc" = 2 ] && [ ! -e "$T/r-deep" ] && [ ! -e "$T/.sepm-unpack.r-deep" ] \
  && pass "a tree deeper than the walks go is refused, and nothing is left" || fail "deep: exit $rc"
mkdir -p sp && truncate -s 1G sp/big && tar -C sp --sparse -cf sparse.tar big && add_raw_layer web sparse sparse.tar
inst --rootfs "$T/r-sparse" oci:img:sparse
[ "$rc" = 2 ] && grep -q "sparse file" "$T/err" && pass "a sparse file is refused" || fail "sparse: exit $rc"
cp -a img fifo-img
blob=$(jq -r '.layers[0].digest' "fifo-img/blobs/sha256/$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "web") | .digest' fifo-img/index.json | cut -d: -f2)" | cut -d: -f2)
rm "fifo-img/blobs/sha256/$blob" && mkfifo "fifo-img/blobs/sha256/$blob"
# shellcheck disable=SC2086
run timeout 60 sepm-verify $POL oci:fifo-img:web
[ "$rc" = 2 ] && pass "a FIFO in place of a blob is an error, not a hang" || fail "fifo blob: exit $rc"
# user.overlay.* means trusted.overlay.* to overlayfs in userxattr mode.
mkdir -p h8/var/www && echo x > h8/var/www/o.html && setfattr -n user.overlay.redirect -v /etc h8/var/www/o.html
tar -C h8 --xattrs --xattrs-include='*' -cf ov.tar var/www/o.html && add_raw_layer web overlay-xattr ov.tar
inst --level "$LEVEL" --rootfs "$T/r-ov" oci:img:overlay-xattr
[ "$rc" = 0 ] && ! getfattr -n user.overlay.redirect "$T/r-ov/var/www/o.html" > /dev/null 2>&1 \
  && pass "user.overlay.* attributes are dropped" || fail "user.overlay: exit $rc"
# Entry paths past 2048 bytes: a leftover tree and unlabelled directories
# (the second review).
long=$(python3 -c 'print("/".join(["d" * 250] * 9) + "/")')
layer longpath '[{"name": "'"$long"'", "type": "dir"}]'
inst --rootfs "$T/r-long" oci:img:longpath
[ "$rc" = 2 ] && [ ! -e "$T/r-long" ] && [ ! -e "$T/.sepm-unpack.r-long" ] && grep -q "longer than 2048 bytes" "$T/err" \
  && pass "an entry path past 2048 bytes is refused, nothing left" || fail "long path: exit $rc"

# A directory's extended attributes are set as its entry is read (a
# layer of many directories with large values held them all until the
# end, the second review): a later layer's entry for the same directory
# replaces them, one that only writes below keeps them.
layer dx1 '[{"name": "dx/", "type": "dir", "pax": {"SCHILY.xattr.user.lower": "1"}},
            {"name": "dy/", "type": "dir", "pax": {"SCHILY.xattr.user.kept": "1"}}]'
python3 "$top_srcdir/tests/e2e/make-layer.py" dx2.tar '[{"name": "dx/", "type": "dir", "pax": {"SCHILY.xattr.user.upper": "2"}},
  {"name": "dy/f", "data": "x"}]' && add_raw_layer dx1 dx2 dx2.tar
inst --level "$LEVEL" --rootfs "$T/r-dx" oci:img:dx2
[ "$rc" = 0 ] && [ "$(getfattr --only-values -n user.upper "$T/r-dx/dx" 2> /dev/null)" = 2 ] \
  && ! getfattr -n user.lower "$T/r-dx/dx" > /dev/null 2>&1 \
  && [ "$(getfattr --only-values -n user.kept "$T/r-dx/dy" 2> /dev/null)" = 1 ] \
  && pass "a directory's xattrs are its top entry's; a directory only written below keeps its own" \
  || fail "directory xattrs: exit $rc"
# Opaque markers: once a directory is emptied, a marker at or below it in
# the same layer has nothing to remove (it is skipped, so repeated markers
# cost one walk); a marker above one already applied still empties the rest.
layer oq1 '[{"name": "d/a/old", "data": "x"}, {"name": "d/old2", "data": "x"}, {"name": "e/a/old", "data": "x"}]'
python3 "$top_srcdir/tests/e2e/make-layer.py" oq2.tar '[{"name": "d/", "type": "dir"}, {"name": "d/a/", "type": "dir"},
  {"name": "d/a/.wh..wh..opq"}, {"name": "d/a/n1", "data": "x"}, {"name": "d/.wh..wh..opq"}, {"name": "d/n2", "data": "x"},
  {"name": "d/.wh..wh..opq"}, {"name": "e/a/x", "data": "x"}, {"name": "e/.wh..wh..opq"}, {"name": "e/a/.wh..wh..opq"}]' \
  && add_raw_layer oq1 oq2 oq2.tar
inst --level "$LEVEL" --rootfs "$T/r-oq" oci:img:oq2
[ "$rc" = 0 ] && [ "$(cd "$T/r-oq" && find d e | sort | tr '\n' ' ')" = "d d/a d/a/n1 d/n2 e e/a e/a/x " ] \
  && pass "nested and repeated opaque markers keep exactly their layer's files" \
  || fail "opaque markers: exit $rc, $(cd "$T/r-oq" 2> /dev/null && find d e | sort | tr '\n' ' ')"
# 20,000 files and 2,000 markers for their directory took 3.5 minutes
# when each marker walked it again; the bound is a hang guard, not a
# speed claim (it takes seconds).
python3 -c '
import json; print(json.dumps([{"name": "q/f%05d" % i} for i in range(20000)] + [{"name": "q/.wh..wh..opq"}] * 2000))' > oq3.json
layer oq3 @oq3.json
run timeout 120 sepm-install --cache-dir "$SEPM_TEST_CACHE" -p "$T/root" -n --level "$LEVEL" --rootfs "$T/r-oq3" oci:img:oq3
[ "$rc" = 0 ] && [ "$(ls "$T/r-oq3/q" | wc -l)" = 20000 ] \
  && pass "2,000 repeated opaque markers are one walk" || fail "repeated markers: exit $rc"

# An image whose own files include /config.json and /rootfs/ was taken for
# a bundle given by mistake, and the unpack failed (the second review).
layer bundle-like '[{"name": "config.json", "data": "{}"}, {"name": "rootfs/", "type": "dir"}]'
inst --level "$LEVEL" --rootfs "$T/r-bl" oci:img:bundle-like
[ "$rc" = 0 ] && [ "$(cat "$T/r-bl/config.json" 2> /dev/null)" = "{}" ] \
  && case "$(label "$T/r-bl/rootfs")" in *container_file_t:$LEVEL) true ;; *) false ;; esac \
  && pass "an image holding /config.json and /rootfs/ unpacks and is labelled like any other" \
  || { fail "bundle-like image: exit $rc"; cat "$T/err" >&2; }

# The directories an entry's path implies were counted nowhere: 1,200
# entries 200 levels deep (a 22 KB gzipped layer) made 240,000 directories
# and took 1.55 GB (the third review).  They count as entries now, and the
# bytes of the distinct paths have a budget; both shown with small limits.
deep50=$(python3 -c 'print("d/" * 50 + "f")')
layer implied '[{"name": "'"$deep50"'", "data": "x"}]'
# shellcheck disable=SC2086
SEPM_LAYER_MAX_ENTRIES=40 run sepm-verify $POL oci:img:implied
[ "$rc" = 2 ] && grep -q "more than 40 entries (SEPM_LAYER_MAX_ENTRIES), with the directories they imply" "$T/err" \
  && pass "one entry 50 levels deep is 51 entries against the limit" || fail "implied directories: exit $rc"
python3 -c '
import json; print(json.dumps([{"name": ("x%03d/" % i) + "a" * 200 + "/" + "b/" * 60 + "f", "data": "x"} for i in range(100)]))' > paths.json
layer path-bytes @paths.json
# shellcheck disable=SC2086
SEPM_IMAGE_MAX_PATH_MIB=1 run sepm-verify $POL oci:img:path-bytes
[ "$rc" = 2 ] && grep -q "pass 1 MiB (SEPM_IMAGE_MAX_PATH_MIB)" "$T/err" && grep -q "raise the variable" "$T/err" \
  && pass "the bytes of the distinct paths have a budget, and the hint says it is a limit" || fail "path bytes: exit $rc"
# The path printed for podman was the one typed, which may pass through a
# link another user can change afterwards (the third review): the
# canonical one now.
user_dir=$(mktemp -d /var/tmp/sepm-user.XXXXXX) && closed=$(mktemp -d /var/tmp/sepm-closed.XXXXXX)
mkdir "$closed/sub" && ln -s "$closed" "$user_dir/l" && chown -h 1000:1000 "$user_dir" "$user_dir/l"
inst --level "$LEVEL" --rootfs "$user_dir/l/sub/new" oci:img:web
[ "$rc" = 0 ] && [ -d "$closed/sub/new/bin" ] && grep -q -- "--rootfs $closed/sub/new " "$T/out" \
  && ! grep -q -- "$user_dir" "$T/out" \
  && pass "the unpacked tree is reported by its canonical path, never through another user's link" \
  || fail "typed path: exit $rc, $(grep -- --rootfs "$T/out")"
rm -rf "$user_dir" "$closed"

finish
