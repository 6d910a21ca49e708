# The real escapes the hostile corpus found (tests/corpus/hostile/FINDINGS.md),
# on the kernel.  Sourced by check-kernel.sh; $W is the web module's
# installed block, $level the container's.
#
# Each case is a corpus module that, installed as it is, changes what the
# kernel decides (or, for seusers, what a login maps to):
#   canon-quoted-filecon    /etc/shadow gets a type container_t may write
#   user-range-system       user_u's range reaches every category
#   typebounds-system-child sshd_t is masked by container_t
#   seusers-root            root logs in as staff_u (not the kernel's: the
#                           store's seusers file is compared instead)
#   b-permissive-a (B)      the web image's entry domain becomes permissive
# The enforcing boot runs on the store after sepm-install refused every one
# of them; the escapes boot (a negative control) on a store where semodule
# installed them as they are.  The checks are the same, the outcomes opposite.
C="$top_srcdir/tests/corpus"

# escape_cases: "file ids", ids being the rule ids of which sepm-install
# must report at least one.
escape_cases () {
  cat <<CASES
$C/hostile/canon-quoted-filecon.cil compile.canonical,system.filecon
$C/hostile/user-range-system.cil system.user
$C/hostile/typebounds-system-child.cil system.type
$C/hostile/seusers-root.cil system.seusers
$T/escape-b-permissive.cil install.cross-image,system.permissive
CASES
}

# The two-image case B, aimed at the web image as installed here.
sed "s/b_permissive_a_a_[0-9a-f]*/$W/g" "$C/two-image/b-permissive-a/b.cil" > "$T/escape-b-permissive.cil"

# refuse_escapes ROOT: sepm-install refuses each case's image on ROOT with
# one of its ids, and ROOT's store and policy stay byte for byte the same.
# (Before the forced module: sepm-install refuses a system that breaks its
# own bounds.)
refuse_escapes () {
  busybox_image ''
  before=$(store_digest "$1")
  escape_cases > "$T/escape-cases"
  while read -r file ids; do
    name=$(basename "$file" .cil)
    policy_image "esc-$name" "$(block_of "$file")" "$file"
    run sepm-install -p "$1" --cache-dir "$T/cache" -n --json "oci:$T/img:esc-$name"
    got=$(jq -r '[.modules[]?.findings[]?.rule, .image.findings[]?.rule] | unique | join(",")' "$T/out" 2> /dev/null)
    hit=""
    for id in $(echo "$ids" | tr , ' '); do echo ",$got," | grep -q ",$id," && hit="$hit $id"; done
    if [ "$rc" = 1 ] && [ -n "$hit" ]; then
      pass "escape $name: sepm-install refuses it ($hit )"
    else
      fail "escape $name: sepm-install exit $rc, findings $got; wanted 1 and one of $ids"
      sed 's/^/  stderr: /' "$T/err" | head -n 5 >&2
    fi
  done < "$T/escape-cases"
  [ "$(store_digest "$1")" = "$before" ] && pass "the refused escapes changed nothing in the store or etc/selinux" \
    || fail "a refused escape changed the store"
}

# install_escapes_raw ROOT: the negative control: every case installed as it
# is, with semodule, as a host without sepm (or a registry that admitted
# them) would.
install_escapes_raw () {
  mkdir -p "$T/raw"
  files=$(escape_cases | while read -r file ids; do cp "$file" "$T/raw/$(block_of "$file").cil"; echo "$T/raw/$(block_of "$file").cil"; done)
  # shellcheck disable=SC2086
  semodule -p "$1" -s default -X 400 $(for f in $files; do echo "-i $f"; done) 2> "$T/raw.err" \
    || { fail "the negative control: semodule refused the escapes as they are"; cat "$T/raw.err" >&2; return 1; }
  grep -q '^root:staff_u:' "$1/etc/selinux/default/seusers" && pass "escapes as they are: root now logs in as staff_u (seusers)" \
    || fail "escapes as they are: seusers has no root:staff_u"
}

# stage_escapes ROOTFS ROOT [only]: an /etc/shadow labelled as the host's
# restorecon would label it with ROOT's file_contexts, and the guest's
# checks; with "only", the container runs the escape checks alone.
stage_escapes () {
  # The directory as the runtime labels the image's files; only the file
  # gets the host's label.
  mkdir -p "$1/etc"
  setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:$level" "$1/etc"
  echo 'root:*:19000:0:99999:7:::' > "$1/etc/shadow"
  setfiles -r "$1" "$2/etc/selinux/default/contexts/files/file_contexts" "$1/etc/shadow"
  cp "$kernel_dir/vm-escapes.sh" "$1/kt/"
  setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:$level" "$1/kt/vm-escapes.sh"
  if [ "${3:-}" = only ]; then
    : > "$1/kt/escapes-only"
    setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:$level" "$1/kt/escapes-only"
  fi
}

# expect_escapes LOG held|escaped: the checks of vm-escapes.sh (container_t)
# and kt-escapes.sh (kernel_t asking the kernel through selinuxfs).
expect_escapes () {
  if [ "$2" = held ]; then
    expect_marker "$1" "escape.shadow-write denied" "container_t may not write /etc/shadow (file_contexts unchanged)"
    expect_marker "$1" "escape.user-range invalid" "user_u:user_r:user_t:s0-s0:c0.c1023 is not a valid context (user_u's range unchanged)"
    expect_marker "$1" "escape.sshd-bounds allowed" "sshd_t may still write faillog_t (not masked by container_t)"
    expect_marker "$1" "escape.web-permissive no" "the web image's entry domain is not permissive"
  else
    expect_marker "$1" "escape.shadow-write ok" "escapes as they are: container_t writes /etc/shadow"
    expect_marker "$1" "escape.user-range valid" "escapes as they are: user_u reaches s0:c0.c1023"
    expect_marker "$1" "escape.sshd-bounds denied" "escapes as they are: the kernel masks sshd_t by container_t"
    expect_marker "$1" "escape.web-permissive yes" "escapes as they are: the web image's entry domain is permissive"
  fi
  expect_marker "$1" "escape.user-base valid" "the context check works (user_u:user_r:user_t:s0 is valid)"
}
