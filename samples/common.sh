# Shared by the samples' build scripts: make an OCI image from Debian's
# busybox-static with umoci, then embed its policy with sepm-build.
#
#   build.sh LAYOUT [SEPM-BUILD OPTION]...
#
# writes oci:LAYOUT:sample.  The options name the policy to verify against
# (-p ROOT, --base refpolicy, --cache-dir DIR ...); without them sepm-build
# uses the host's store, or sepm's base policy on a host without SELinux.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 LAYOUT [SEPM-BUILD OPTION]..." >&2; exit 2; }
layout=$1; shift
for tool in umoci sepm-build; do
  command -v "$tool" > /dev/null || { echo "$0: $tool not found (apt-get install umoci; build sepm)" >&2; exit 2; }
done
[ -x /bin/busybox ] || { echo "$0: /bin/busybox not found (apt-get install busybox-static)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sepm-sample.XXXXXX")
trap 'rm -rf "$work"' EXIT

# new_rootfs TAG: start image TAG in $layout, unpacked at $work/bundle, with
# busybox as /bin/busybox and /bin/sh.
new_rootfs () {
  [ -d "$layout" ] || umoci init --layout "$layout" > /dev/null
  umoci new --image "$layout:$1" > /dev/null
  rm -rf "$work/bundle"
  umoci unpack --image "$layout:$1" "$work/bundle" > /dev/null
  rootfs="$work/bundle/rootfs"
  mkdir -p "$rootfs/bin"
  cp /bin/busybox "$rootfs/bin/busybox"
  ln -sf busybox "$rootfs/bin/sh"
}

# unpack_rootfs TAG: continue from image TAG (a new layer on top).
unpack_rootfs () {
  rm -rf "$work/bundle"
  umoci unpack --image "$layout:$1" "$work/bundle" > /dev/null
  rootfs="$work/bundle/rootfs"
}

# repack TAG: the rootfs as a new layer of image TAG.
repack () {
  umoci repack --image "$layout:$1" "$work/bundle" > /dev/null
}
