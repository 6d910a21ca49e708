#!/bin/sh
# Build the learn sample: a small service whose first-draft module misses
# rules (learn.cil), for the loop write, run, suggest, apply, verify.
. "$(dirname "$0")/../common.sh"
new_rootfs base
mkdir -p "$rootfs/usr/sbin" "$rootfs/etc/learn" "$rootfs/var/lib/learn"
cp "$here/learn-app" "$rootfs/usr/sbin/learn-app"
chmod 755 "$rootfs/usr/sbin/learn-app"
echo learn > "$rootfs/etc/learn/learn.conf"
: > "$rootfs/var/lib/learn/journal"
chmod 644 "$rootfs/var/lib/learn/journal"
: > "$rootfs/etc/motd"
repack base
umoci config --image "$layout:base" --config.entrypoint /usr/sbin/learn-app > /dev/null
sepm-build "$@" -m "$here/learn.cil" -l "$here/labels" -e learn.process "oci:$layout:base" "oci:$layout:sample"
