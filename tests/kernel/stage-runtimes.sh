#!/bin/sh
# stage-runtimes.sh ROOTFS KERNEL_DIR BUNDLE_A BUNDLE_B: add what the
# runtimes need to the guest's root filesystem (which is also the first
# container's rootfs):
#  - Debian's crun and runc, labelled container_engine_exec_t as refpolicy's
#    container.fc labels /usr/bin/crun and /usr/sbin/runc (the engine runs
#    them in its own domain), and their shared libraries (ldd) where the
#    dynamic loader looks;
#  - /kt/bundles/a: BUNDLE_A's config.json as sepm-install wrote it, and an
#    empty rootfs on which the guest's init binds the root filesystem;
#  - /kt/bundles/c: the same as a, but noNewPrivileges false (the one
#    change the harness makes to what sepm-install wrote), where the
#    masking and the unbounded domain are seen without no_new_privs;
#  - /kt/bundles/b: BUNDLE_B whole (config.json and its own rootfs);
#  - /kt/shared, the volume both containers mount, at s0 (any level may
#    add files; each file takes its writer's level);
#  - mount points for the runtimes' /sys, /sys/fs/cgroup and /run.
set -eu
rootfs=$1; kdir=$2; a=$3; b=$4
. "$kdir/stage-lib.sh"
mkdir -p "$rootfs/kt/rt" "$rootfs/kt/bundles/a/rootfs" "$rootfs/kt/bundles/c/rootfs" "$rootfs/kt/shared" "$rootfs/sys" "$rootfs/run"
for rt in crun runc; do
  bin=$(command -v $rt)
  cp "$bin" "$rootfs/kt/rt/$rt"
  label container_engine_exec_t:s0 "$rootfs/kt/rt/$rt"
  copy_libs "$rootfs" "$bin"
done
cp "$a/config.json" "$rootfs/kt/bundles/a/config.json"
jq '.process.noNewPrivileges = false' "$a/config.json" > "$rootfs/kt/bundles/c/config.json"
cp -a "$b" "$rootfs/kt/bundles/b"
cp "$kdir"/vm-checks.sh "$kdir"/vm-rt-a.sh "$kdir"/vm-rt-b.sh "$kdir"/vm-rt-c.sh "$rootfs/kt/"
cp "$kdir"/vm-runtimes.sh "$rootfs/kt/"
for d in /lib /lib64 /lib/x86_64-linux-gnu; do
  [ ! -e "$rootfs$d" ] || label "lib_t:s0" "$rootfs$d"
done
# The guest mounts sysfs and a tmpfs over these.
label root_t:s0 "$rootfs/sys"; label root_t:s0 "$rootfs/run"
for f in "$rootfs/kt/rt" "$rootfs/kt/bundles" "$rootfs/kt/bundles/a" "$rootfs/kt/bundles/a/config.json" \
    "$rootfs/kt/bundles/a/rootfs" "$rootfs/kt/bundles/c" "$rootfs/kt/bundles/c/config.json" \
    "$rootfs/kt/bundles/c/rootfs" "$rootfs/kt/bundles/b" "$rootfs/kt/bundles/b/config.json" \
    "$rootfs/kt/shared" "$rootfs"/kt/vm-checks.sh "$rootfs"/kt/vm-rt-?.sh; do
  label container_file_t:s0 "$f"
done
# container_engine_t reads its scripts as configuration.
label etc_t:s0 "$rootfs/kt/vm-runtimes.sh"
