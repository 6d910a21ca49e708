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
ls "${TMPDIR:-/tmp}"/sepm-image.* > /dev/null 2>&1 && fail "an export was left in ${TMPDIR:-/tmp}" \
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
expect_grep "$T/out" "podman run --rootfs $T/rootfs2 --security-opt label=type:web_[0-9a-f]*\.process --security-opt label=level:$LEVEL" \
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
expect_grep "$T/err" "a/evil" "the error names the entry"
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

finish
