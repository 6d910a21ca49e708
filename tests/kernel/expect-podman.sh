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
  # with one context= label (container_file_t), so the tree's labels are
  # not there.  overlayfs maps a program from its lower file
  # (container_ro_file_t, as refpolicy labels the store) and checks the
  # mapping against it: the templates' image_files grants that, as
  # refpolicy grants container_t (without it the first process stopped in
  # busybox's loader, the first run of this check).
  expect_marker "$log" "podman.image.exit 0" "podman IMAGE: the container ran to its end"
  expect_marker "$log" "podman.image.current $p:$W.process:$level" \
    "podman IMAGE: the first process runs in the entry domain"
  # The control for a.: the same image and flags without --rootfs.
  expect_marker "$log" "podman.image.exec-is-process ok" \
    "podman IMAGE: exec of the worker binary stays in the entry domain (one label: no transition)"
  expect_marker "$log" "podman.image.exec-is-worker denied" "podman IMAGE: and never reaches the child domain"
  expect_marker "$log" "podman.image.writes-logs denied" \
    "podman IMAGE: the log directory is container_file_t too, which the entry domain only reads"
  if grep -qF 'cannot apply additional memory protection' "$log"; then
    fail "podman IMAGE: a loader error (the mapping of container_ro_file_t was denied)"
  else
    pass "podman IMAGE: no loader error"
  fi
}
