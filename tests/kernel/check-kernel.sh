#!/bin/sh
# The proofs on a real kernel: boot Debian's kernel under qemu with
# SELinux enforcing and the policy sepm-install built for the web-server
# sample, and watch what the kernel allows (docs/kernel-test.md).
#
# Five boots: the policy as installed (after sepm-install also refused the
# corpus's real escapes, escapes.sh), then three negative controls that
# must each make checks fail: the forced module without its typebounds,
# the templates without mcs_constrained_type, and the escapes installed
# with semodule as they are; and a short one for the learn sample
# (learn.sh): its first-draft module's denials, logged by the enforcing
# boot, go through sepm-build --suggest --apply, and that boot runs the
# rebuilt image.
#
# Skips (77) when qemu or a kernel is missing, unless SEPM_KERNEL_REQUIRED=1
# (make check-kernel), which turns a skip into a failure.  SEPM_KERNEL_LOGS=DIR
# keeps the serial logs; SEPM_KERNEL_ENFORCE=0 boots permissive (to list
# every AVC while changing the test).
. "$top_srcdir/tests/e2e/lib.sh"
kernel_dir="$top_srcdir/tests/kernel"
. "$kernel_dir/vm.sh"

skip () {
  if [ "${SEPM_KERNEL_REQUIRED:-0}" = 1 ]; then echo "FAIL: $*" >&2; exit 1; fi
  echo "SKIP: $*" >&2; exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root"
for tool in qemu-system-x86_64 cpio gzip mkfs.ext4 umoci skopeo semodule setfiles setfattr jq; do
  command -v $tool > /dev/null || skip "needs $tool (apt-get install qemu-system-x86 cpio e2fsprogs umoci skopeo semodule-utils policycoreutils attr jq)"
done
for tool in crun runc ldd podman conmon; do
  command -v $tool > /dev/null || skip "needs $tool (apt-get install crun runc podman conmon)"
done
[ -x "$top_builddir/tests/tools/cil-canonical" ] || skip "needs tests/tools/cil-canonical (make check builds it)"
vm_find_kernel || skip "needs a kernel with modules (apt-get install linux-image-amd64)"
[ -x /bin/busybox ] || skip "needs busybox-static"
export SEPM_DATA_DIR="$top_srcdir"
cd "$T"
# took WHAT: print the seconds since the start (docs/kernel-test.md, timings).
t0=$(date +%s)
took () { echo "time: $1 at $(( $(date +%s) - t0 )) s"; }
# give_up WHAT [LOG]: a preparation step failed; nothing can be booted.
give_up () {
  [ -z "${2:-}" ] || cat "$2" >&2
  fail "$1"; finish; exit 1
}

# The image and the policy, as a host would have them after
# sepm-install: a private copy of the fixture's store.
"$top_srcdir/samples/web-server/build.sh" "$T/layout" --cache-dir "$SEPM_TEST_CACHE" -p "$SEPM_FIXTURE_ROOT" > build.log 2>&1 \
  || give_up "build the web-server sample" build.log
umoci unpack --image "$T/layout:sample" bundle > /dev/null
# Two bundles of the image for the runtimes, each prepared by
# sepm-install --bundle at its own level: the MCS check runs one container
# of each (bundle-config.sh trims umoci's config for the guest).
"$kernel_dir/bundle-config.sh" bundle
cp -a bundle bundle-b
cp -a "$SEPM_FIXTURE_ROOT" root
level=s0:c1,c2 level_b=s0:c3,c4
. "$kernel_dir/bg.sh"
# prepare BUNDLE LEVEL ROOT [CACHE_SUFFIX]: what a runtime does before it starts the
# container, every file container_file_t at the container's level; then
# sepm-install gives the module's paths their own types and writes the
# labels into config.json.
prepare () {
  find "$1/rootfs" -exec setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:$2" {} +
  sepm-install -p "$3" --cache-dir "$T/cache${4:-}" -n --json --bundle "$1" --level "$2" \
    "oci:$T/layout:sample" > "$1.json" 2> "$1.err" || { cat "$1.err"; return 1; }
}
took "sample built"
. "$kernel_dir/learn.sh"
learn_copy
prepare bundle "$level" "$T/root" || give_up "sepm-install --bundle bundle"
took "first bundle prepared"
# The second bundle is prepared on a copy of the store the first install
# left (the image is in it: this install changes no module) and of its
# verification cache, and the learn sample's first draft installed there
# after it (learn.sh), while the corpus's escapes are refused on the store
# itself.
cp -a root root-b
cp -a cache cache-b
# Then, on that copy: the learn sample's first draft (learn.sh), and the
# tree podman runs as it is (podman run --rootfs): sepm-install --rootfs
# unpacks and labels it at the first container's level, inside a
# directory only root may enter, and prints the command (pm-install.out;
# stage-podman.sh).
prepare_b () {
  prepare bundle-b "$level_b" "$T/root-b" -b || return 1
  learn_image v1 "$T/root-b" "$T/cache-b" || { echo "learn: the draft's image did not install"; return 1; }
  echo "$L" > learn-L1
  mkdir -p bundle/rootfs/kt/pm && chmod 700 bundle/rootfs/kt/pm
  sepm-install -p "$T/root-b" --cache-dir "$T/cache-b" -n --level "$level" --rootfs "$T/bundle/rootfs/kt/pm/rootfs" \
    "oci:$T/layout:sample" > pm-install.out 2> pm-install.err || { cat pm-install.err; return 1; }
}
bg_run bundleb prepare_b
cp bundle.json install.json
entry=$(jq -r .install.entrypoint install.json)
W=${entry%.process}
. "$kernel_dir/escapes.sh"
refuse_escapes "$T/root"
bg_join bundleb || give_up "sepm-install --bundle bundle-b, the learn sample's draft, or --rootfs for podman"
L1=$(cat learn-L1)
# The copy, now with the draft, is the store the boots load from here on.
# The one the escapes were refused on (the web image in it, no draft, no
# forced module, beside which sepm-install would install nothing) takes
# the learn sample's applied image later (learn.sh).
mv root root-learn
mv root-b root
took "escapes refused, second bundle prepared, learn sample installed"
semodule -p "$T/root" -s default -X 400 -i "$kernel_dir/forced.cil" 2> forced.err || give_up "install the forced module" forced.err
"$kernel_dir/stage-rootfs.sh" bundle/rootfs "$kernel_dir" "$W" "$level"
"$kernel_dir/stage-runtimes.sh" bundle/rootfs "$kernel_dir" bundle bundle-b
learn_stage bundle/rootfs
# The escapes' negative control gets its own copy of the staged files.
cp -a bundle/rootfs rootfs-escapes
stage_escapes bundle/rootfs "$T/root"
# Podman, its store and configuration (the enforcing boot runs it).
mkdir pm-run
"$kernel_dir/stage-podman.sh" "$T/bundle/rootfs" "$kernel_dir" "$T/root" "$T/layout" pm-install.out "$T/pm-run" \
  || give_up "stage podman"
mkfs.ext4 -q -F -L sepm-kt -d bundle/rootfs rootfs.img 160M
vm_base_initramfs "$T/base" rootfs.img base.cpio.gz || give_up "build the initramfs"
took "initramfs built"
policy_of () { ls "$1"/etc/selinux/default/policy/policy.* | head -n 1; }

# boot NAME ROOT [RUNS [PODMAN]]: boot with ROOT's policy, enforcing; the
# log is NAME.log.  RUNS: the runtimes' containers (vm-runtimes.sh);
# PODMAN non-empty: podman's too (vm-podman.sh).  The base archive is
# base-NAME.cpio.gz if there is one, else base.cpio.gz.
boot () {
  vm_policy_initramfs "$T/p-$1" "$(policy_of "$2")" "${SEPM_KERNEL_ENFORCE:-1}" "p-$1.cpio.gz" "${3:-a:a b:b c:c}" "${4:-}"
  base=base.cpio.gz
  [ ! -f "base-$1.cpio.gz" ] || base=base-$1.cpio.gz
  cat "$base" "p-$1.cpio.gz" > "initrd-$1"
  took "boot $1"
  vm_boot "initrd-$1" "$1.log"
  took "boot $1 done"
  [ -z "${SEPM_KERNEL_LOGS:-}" ] || { mkdir -p "$SEPM_KERNEL_LOGS"; cp "$1.log" "$SEPM_KERNEL_LOGS/"; }
  if ! grep -q '^KT done' "$1.log"; then
    fail "$1: the boot did not finish"
    tail -n 40 "$1.log" >&2
    return 1
  fi
}
. "$kernel_dir/expect.sh"
. "$kernel_dir/expect-podman.sh"

# The negative controls' stores: each the enforcing boot's with one change.
# Each is built in the background while the boot before it runs (qemu
# under TCG keeps one core busy; semodule takes the other).
# Negative control 1: the forced module without typebounds.
control_nobounds () {
  cp -a root root-nobounds
  mkdir nobounds
  sed '/KT-TYPEBOUNDS/d' "$kernel_dir/forced.cil" > nobounds/forced.cil
  semodule -p "$T/root-nobounds" -s default -X 400 -i nobounds/forced.cil 2> /dev/null || fail "install the forced module without typebounds"
}
# Negative control 2: the templates without mcs_constrained_type (the
# runtimes' second container also starts from the first bundle: one level).
control_nomcs () {
  cp -a root root-nomcs
  sed '/mcs_constrained_type/d' "$top_srcdir/policy-templates/refpolicy/sepm.cil" > sepm_templates.cil
  semodule -p "$T/root-nomcs" -s default -X 400 -i sepm_templates.cil 2> /dev/null || fail "install templates-nomcs"
}
# Negative control 3: the escapes installed as they are, and /etc/shadow
# labelled from the file_contexts they leave (its own root filesystem).
control_escapes () {
  cp -a root root-escapes
  install_escapes_raw "$T/root-escapes" || return 1
  stage_escapes rootfs-escapes "$T/root-escapes" only
  mkfs.ext4 -q -F -L sepm-kt -d rootfs-escapes rootfs-escapes.img 96M
  vm_base_initramfs "$T/base-escapes" rootfs-escapes.img base-escapes.cpio.gz
}

[ "${SEPM_KERNEL_ONLY:-}" = enforcing ] || bg_run nobounds control_nobounds
learn_boot_files enforcing v1
if boot enforcing "$T/root" "a:a b:b c:c l:l:crun" podman; then
  expect_enforcing enforcing.log && expect_escapes enforcing.log held
  expect_podman enforcing.log
  # The learning run, then suggest, apply, rebuild and install while the
  # next boots run.
  expect_learning enforcing.log
  bg_run learn learn_round enforcing.log
fi
# SEPM_KERNEL_ONLY=enforcing stops here (while changing the test).
[ "${SEPM_KERNEL_ONLY:-}" != enforcing ] || { [ -z "${bg_pid_learn:-}" ] || bg_join learn; finish; exit; }

bg_join nobounds
took "nobounds store built"
bg_run nomcs control_nomcs
if boot nobounds "$T/root-nobounds" "a:a c:c"; then
  expect_marker nobounds.log "bounds.exceed-reads ok" \
    "without typebounds the kernel lets kt_exceed read kt_secret (the bounds check would fail)"
  for rt in crun runc; do expect_runtime_nobounds nobounds.log $rt; done
fi

bg_join nomcs
took "nomcs store built"
bg_run escapes control_escapes
if boot nomcs "$T/root-nomcs" "a:a b:a"; then
  expect_avc nomcs.log "$(mcs_by_bounds)" \
    "without mcs_constrained_type the domain's own MCS constraint is gone (that check would fail)"
  # The kernel computes a bounded domain's mask with the parent's
  # constraints, so container_t's MCS constraint still denies the read.
  expect_marker nomcs.log "mcs.other-level denied" "the bounds still carry container_t's MCS constraint"
  for rt in crun runc; do expect_runtime_onelevel nomcs.log $rt; done
fi

if bg_join escapes; then
  boot escapes "$T/root-escapes" && expect_escapes escapes.log escaped
fi

# The learn sample again, with the applied module: its container alone.
if [ -n "${bg_pid_learn:-}" ] && bg_join learn; then
  L2=$(cat learn-L2)
  learn_boot_files learn v2 only
  boot learn "$T/root-learn" "l:l:crun" && expect_learned learn.log
else
  fail "learn: no image with the applied module to boot"
fi
took end
finish
