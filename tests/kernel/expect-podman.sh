# What the kernel test wants from podman's two containers (vm-podman.sh,
# vm-pm.sh), both started with --security-opt label=type:$W.process and
# label=level:$level.  $W is the web module's installed block.

# expect_podman LOG
expect_podman () {
  log=$1; p=system_u:system_r; o=system_u:object_r
  # The command sepm-install --rootfs printed is the one the guest ran.
  if [ -s bundle/rootfs/kt/pm/command ]; then
    pass "podman: the guest runs the command sepm-install --rootfs printed ($(cut -d' ' -f2-5 bundle/rootfs/kt/pm/command) ...)"
  else
    fail "podman: no command from sepm-install --rootfs"
  fi
  # a. podman run --rootfs on the tree sepm-install unpacked and labelled.
  expect_marker "$log" "podman.rootfs.exit 0" "podman --rootfs: the container ran to its end"
  expect_marker "$log" "podman.rootfs.current $p:$W.process:$level" \
    "podman --rootfs: the first process runs in the entry domain (label=type:, label=level:)"
  expect_marker "$log" "podman.rootfs.exec-is-worker ok" \
    "podman --rootfs: exec of the worker binary moves into the child domain (the tree's labels are kept)"
  expect_marker "$log" "podman.rootfs.exec-is-process denied" "podman --rootfs: and leaves the entry domain"
  expect_marker "$log" "podman.rootfs.writes-logs ok" "podman --rootfs: the entry domain writes its log directory"
  expect_marker "$log" "podman.rootfs.writes-content denied" "podman --rootfs: but not its content"
  expect_avc "$log" "denied .* scontext=$p:$W.process:$level tcontext=$o:$W.content:$level tclass=dir" \
    "that denial is in the AVC log"
  # b. podman run IMAGE from podman's overlay store: the image is mounted
  # with one context= label, but overlayfs maps a program from its lower
  # file (container_ro_file_t, as refpolicy labels the store), and checks
  # the mapping against it with the process's credentials.  container_t
  # may read and run container_ro_file_t; the entry domain is granted
  # nothing on it, so its first process stops in the loader.
  expect_marker "$log" "podman.image.exit 127" "podman IMAGE: the container's first process does not start"
  if grep -qF ': error while loading shared libraries: cannot apply additional memory protection after relocation: Permission denied' "$log"; then
    pass "podman IMAGE: busybox (static-pie) may not mprotect its own mapping"
  else
    fail "podman IMAGE: no relocation error from the container's first process"
  fi
  expect_avc "$log" "denied  { read } .* path=\"/bin/busybox\" .* scontext=$p:$W\\.process:$level tcontext=$o:container_ro_file_t:s0 tclass=file" \
    "podman IMAGE: it runs in the entry domain, denied read on the overlay's lower file (container_ro_file_t)"
}
