# What the kernel test wants to see in a serial log.  $W is the web
# module's installed block, $level the container's level.

# expect_marker LOG MARKER DESCRIPTION: a line "KT MARKER" is in LOG.
expect_marker () {
  if grep -qxF "KT $2" "$1"; then
    pass "$3"
  else
    fail "$3: no 'KT $2' in $(basename "$1")"
    grep -e '^KT ' -e 'avc:' -e 'audit:' "$1" | head -n 60 >&2
  fi
}

# audit_lines LOG: the kernel's AVC and audit lines.
audit_lines () {
  grep -e 'avc: ' -e 'audit: ' "$1"
}

# expect_avc LOG PATTERN DESCRIPTION: an audit line matching PATTERN.
expect_avc () {
  if audit_lines "$1" | grep -q -e "$2"; then
    pass "$3"
  else
    fail "$3: no audit line matching '$2'"
    audit_lines "$1" | head -n 40 >&2
  fi
}

# expect_no_avc LOG PATTERN DESCRIPTION: no audit line matches PATTERN.
expect_no_avc () {
  if audit_lines "$1" | grep -q -e "$2"; then
    fail "$3"
    audit_lines "$1" | grep -e "$2" | head -n 5 >&2
  else
    pass "$3"
  fi
}

# The MCS denial of the entry domain reading its own type at s0:c3,c4:
# with mcs_constrained_type it is the domain's own constraint; without, the
# kernel still denies it, but only through the bounds (container_t's
# constraint), and says reason=bounds.
mcs_by_bounds () {
  echo "reason=bounds scontext=system_u:system_r:$W\\.process:$level tcontext=system_u:object_r:$W\\.content:s0:c3,c4"
}

# The denials the checks provoke, as extended regular expressions; any
# other denial is a failure.  A transition also asks the parent for
# siginh, rlimitinh and noatsecure, which neither the policy nor sepm
# grants (the kernel then resets signals and limits and sets AT_SECURE),
# and no_new_privs asks for nnp_transition before it falls back to bounds.
# When both refuse, the exec goes on in the old domain, which may not run
# kt_unbounded_exec without a transition.  Under a runtime's no_new_privs
# every transition asks nnp_transition first (then the bounds let it in).
# One denial is the runtime's, not a check's: runc stats /proc/kcore to
# decide whether to link /dev/core to it, and refpolicy gives
# container_engine_t no getattr on proc_kcore_t; the link is not made, and
# the container starts (docs/kernel-test.md).  Podman's (expect-podman.sh):
# the entry domain may not write its content, and on podman's overlay
# store may not read the lower file of the program it maps.
expected_denials () {
  p="system_u:system_r"; o="system_u:object_r"
  cat <<LIST
\\{ (siginh|rlimitinh|noatsecure) \\} .* tclass=process\$
\\{ nnp_transition \\} .* scontext=$p:(container_t|$W\\.process):$level .* tclass=process2\$
scontext=$p:$W\\.process:$level tcontext=$o:container_file_t:$level tclass=(dir|file)\$
scontext=$p:kt_exceed:$level tcontext=$o:kt_secret:$level tclass=file\$
\\{ execute_no_trans \\} .* scontext=$p:container_t:$level tcontext=$o:kt_unbounded_exec:$level tclass=file\$
scontext=$p:$W\\.process:$level tcontext=$o:kt_secret:$level tclass=file\$
scontext=$p:$W\\.process:$level tcontext=$o:$W\\.content:s0:c3,c4 tclass=file\$
\\{ (append|write) \\} .* scontext=$p:container_t:$level tcontext=$o:shadow_t:s0 tclass=file\$
\\{ (read|open) \\} .* scontext=$p:container_t:$level_b tcontext=$o:container_file_t:$level tclass=file\$
\\{ getattr \\} .* comm="runc:\\[2:INIT\\]" path="/proc/kcore" .* scontext=$p:container_engine_t:s0 tcontext=$o:proc_kcore_t:s0 tclass=file\$
\\{ write \\} .* scontext=$p:$W\\.process:$level tcontext=$o:$W\\.content:$level tclass=dir\$
\\{ read \\} .* path="/bin/busybox" .* scontext=$p:$W\\.process:$level tcontext=$o:container_ro_file_t:s0 tclass=file\$
LIST
  # The learn container's (learn.sh), when it runs.
  ! command -v learn_denials > /dev/null || learn_denials
}

