#!/bin/sh
# stage-podman.sh ROOTFS KERNEL_DIR POLICY_ROOT LAYOUT INSTALL_OUT SCRATCH:
# add what Debian's podman needs to the guest's root filesystem, the way a
# host would have it (docs/kernel-test.md, "Podman"):
#  - podman and conmon, labelled container_engine_exec_t like crun and runc
#    (refpolicy's container module has no type of its own for them; the
#    engine runs in container_engine_t), and their shared libraries (ldd);
#  - /etc/containers (containers.conf, storage.conf, policy.json): the
#    guest's crun, cgroupfs, events in a file, logs in k8s-file;
#  - /etc/selinux/config and contexts/lxc_contexts, from which podman
#    (go-selinux) takes the container's default labels; without them it
#    takes SELinux for unusable and ignores --security-opt label=...;
#  - LAYOUT's image (oci:LAYOUT:sample) in an overlay containers-storage at
#    /var/lib/containers/storage, copied by skopeo (SCRATCH: a run root on
#    the host);
#  - /dev/shm (podman's locks: the guest mounts a tmpfs there) and /var/tmp;
#  - /kt/pm/command: the podman command sepm-install --rootfs printed
#    (INSTALL_OUT), for the tree it unpacked at ROOTFS/kt/pm/rootfs, with
#    the guest's path of that tree and the options the test adds.
# Labels: POLICY_ROOT's file_contexts (setfiles -r), as restorecon would
# label these paths on a host, except podman's and conmon's.
set -eu
rootfs=$1; kdir=$2; fc=$3/etc/selinux/default/contexts/files/file_contexts; layout=$4; out=$5; run=$6
. "$kdir/stage-lib.sh"
mkdir -p "$rootfs/usr/bin" "$rootfs/etc/containers" "$rootfs/etc/selinux/default/contexts" \
  "$rootfs/usr/share/containers" "$rootfs/dev/shm" "$rootfs/var/tmp" "$rootfs/var/lib/containers" "$rootfs/tmp"
for bin in podman conmon; do
  src=$(command -v $bin)
  cp "$src" "$rootfs/usr/bin/$bin"
  copy_libs "$rootfs" "$src"
done
cat > "$rootfs/etc/containers/containers.conf" <<EOF
[containers]
log_driver = "k8s-file"
default_sysctls = []
# No session keyring per container: crun would create it labelled with the
# container's process label (setkeycreatecon), and refpolicy lets
# container_engine_t create keys only for container_domain, which a
# module's entry domain is not (docs/kernel-test.md, "Podman").
keyring = false

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "crun"
conmon_path = ["/usr/bin/conmon"]
tmp_dir = "/run/libpod"

[engine.runtimes]
crun = ["/kt/rt/crun"]
EOF
cat > "$rootfs/etc/containers/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "/var/lib/containers/storage"
runroot = "/run/containers/storage"
EOF
echo '{"default": [{"type": "insecureAcceptAnything"}]}' > "$rootfs/etc/containers/policy.json"
cp /usr/share/containers/seccomp.json "$rootfs/usr/share/containers/"
printf 'SELINUX=enforcing\nSELINUXTYPE=default\n' > "$rootfs/etc/selinux/config"
cp "$(dirname "$fc")/../lxc_contexts" "$rootfs/etc/selinux/default/contexts/lxc_contexts"

# The image, in podman's own store (overlay: the driver podman uses, and the
# one that mounts the image with context=).  containers/storage leaves its
# overlay directory bind-mounted on itself.
g=$rootfs/var/lib/containers/storage
skopeo copy -q "oci:$layout:sample" "containers-storage:[overlay@$g+$run]localhost/web:sample"
while grep -q " $g/overlay " /proc/mounts; do umount "$g/overlay"; done

setfiles -r "$rootfs" "$fc" "$rootfs/etc/containers" "$rootfs/etc/selinux" "$rootfs/var/lib" \
  "$rootfs/usr/share" "$rootfs/usr/bin" "$rootfs/var/tmp" "$rootfs/tmp" "$rootfs/dev/shm"
# The directory the host kept the unpacked tree in (root's alone).
label "container_file_t:s0" "$rootfs/kt/pm"
label container_engine_exec_t:s0 "$rootfs/usr/bin/podman"
label container_engine_exec_t:s0 "$rootfs/usr/bin/conmon"
cp "$kdir"/vm-podman.sh "$kdir"/vm-pm.sh "$rootfs/kt/"
label etc_t:s0 "$rootfs/kt/vm-podman.sh"
label container_file_t:s0 "$rootfs/kt/vm-pm.sh"

# sepm-install's line, the options before --rootfs (podman run reads none
# after its first argument); the test adds its own before the tree.
new=$rootfs/kt/pm/rootfs
sed -n "s|^  podman run \(--security-opt label=type:[^ ]* --security-opt label=level:[^ ]*\) \.\.\. --rootfs $new COMMAND\$|run \1 -i --network none --security-opt unmask=/proc/kcore --name kt-pm-rootfs --rootfs /kt/pm/rootfs|p" \
  "$out" > "$rootfs/kt/pm/command"
[ -s "$rootfs/kt/pm/command" ] || { echo "stage-podman: no podman run --rootfs line for $new in $out" >&2; exit 1; }
label "container_file_t:s0" "$rootfs/kt/pm/command"
