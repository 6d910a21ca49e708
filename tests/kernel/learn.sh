# The learning round trip on the kernel (docs/kernel-test.md, "The learn
# sample"), sourced by check-kernel.sh: the maintainer's loop of
# docs/templates.md, write, run, suggest, apply, verify, with crun.
#
#  1. samples/learn, copied to $T/learn-src (the maintainer's tree): a
#     first-draft module that gives learn-app its journal read only.
#  2. Its image, installed with sepm-install --bundle like the web image,
#     runs through crun on the enforcing boot (bundle l, "l:l:crun"): the
#     learning run, enforcing, its denials logged.
#  3. sepm-build --suggest on that boot's serial log, --apply on the
#     module in place: the journal's denials are grantable and applied,
#     the write to the host's /etc/motd (etc_t, mounted into the
#     container) is masked by container_t's bounds and left out.
#  4. The image rebuilt from the applied module, installed with
#     sepm-install --bundle on the store as it was before the draft, and a
#     short boot (the learn container alone): the workload runs, the
#     journal's denials are gone, the masked one stays.
#
# The bundle goes to the guest as an ext4 image of its own (learn.img in
# the boot's policy archive, mounted by init on /kt/bundles/l), so both
# versions share the base root filesystem.  Needs $level, $kernel_dir,
# expect.sh's helpers and check-kernel.sh's took.
learn_src=$T/learn-src

# learn_copy: the maintainer's tree, samples/learn beside common.sh.
learn_copy () {
  mkdir -p "$learn_src"
  cp "$top_srcdir/samples/common.sh" "$learn_src/"
  cp -a "$top_srcdir/samples/learn" "$learn_src/learn"
}

# learn_image V ROOT [CACHE]: build the learn image from $learn_src as version V,
# unpack it as bundle learn-V (the guest's trims, and the host's /etc/motd
# mounted as the container's), label it container_file_t at $level, let
# sepm-install --bundle install it on ROOT, and make learn-V.img, the
# bundle as the guest mounts it.  Sets L to the installed block.
learn_image () {
  v=$1 b=$T/learn-$1
  "$learn_src/learn/build.sh" "$T/learn-layout-$v" --cache-dir "$SEPM_TEST_CACHE" -p "$SEPM_FIXTURE_ROOT" \
    > "learn-build-$v.log" 2>&1 || { cat "learn-build-$v.log" >&2; return 1; }
  umoci unpack --image "$T/learn-layout-$v:sample" "$b" > /dev/null || return 1
  "$kernel_dir/bundle-config.sh" "$b"
  # A host file mounted as it is (no relabel): etc_t, which container_t
  # reads and may not write.
  jq '.mounts += [{"destination": "/etc/motd", "type": "bind", "source": "/kt/learn-motd",
                   "options": ["bind", "rw"]}]' "$b/config.json" > "$b/config.json.new"
  mv "$b/config.json.new" "$b/config.json"
  find "$b/rootfs" -exec setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:$level" {} +
  sepm-install -p "$2" --cache-dir "${3:-$T/cache}" -n --json --bundle "$b" --level "$level" \
    "oci:$T/learn-layout-$v:sample" > "learn-$v.json" 2> "learn-$v.err" || { cat "learn-$v.err" >&2; return 1; }
  L=$(jq -r .install.entrypoint "learn-$v.json") L=${L%.process}
  setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:s0" "$b" "$b/config.json"
  rm -f "learn-$v.img"
  mkfs.ext4 -q -F -L sepm-kt-learn -d "$b" "learn-$v.img" 16M
}

# learn_stage ROOTFS: what the base root filesystem holds for the learn
# container: its mount point, its script, and the host's /etc/motd.
learn_stage () {
  mkdir -p "$1/kt/bundles/l"
  cp "$kernel_dir/vm-rt-l.sh" "$1/kt/"
  echo "welcome" > "$1/kt/learn-motd"
  for f in "$1/kt/bundles/l" "$1/kt/vm-rt-l.sh"; do
    setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:s0" "$f"
  done
  setfattr -h -n security.selinux -v "system_u:object_r:etc_t:s0" "$1/kt/learn-motd"
}

# learn_round LOG: after the learning run (in the background, while the
# next boots run): suggest and apply, rebuild, and install the new image
# on root-learn, the store as it was before the draft went in (the web
# image installed; no forced module, beside which sepm-install installs
# nothing); the installed block goes to learn-L2.
learn_round () {
  learn_suggest "$1" || return 1
  took "learn: suggested and applied"
  learn_image v2 "$T/root-learn" || { fail "learn: the image with the applied module"; return 1; }
  took "learn: applied image installed"
  pass "learn: the image rebuilt with the applied module installs (sepm-install --bundle)"
  echo "$L" > learn-L2
}

# learn_boot_files NAME V [only]: put learn-V.img in boot NAME's archive;
# with "only", that boot runs the runtimes' containers alone.
learn_boot_files () {
  mkdir -p "$T/p-$1"
  cp "learn-$2.img" "$T/p-$1/learn.img"
  [ "${3:-}" != only ] || echo runtimes > "$T/p-$1/kt-only"
}