# label_of BUNDLE: the process.selinuxLabel sepm-install wrote.
label_of () { jq -r .process.selinuxLabel "$1/config.json"; }

# expect_runtime LOG RT: the checks through runtime RT (vm-runtimes.sh):
# the first container (RT.a, bundle a) runs the same checks as the shell
# engine's, all under the bundle's no_new_privs; the second (RT.b, bundle
# b at s0:c3,c4) may not read what the first wrote.
expect_runtime () {
  log=$1; rt=$2; a=$2.a; b=$2.b
  p=system_u:system_r
  expect_marker "$log" "$a.exit 0" "$rt: the first container ran to its end"
  expect_marker "$log" "$a.container.current $(label_of bundle)" "$rt: it starts in the bundle's process.selinuxLabel"
  expect_marker "$log" "$a.nnp 1" "$rt: under no_new_privs (the bundle's noNewPrivileges)"
  expect_marker "$log" "$a.process.current $p:$W.process:$level" "$rt: the image's binary moves into the module's entry domain, under no_new_privs"
  expect_marker "$log" "$a.worker.current-is-worker ok" "$rt: the helper moves into the child domain"
  expect_marker "$log" "$a.lp.container-writes ok" "$rt: container_t may write the image's files"
  expect_marker "$log" "$a.lp.process-writes denied" "$rt: the entry domain may not"
  expect_marker "$log" "$a.lp.process-logs ok" "$rt: the entry domain writes its own logs"
  expect_marker "$log" "$a.exceed.entered ok" "$rt: the forced module's bounded domain is entered under no_new_privs"
  expect_marker "$log" "$a.bounds.exceed-reads denied" "$rt: the kernel masks what it grants beyond container_t"
  expect_marker "$log" "$a.mcs.same-level ok" "$rt: the entry domain reads its content at its own level"
  expect_marker "$log" "$a.mcs.other-level denied" "$rt: but not at s0:c3,c4"
  expect_marker "$log" "$a.nnp.unbounded denied" "$rt: the unbounded domain is refused under no_new_privs"
  expect_marker "$log" "$a.mcs.a-writes ok" "$rt: the first container writes in the shared volume"
  expect_marker "$log" "$b.exit 0" "$rt: the second container ran to its end"
  expect_marker "$log" "$b.container.current $(label_of bundle-b)" "$rt: it starts in its bundle's label, at $level_b"
  expect_marker "$log" "$b.mcs.b-reads-a denied" "$rt: it may not read what the first container wrote"
  expect_marker "$log" "$b.mcs.b-reads-own ok" "$rt: it reads what it wrote itself"
  c=$rt.c
  expect_marker "$log" "$c.exit 0" "$rt: the container without no_new_privs ran to its end"
  expect_marker "$log" "$c.nnp 0" "$rt: it has no no_new_privs (bundle c: noNewPrivileges false)"
  expect_marker "$log" "$c.bounds.exceed-reads denied" "$rt: without no_new_privs too, the kernel masks kt_exceed's grant"
  expect_marker "$log" "$c.unbounded.entered ok" "$rt: without no_new_privs the unbounded domain is entered (so a's refusal is no_new_privs')"
}

# The reasons the runtimes' checks must flip on the negative-control boots.
# Without typebounds, no_new_privs keeps kt_exceed out altogether.
# Without no_new_privs (bundle c) it reads kt_secret: the masking is gone.
expect_runtime_nobounds () {
  expect_marker "$1" "$2.a.exceed.entered denied" \
    "$2: without typebounds no_new_privs refuses kt_exceed (that check would fail)"
  expect_marker "$1" "$2.c.bounds.exceed-reads ok" \
    "$2: without typebounds kt_exceed reads kt_secret (the masking check would fail)"
}
# Both containers at one level: the second one reads the first one's file.
expect_runtime_onelevel () {
  expect_marker "$1" "$2.b.container.current $(label_of bundle)" "$2: the second container starts at the first one's level"
  expect_marker "$1" "$2.b.mcs.b-reads-a ok" \
    "$2: at one level it reads what the first wrote (the MCS check would fail)"
}

