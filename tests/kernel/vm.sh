# Helpers for the kernel test: a Debian kernel under qemu (TCG), an
# initramfs with busybox and the ext4 modules, and the serial log.
#
# vm_find_kernel: sets KVER, VMLINUZ and KMODS, or returns 1.
vm_find_kernel () {
  for v in $(ls /lib/modules 2> /dev/null | sort -V -r); do
    if [ -r "/boot/vmlinuz-$v" ] && [ -d "/lib/modules/$v/kernel/fs/ext4" ]; then
      KVER=$v; VMLINUZ=/boot/vmlinuz-$v; KMODS=/lib/modules/$v/kernel
      return 0
    fi
  done
  return 1
}

# The modules an ext4 image on a loop device needs, in load order.
# overlay: podman's store (vm-podman.sh).
VM_MODULES="lib/crc16.ko crypto/crc32c_generic.ko fs/mbcache.ko fs/jbd2/jbd2.ko fs/ext4/ext4.ko drivers/block/loop.ko fs/overlayfs/overlay.ko"

# vm_base_initramfs DIR ROOTFS_IMAGE OUT: busybox, /init, the modules and
# the labelled root filesystem image, as a gzip'd newc cpio.
vm_base_initramfs () {
  d=$1
  mkdir -p "$d/bin" "$d/proc" "$d/sys" "$d/dev" "$d/mnt" "$d/modules"
  cp /bin/busybox "$d/bin/busybox"
  cp "$kernel_dir/init" "$d/init"
  cp "$kernel_dir/kt-escapes.sh" "$d/kt-escapes.sh"
  chmod 755 "$d/init"
  for m in $VM_MODULES; do
    cp "$KMODS/$m" "$d/modules/" || return 1
  done
  cp "$2" "$d/rootfs.img"
  (cd "$d" && find . | cpio -o -H newc --quiet | gzip -1) > "$3"
}

# vm_policy_initramfs DIR POLICY ENFORCE OUT [RUNS [PODMAN]]: the part that
# differs between boots; the kernel unpacks concatenated archives in order.
# RUNS: the runtimes' containers, ROLE:BUNDLE ... (vm-runtimes.sh); PODMAN
# non-empty: podman's containers too (vm-podman.sh).
vm_policy_initramfs () {
  mkdir -p "$1"
  cp "$2" "$1/policy"
  echo "$3" > "$1/kt-enforce"
  echo "${5:-a:a b:b c:c}" > "$1/kt-runs"
  echo "${6:-}" > "$1/kt-podman"
  (cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) > "$4"
}

# vm_boot INITRD LOG: boot and wait for poweroff (or the timeout).  qemu
# exits 0 whatever happened inside, so the caller reads the log.
vm_boot () {
  timeout "${SEPM_KERNEL_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg -m 1024 -smp 1 \
    -nographic -no-reboot -monitor none \
    -kernel "$VMLINUZ" -initrd "$1" \
    -append "console=ttyS0 panic=-1 lsm=landlock,lockdown,yama,integrity,selinux,bpf audit=1 audit_backlog_limit=8192 rdinit=/init" \
    < /dev/null 2>&1 | tr -d '\r' > "$2"
}
