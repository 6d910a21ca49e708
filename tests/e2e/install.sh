#!/bin/sh
# sepm-install on a private copy of the fixture's policy root: install,
# relabel, share, remove, refuse, survive SIGKILL, and run concurrently.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
for tool in umoci skopeo semodule sesearch checkpolicy getfattr setfattr; do
  command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done
M="$top_srcdir/tests/modules"
export SEPM_DATA_DIR="$top_srcdir"     # the source tree's templates, as installed
cd "$T"
cp -a "$SEPM_FIXTURE_ROOT" root
R="$T/root"
POL="-p $R --cache-dir $T/cache"
BUILD="--cache-dir $SEPM_TEST_CACHE -p $SEPM_FIXTURE_ROOT"
policy () { echo "$R"/etc/selinux/default/policy/policy.*; }
modules () { semodule -p "$R" -s default -l; }
state () { cat "$R/var/lib/sepm/default.json"; }
cp "$(policy)" policy.before
modules > modules.before

# Images: busybox and a web root, a web module with labels and an entry domain.
echo outside > "$T/outside"
setfattr -n security.selinux -v system_u:object_r:etc_t:s0 "$T/outside"
busybox_image 'mkdir -p usr/bin && ln -s "$T/outside" usr/bin/link'
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n/usr/bin/link\tweb.content\n' > labels
# shellcheck disable=SC2086
sepm-build $BUILD -m "$M/templated-web.cil" -l labels -e web.process oci:img:base oci:img:web > build.log || fail "sepm-build web"

# Install: one transaction, the modules and the templates.
# shellcheck disable=SC2086
expect_rc 0 "sepm-install installs the image" sepm-install $POL -n --json oci:img:web
expect_jq "$T/out" '.verdict == "admit" and (.install.installed | length) == 1 and .install.templates_installed
                    and (.install.installed[0] | test("^sepm_web_[0-9a-f]{12}$"))' "one module and the templates were installed"