# The learn container's denials (expected_denials in expect.sh): the
# draft's missing rules on its journal (learning run only) and the write
# to the host's file, on both installed versions.
learn_denials () {
  for l in ${L1:-} ${L2:-}; do
    printf '%s\n' "scontext=system_u:system_r:$l\\.process:$level tcontext=system_u:object_r:$l\\.state:$level tclass=file\$" \
      "\\{ append \\} .* scontext=system_u:system_r:$l\\.process:$level tcontext=system_u:object_r:etc_t:s0 tclass=file\$"
  done
}

# The markers of one run of learn-app through crun (vm-rt-l.sh).
# expect_learn_run LOG JOURNAL PRIVATE EXIT
expect_learn_run () {
  expect_marker "$1" "crun.l.exit 0" "learn: the container ran to its end"
  expect_marker "$1" "crun.l.container.current system_u:system_r:container_t:$level" "learn: it starts in container_t"
  expect_marker "$1" "crun.l.learn.config ok" "learn: learn-app reads its configuration"
  expect_marker "$1" "crun.l.learn.history ok" "learn: it reads its journal"
  expect_marker "$1" "crun.l.learn.journal $2" "learn: appending to its journal: $2"
  expect_marker "$1" "crun.l.learn.private $3" "learn: making its journal private: $3"
  expect_marker "$1" "crun.l.learn.motd failed" "learn: writing the host's /etc/motd fails"
  expect_marker "$1" "crun.l.learn.exit $4" "learn: learn-app exits $4"
  expect_avc "$1" "denied  { append } .* scontext=system_u:system_r:$l\\.process:$level tcontext=system_u:object_r:etc_t:s0 tclass=file" \
    "learn: the host's file is denied to the module's entry domain (AVC)"
}

# expect_learning LOG: the learning run, with the draft (L1).
expect_learning () {
  l=$L1
  expect_learn_run "$1" failed failed 1
  expect_avc "$1" "denied  { append } .* scontext=system_u:system_r:$l\\.process:$level tcontext=system_u:object_r:$l\\.state:$level tclass=file" \
    "learn: the journal's append is denied (AVC)"
  expect_avc "$1" "denied  { setattr } .* scontext=system_u:system_r:$l\\.process:$level tcontext=system_u:object_r:$l\\.state:$level tclass=file" \
    "learn: the journal's chmod is denied (AVC)"
}

# learn_suggest LOG: sepm-build --suggest on the serial log, --apply on
# the maintainer's module in place; the cases are checked, the counts
# printed.
learn_suggest () {
  m=$learn_src/learn/learn.cil
  run sepm-build --cache-dir "$SEPM_TEST_CACHE" -p "$SEPM_FIXTURE_ROOT" -m "$m" --suggest "$1" --apply "$m" --json
  cp "$T/out" learn-suggest.json
  if [ "$rc" = 0 ]; then pass "learn: sepm-build --suggest --apply reads the serial log"
  else fail "learn: sepm-build --suggest --apply exit $rc"; cat "$T/err" >&2; return 1; fi
  jq -r '.suggestions[] | "learn: \(.case) \(.source) -> \(.target) \(.class) { \(.perms | join(" ")) } (\(.records) records)"' \
    learn-suggest.json
  jq -r '"learn: \(.suggestions | length) denials from \(.records) records (\(.other) about other types): "
         + ([.suggestions | group_by(.case)[] | "\(length) \(.[0].case)"] | join(", "))' learn-suggest.json
  expect_jq learn-suggest.json '.malformed == []' "learn: no line of the serial log is malformed"
  expect_jq learn-suggest.json '[.suggestions[] | select(.case == "grantable")]
      | length == 1 and .[0].source == "learn.process" and .[0].target == "learn.state" and .[0].class == "file"
        and (.[0].perms | sort) == ["append", "setattr"]
        and .[0].statement == "(allow process state (file (append setattr)))"' \
    "learn: the journal's denials are one grantable statement, in the module's names"
  expect_jq learn-suggest.json '[.suggestions[] | select(.target == "etc_t")]
      | length == 1 and .[0].case == "masked-by-bounds" and .[0].perms == ["append"] and .[0].statement == null
        and (.[0].reason | test("bounded by container_t, which lacks \\{ append \\} on etc_t"))' \
    "learn: the host file's append is masked by container_t's bounds, with no statement"
  expect_jq learn-suggest.json '[.suggestions[] | select(.case == "allowed-by-bounds")] | length == 1
      and .[0].source == "container_t" and .[0].target == "learn.process" and .[0].statement == null' \
    "learn: crun's entry under no_new_privs (nnp_transition audited, the bounds let it in) is no refused transition"
  expect_jq learn-suggest.json '[.suggestions[].case] - ["grantable", "masked-by-bounds", "allowed-by-bounds"] == []' \
    "learn: no other case (no transition refused, no constraint, nothing forbidden)"
  if expect_jq learn-suggest.json '.applied != null' "learn: --apply wrote the module" \
      && grep -q "^  (allow process state (file (append setattr)))$" "$m" && ! grep -q etc_t "$m"; then
    pass "learn: the module has the grantable statement, not the masked one"
  else
    fail "learn: the applied module"; cat "$m" >&2; return 1
  fi
}

# expect_learned LOG: the boot with the applied module (L2): the workload
# runs, the journal's denials are gone, the host's file is still denied.
expect_learned () {
  l=$L2
  expect_learn_run "$1" ok ok 0
  expect_no_avc "$1" "tcontext=system_u:object_r:$l\\.state:" "learn: no denial on the journal any more"
  expect_no_other_denials "$1"
}
