#!/bin/sh
# sepm-install checks every input before it changes anything: a bad
# bundle, root filesystem or level is refused with exit 2 and a message
# that names it, and the store, etc/selinux and sepm's state stay byte for
# byte; --list reads without writing.
. "$top_srcdir/tests/e2e/lib.sh"
image_test
export SEPM_DATA_DIR="$top_srcdir"
cp -a "$SEPM_FIXTURE_ROOT" root
R="$T/root"
I="-p $R --cache-dir $T/cache -n"
busybox_image ''
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > labels
# shellcheck disable=SC2086
sepm-build $POL -m "$M/templated-web.cil" -l labels -e web.process oci:img:base oci:img:web > build.log \
  || fail "sepm-build web"
umoci unpack --image img:web run > /dev/null

# refused WHAT PATTERN ARGS...: exit 2, PATTERN in the message, nothing changed.
refused () {
  what=$1; pattern=$2; shift 2
  before=$(store_digest "$R")
  # shellcheck disable=SC2086
  expect_rc 2 "$what is refused" sepm-install $I "$@" oci:img:web
  expect_grep "$T/err" "$pattern" "$what: the message says '$pattern'"
  [ "$(store_digest "$R")" = "$before" ] && pass "$what: the store, etc/selinux and the state are unchanged" \
    || fail "$what: something changed before the input was checked"
  [ "$(getfattr -h -n security.selinux --only-values run/rootfs/bin/busybox 2> /dev/null | tr -d '\0')" = "" ] \
    && pass "$what: the root filesystem is unchanged" || fail "$what: the root filesystem was relabelled"
}

refused "a bundle that does not exist" "/nope" --bundle /nope
refused "a level with a category the policy lacks" "level \`s0:c9999\` is not valid" --rootfs run/rootfs --level s0:c9999
refused "a malformed level" "is not valid" --rootfs run/rootfs --level "s0 c1"
refused "a bundle given as --rootfs" "is an OCI bundle" --rootfs run
refused "a root filesystem that is a file" "is not a directory" --rootfs labels
# A root filesystem in which one file has two names that the labels give
# two types: the relabel's plan refuses it before the commit.
ln run/rootfs/bin/busybox run/rootfs/var/www/bb
refused "a hard link the labels give two types" "are one file (hard links)" --rootfs run/rootfs
rm run/rootfs/var/www/bb
[ ! -e "$R/var/lib/sepm/default.json" ] && pass "no refused run recorded an image" || fail "a refused run wrote the state"

# --list reads only: a host where nothing was installed keeps no trace.
rm -rf "$R/var/lib/sepm"
# shellcheck disable=SC2086
expect_rc 0 "--list on a host where nothing was installed" sepm-install -p "$R" --list --json
expect_jq "$T/out" '.images == []' "it lists no image"
[ ! -e "$R/var/lib/sepm" ] && pass "--list created nothing under var/lib/sepm" || fail "--list wrote $(ls "$R/var/lib/sepm")"

# The good inputs then work, and a second relabel says it changed nothing.
# shellcheck disable=SC2086
expect_rc 0 "the same install with a valid level" sepm-install $I --rootfs run/rootfs --level s0:c1,c2 oci:img:web
expect_grep "$T/out" "files changed, journalled" "the first relabel sets labels behind its journal"
# shellcheck disable=SC2086
expect_rc 0 "the same install again" sepm-install $I --rootfs run/rootfs --level s0:c1,c2 oci:img:web
expect_grep "$T/out" "nothing was changed" "the second relabel says nothing changed"
if grep -q "journalled" "$T/out"; then fail "it says it journalled a tree it did not change"; else pass "and does not claim a relabel"; fi
finish