expect_no_other_denials () {
  expected_denials > expected-denials
  grep 'avc:  denied' "$1" | sed 's/ permissive=[01]$//' | grep -v -E -f expected-denials > unexpected-denials || true
  if [ -s unexpected-denials ]; then
    fail "$(basename "$1"): denials no check asked for"
    head -n 20 unexpected-denials >&2
  else
    pass "no denial but the ones the checks provoke"
  fi
}

expect_enforcing () {
  log=$1
  p=system_u:system_r
  expect_marker "$log" "policy loaded" "the kernel loads the policy sepm-install built"
  expect_marker "$log" "enforce 1" "SELinux is enforcing"
  # 1. Transitions on exec.
  expect_marker "$log" "container.current $p:container_t:$level" "the container starts in container_t"
  expect_marker "$log" "process.current $p:$W.process:$level" "the image's binary moves into the module's entry domain"
  expect_marker "$log" "worker.current-is-worker ok" "the helper moves into the child domain"
  expect_marker "$log" "httpd.current $p:$W.worker:$level" "the sample's httpd runs in the child domain"
  expect_marker "$log" "sample.master-log ok" "the sample's master writes its log (granted by the module)"
  expect_marker "$log" "sample.served ok" "the sample's worker serves its content (granted by the module)"
  # 2. Least privilege.
  expect_marker "$log" "lp.container-writes ok" "container_t may write the image's files"
  expect_marker "$log" "lp.process-writes denied" "the entry domain may not"
  expect_avc "$log" "denied .* scontext=$p:$W.process:$level tcontext=system_u:object_r:container_file_t:$level" \
    "that denial is in the AVC log"
  expect_marker "$log" "lp.process-logs ok" "the entry domain writes its own logs"
  # 3. Bounds.
  expect_marker "$log" "exceed.entered ok" "the forced module's domain is entered"
  expect_marker "$log" "bounds.exceed-reads denied" "the kernel masks what the forced module grants beyond container_t"
  expect_avc "$log" "reason=bounds.*kt_exceed.*kt_secret" "the audit log gives the bounds reason"
  # 4. MCS.
  expect_marker "$log" "mcs.same-level ok" "the entry domain reads its content at its own level"
  expect_marker "$log" "mcs.other-level denied" "but not the same type at s0:c3,c4"
  expect_avc "$log" "denied .*tcontext=system_u:object_r:$W.content:s0:c3,c4" "that denial is in the AVC log"
  expect_no_avc "$log" "$(mcs_by_bounds)" "it is the domain's own MCS constraint that denies, not only its bounds"
  # 5. The single-label way in.
  expect_marker "$log" "single.current $p:$W.process:$level" "the engine starts the entry domain directly"
  expect_marker "$log" "single.exec.current $p:$W.process:$level" "under one context= label it stays there on exec"
  expect_marker "$log" "single.reads ok" "it reads the image's files"
  expect_marker "$log" "single.writes denied" "it may not write them (container_t could)"
  expect_marker "$log" "single.exceed denied" "nor read what container_t may not"
  # 6. no_new_privs.
  expect_marker "$log" "nnp.process.current $p:$W.process:$level" "under no_new_privs the bounded transition happens"
  expect_marker "$log" "unbounded.current $p:kt_unbounded:$level" "without no_new_privs the unbounded domain is entered"
  expect_marker "$log" "nnp.unbounded denied" "under no_new_privs the unbounded transition is refused"
  expect_avc "$log" "security_bounded_transition.*kt_unbounded" "the audit log names the refused bounded transition"
  for rt in crun runc; do expect_runtime "$log" $rt; done
  expect_avc "$log" "denied .* scontext=$p:container_t:$level_b tcontext=system_u:object_r:container_file_t:$level" \
    "the second containers' denial is in the AVC log"
  expect_no_other_denials "$log"
}