web=$(jq -r '.install.installed[0]' "$T/out"); blk=${web#sepm_}
expect_jq "$T/out" '(.image.layers | length) > 0 and (.image.layers[-1].modules == ["oci:img:web:" + .install.installed[0]])
                    and .image.entrypoint == .install.entrypoint and .image.entrypoint != null
                    and (.image.manifest_digest | test("^sha256:[0-9a-f]{64}$"))' \
  "the install JSON lists the layers, the entry domain and the manifest as sepm-verify does"
expect_grep "$T/err" "^sepm-install: verifying oci:img:web against the store it installs into$" "the install says it verifies"
expect_grep "$T/err" "^sepm-install: committing 2 modules in one libsemanage transaction" \
  "and that it commits the module and the templates in one transaction"
modules > modules.after
grep -q "^$web" modules.after && pass "semodule -l lists $web" || fail "semodule -l lacks $web"
grep -q "^sepm_templates" modules.after && pass "semodule -l lists the templates" || fail "semodule -l lacks sepm_templates"
# setools 4.4 does not show a kernel policy's typebounds; checkpolicy's CIL does.
checkpolicy -M -b -C -o bounds.cil "$(policy)" > /dev/null 2>&1
expect_grep bounds.cil "(typebounds container_t $blk.process)" "the rebuilt policy bounds the domain by container_t"
sesearch --type_trans -s container_t -t "$blk.exec" -c process "$(policy)" > trans.txt
expect_grep trans.txt "type_transition container_t $blk.exec:process $blk.process;" \
  "sesearch finds the transition from container_t through the exec type"
cp "$(policy)" policy.installed
label_of () { getfattr -h -n security.selinux --only-values "$1" 2> /dev/null | tr -d '\0'; }

# Relabel a bundle.
umoci unpack --image img:web run > /dev/null
# shellcheck disable=SC2086
expect_rc 0 "a second install with --bundle only relabels" sepm-install $POL -n --bundle run oci:img:web
expect_grep "$T/out" "installed already" "it says the image was installed already"
expect_grep "$T/err" "^sepm-install: relabelling .*run/rootfs$" "it says it relabels the bundle's root filesystem"
if grep -q committing "$T/err"; then fail "nothing to commit, but it says it commits"; else pass "nothing to commit, and it says none"; fi
expect_grep "$T/out" "podman run --security-opt label=type:$blk.process" "it prints the podman entry-domain form"
expect_grep "$T/out" "seLinuxOptions.type: $blk.process" "it prints the Kubernetes form"
cmp -s "$(policy)" policy.installed && pass "the second install did not rebuild the policy" || fail "the policy changed on the second install"
label_of run/rootfs/bin/busybox > l1
[ "$(cat l1)" = "system_u:object_r:$blk.exec:s0" ] && pass "the binary has the module's exec type" || fail "busybox is labelled '$(cat l1)'"
label_of run/rootfs/var/www/index.html > l2
[ "$(cat l2)" = "system_u:object_r:$blk.content:s0" ] && pass "the content has the module's type" || fail "index.html is labelled '$(cat l2)'"
label_of run/rootfs/usr/bin/link > l3
[ "$(cat l3)" = "system_u:object_r:$blk.content:s0" ] && pass "a labelled symlink is labelled itself" || fail "the link is labelled '$(cat l3)'"
[ "$(label_of "$T/outside")" = "system_u:object_r:etc_t:s0" ] \
  && pass "the file outside the root filesystem the link points to is untouched" || fail "relabelling followed a link out of the rootfs"
expect_jq run/config.json '.process.selinuxLabel == "system_u:system_r:container_t:s0"
                           and .linux.mountLabel == "system_u:object_r:container_file_t:s0"' "the bundle starts in container_t"
# shellcheck disable=SC2086
expect_rc 0 "a rerun on the relabelled bundle" sepm-install $POL -n --json --bundle run oci:img:web
expect_jq "$T/out" '.install.relabel == {"mode": "journal", "entries": .install.relabel.entries, "changed": 0, "recovered": 0}
                    and .install.relabel.entries > 3' "the rerun changes nothing: every label is right"
ls -A run | grep -q sepm-relabel && fail "the relabel left its journal beside the bundle's root filesystem" || pass "nothing is left beside the root filesystem"
umoci unpack --image img:web run2 > /dev/null
# shellcheck disable=SC2086
expect_rc 0 "--relabel-in-place relabels with restorecon" sepm-install $POL -n --json --relabel-in-place --rootfs run2/rootfs oci:img:web
expect_jq "$T/out" '.install.relabel == {"mode": "in-place", "recovered": 0}' "the report says in place"
[ "$(label_of run2/rootfs/bin/busybox)" = "system_u:object_r:$blk.exec:s0" ] && pass "in place, the binary has the module's exec type" \
  || fail "in place, busybox is labelled '$(label_of run2/rootfs/bin/busybox)'"
mkdir escape && ln -s /etc escape/rootfs && printf '{"root":{"path":"rootfs"}}' > escape/config.json
# shellcheck disable=SC2086
expect_rc 2 "a bundle whose rootfs is a symlink is refused" sepm-install $POL -n --bundle escape oci:img:web

# Side by side and shared.
sed 's/(call sepm.v1.stdio (process))/(call sepm.v1.stdio (process))\n  (call sepm.v1.tcp_client (process))/' "$M/templated-web.cil" > web2.cil
# shellcheck disable=SC2086
sepm-build $BUILD -m web2.cil -l labels oci:img:base oci:img:web2 > /dev/null || fail "sepm-build web2"
# shellcheck disable=SC2086
expect_rc 0 "a different module named web installs beside the first" sepm-install $POL -n --json oci:img:web2
web2=$(jq -r '.install.installed[0]' "$T/out")
[ -n "$web2" ] && [ "$web2" != "$web" ] && [ "${web2%_*}" = sepm_web ] && pass "it has its own name ($web2)" || fail "web2 installed as '$web2'"
umoci unpack --image img:web derived > /dev/null
echo more > derived/rootfs/var/www/more.html
umoci repack --image img:web derived > /dev/null
# shellcheck disable=SC2086
expect_rc 0 "a derived image with the same module installs" sepm-install $POL -n --json oci:img:web
# (img:web now has a second layer: a new image id, the same module)
expect_jq "$T/out" '(.install.installed | length) == 0 and .install.shared == ["'"$web"'"]' "the module is shared, not installed twice"
sepm-install -p "$R" --list --json > list.json
expect_jq list.json '(.images | length) == 3 and ([.images[].modules[]] | map(select(. == "'"$web"'")) | length) == 2' \
  "--list shows three images, two of them using $web"

# Refusals change nothing.
cp "$(policy)" policy.mid
modules > modules.mid
state > state.mid
diff_ids=$(skopeo inspect --config oci:img:base | jq -c '.rootfs.diff_ids')
label_for () {  # label_for MODULE.cil LABEL-PATH: a policy label value
  # The module as sepm-build would embed it (its canonical form).
  "$top_builddir/tests/tools/cil-canonical" "$1" > label.cil
  jq -cn --rawfile cil label.cil --arg sha "$(sha256sum < label.cil | cut -d' ' -f1)" --argjson d "$diff_ids" --arg p "$2" \
    '{version:1, diff_ids:$d, modules:[{name:"web", cil:$cil, sha256:$sha}], labels:[{kind:"", path:$p, type:"web.content"}]}' \
    | gzip -9n | base64 -w0
}
umoci config --image img:base --tag exceeds --config.label "io.sepm.policy.v1.0=$(label_for "$M/web-exceeds.cil" /var/www)" > /dev/null
# shellcheck disable=SC2086
expect_rc 1 "a module beyond container_t is refused at install" sepm-install $POL -n oci:img:exceeds
expect_grep "$T/out" "bounds.exceeds" "the finding is bounds.exceeds"
# A store whose libsemanage settings would compile another policy than the
# one verified (tunableif branches kept as conditional rules).
cp "$R/etc/selinux/semanage.conf" semanage.conf.saved
echo "preserve-tunables = true" >> "$R/etc/selinux/semanage.conf"
# shellcheck disable=SC2086
expect_rc 2 "a store that keeps tunables is refused" sepm-install $POL -n oci:img:web
expect_grep "$T/err" "preserve-tunables = true" "the error names the setting and the fix"
cp semanage.conf.saved "$R/etc/selinux/semanage.conf"
umoci config --image img:base --tag dotdot --config.label "io.sepm.policy.v1.0=$(label_for "$M/templated-web.cil" /var/../etc/shadow)" > /dev/null
# shellcheck disable=SC2086
expect_rc 2 "a label path with .. is refused" sepm-install $POL -n --rootfs run/rootfs oci:img:dotdot
expect_grep "$T/err" "the path has a .\.\.. component" "the error says why"
cmp -s "$(policy)" policy.mid && modules | cmp -s - modules.mid && state | cmp -s - state.mid \
  && pass "the refusals changed neither the store nor the state" || fail "a refusal changed the store or the state"

# Remove: back to the state before, module for module and byte for byte.
expect_rc 0 "--remove of one user keeps the shared module" sepm-install -p "$R" -n --remove oci:img:web
modules | grep -q "^$web" && pass "$web stays while another image uses it" || fail "$web was removed while in use"
for id in $(jq -r '.images[].id' list.json); do
  sepm-install -p "$R" -n --remove "$id" > /dev/null 2>&1
done
modules | cmp -s - modules.before && pass "after --remove the module list is the one before the install" \
  || fail "the module list differs after --remove"
cmp -s "$(policy)" policy.before && pass "after --remove the binary policy is byte-identical to the one before" \
  || fail "the binary policy differs after --remove"
expect_jq "$R/var/lib/sepm/default.json" '.images == []' "the state is empty"
expect_rc 2 "removing what is not installed is an error" sepm-install -p "$R" -n --remove oci:img:web

# SIGKILL during the commit: the store is the old one or the new one, and
# running again finishes the job.
for delay in 2 4 6 8; do
  sepm-install $POL -n oci:img:web2 > /dev/null 2>&1 &
  pid=$!
  sleep $delay
  kill -9 $pid 2> /dev/null
  wait $pid 2> /dev/null
  if cmp -s "$(policy)" policy.before; then what=old; elif modules | grep -q "^$web2"; then what=new; else what=mixed; fi
  [ "$what" != mixed ] && pass "killed after ${delay}s: the store is the $what one" || fail "killed after ${delay}s: the store is mixed"
  # shellcheck disable=SC2086
  expect_rc 0 "after the kill at ${delay}s a rerun finishes" sepm-install $POL -n oci:img:web2
  expect_jq "$R/var/lib/sepm/default.json" '(.images | length) == 1 and .images[0].modules == ["'"$web2"'"]' \
    "the state records the image once"
  sepm-install -p "$R" -n --remove oci:img:web2 > /dev/null 2>&1
done

# Eight concurrent installs of different images.
for i in 1 2 3 4 5 6 7 8; do
  sed "s/(block web/(block w$i/" "$M/templated-web.cil" > w$i.cil
  # shellcheck disable=SC2086
  sepm-build $BUILD -m w$i.cil oci:img:base oci:img:w$i > /dev/null || fail "sepm-build w$i"
done
pids=
for i in 1 2 3 4 5 6 7 8; do
  sepm-install $POL -n oci:img:w$i > c$i.log 2>&1 & pids="$pids $!"
done
ok=0
for p in $pids; do wait $p && ok=$((ok + 1)); done
[ $ok = 8 ] && pass "eight concurrent installs succeed" || { fail "only $ok of 8 concurrent installs succeeded"; cat c*.log >&2; }
[ "$(modules | grep -c '^sepm_w[1-8]_')" = 8 ] && pass "every module is installed" || fail "modules missing after concurrent installs"
expect_jq "$R/var/lib/sepm/default.json" '(.images | length) == 8 and ([.images[].modules[]] | unique | length) == 8' \
  "the state file records all eight images"

finish
