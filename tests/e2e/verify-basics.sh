#!/bin/sh
# sepm-verify's interface: exit codes, compiler-style findings, JSON, and
# the three ways to name the system policy.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
M="$top_srcdir/tests/modules"
C="$SEPM_TEST_CACHE"
R="$SEPM_FIXTURE_ROOT"

# one_module NAME STATEMENT: $T/NAME.cil, the template's app and STATEMENT.
one_module () {
  printf '(block %s (blockinherit sepm.v1.app)\n  %s)\n' "$1" "$2" > "$T/$1.cil"
}

expect_rc 0 "an honest module is admitted" sepm-verify --cache-dir "$C" -p "$R" "$M/web.cil"
expect_grep "$T/out" "web.cil: admitted" "the verdict line names the module"

expect_rc 1 "a module exceeding container_t is rejected" sepm-verify --cache-dir "$C" -p "$R" "$M/web-exceeds.cil"
expect_grep "$T/out" "^.*web-exceeds.cil:18: error: web.process exceeds its bound container_t: allow web.process shadow_t:file { read open }; container_t lacks { read open }" \
  "the finding reads like a compiler's, with file:line"
expect_grep "$T/out" "\[bounds.exceeds\]" "the finding names its rule id"
expect_grep "$T/out" "hint: " "the finding says how to fix it"

# The templates: the build tree finds its own; when none are found, the
# tools say where they looked and how to point at them.
S="$top_srcdir/samples/web-server/web.cil"
expect_rc 0 "from the build tree, a module that inherits the templates is admitted" \
  env -u SEPM_DATA_DIR sepm-verify --cache-dir "$C" -p "$R" --json "$S"
expect_jq "$T/out" '.policy.templates | endswith("policy-templates/refpolicy/sepm.cil")' "the JSON names the templates used"
expect_rc 1 "without templates it does not compile" env SEPM_DATA_DIR="$T/none" sepm-verify --cache-dir "$C" -p "$R" "$S"
expect_grep "$T/err" "note: no templates at $T/none/policy-templates/refpolicy/sepm.cil" "the note says where it looked"
expect_grep "$T/out" "hint: No templates were compiled with the module" "the finding's hint names the cause"
expect_grep "$T/out" "give --templates FILE" "and the fix"
expect_rc 1 "the same with --json" env SEPM_DATA_DIR="$T/none" sepm-verify --cache-dir "$C" -p "$R" --json "$S"
expect_jq "$T/out" '.policy.templates == null' "the JSON says no templates were used"

# A compile error names its line and the word: libsepol names neither the
# line of an unknown keyword nor the name a statement failed to resolve.
one_module typo "(alow process self (file (read)))"
one_module unres "(allow process nosuch_t (fiel (read)))"
expect_rc 1 "an unknown keyword" sepm-verify --cache-dir "$C" -p "$R" --json "$T/typo.cil"
expect_jq "$T/out" '.modules[0].findings[0] | .rule == "compile.error" and .line == 2 and (.message | test("Unknown keyword alow"))' \
  "is a compile error at its line"
for mode in "" --full; do
  expect_rc 1 "a name nothing declares${mode:+ ($mode)}" sepm-verify $mode --cache-dir "$C" -p "$R" "$T/unres.cil"
  expect_grep "$T/out" "unres.cil:2: error: .*nothing declares \`nosuch_t\`, \`fiel\`" "the finding names the words${mode:+ ($mode)}"
done
# An unbalanced paren: the finding's line is the paren left open.
printf '(block paren (blockinherit sepm.v1.app)\n  (allow process self (file (read)))\n  (allow process self (dir (search))\n  (allow process self (fifo_file (read))))\n' > "$T/paren.cil"
expect_rc 1 "an unbalanced paren is a finding" sepm-verify --cache-dir "$C" -p "$R" --json "$T/paren.cil"
expect_jq "$T/out" '.modules[0].findings[0] | .rule == "compile.error" and .line == 1 and (.message | test("^unbalanced"))' \
  "its JSON line is the paren never closed"
expect_rc 1 "in text too" sepm-verify --cache-dir "$C" -p "$R" "$T/paren.cil"
expect_grep "$T/out" "paren.cil:1: error: unbalanced \`(\`: it is never closed (the text ends at line 5)" "named once, at its line"
expect_rc 1 "an unknown keyword in the second module of a set" \
  sepm-verify --cache-dir "$C" -p "$R" --together --json "$M/web.cil" "$T/typo.cil"
expect_jq "$T/out" '(.modules[1].findings[0] | .line == 2 and (.message | test("Unknown keyword")))
                    and (.modules[0].findings[0].message | test("not verified"))' \
  "is charged to that module, not to the first"

expect_rc 1 "one rejected module rejects the run" sepm-verify --cache-dir "$C" -p "$R" "$M/web.cil" "$M/web-exceeds.cil"

expect_rc 1 "--json on a rejected module" sepm-verify --cache-dir "$C" -p "$R" --json "$M/web-exceeds.cil" "$M/web.cil"
if jq -e '.verdict == "reject" and .mode == "fast"
          and (.modules | length) == 2
          and .modules[0].verdict == "reject"
          and (.modules[0].findings | map(.rule) | index("bounds.exceeds")) != null
          and (.modules[0].findings[] | select(.rule == "bounds.exceeds") | .line) == 18
          and .modules[1].verdict == "admit"
          and (.modules[1].types | map(select(.name == "web.process"))[0].bounds) == "container_t"
          and (.timings.total_seconds | type) == "number"' "$T/out" > /dev/null; then
  pass "the JSON report has verdicts, findings with lines, types and timings"
else
  fail "the JSON report"; head -c 2000 "$T/out" >&2
fi

expect_rc 2 "a missing module file cannot be verified" sepm-verify --cache-dir "$C" -p "$R" "$T/missing.cil"
expect_grep "$T/err" "missing.cil" "the error names the missing file"
expect_rc 2 "a missing policy root cannot be verified" sepm-verify --cache-dir "$C" -p "$T/no-root" "$M/web.cil"
printf 'not a policy' > "$T/bad.pol"
expect_rc 2 "an unreadable binary policy cannot be verified" sepm-verify --cache-dir "$C" --policy "$T/bad.pol" "$M/web.cil"
expect_grep "$T/err" "bad.pol" "the error names the bad policy"
printf 'domain-parent\n' > "$T/bad.profile"
expect_rc 2 "a malformed profile cannot be used" sepm-verify --cache-dir "$C" -p "$R" --profile "$T/bad.profile" "$M/web.cil"
expect_grep "$T/err" "bad.profile:1:" "the profile error names file and line"
expect_rc 2 "--policy and -p exclude each other" sepm-verify --policy x -p "$R" "$M/web.cil"

printf 'domain-parent container_tt\nobject-parent container_file_t\n' > "$T/typo.profile"
expect_rc 2 "a profile that names no type of the system is refused" \
  sepm-verify --cache-dir "$C" -p "$R" --profile "$T/typo.profile" "$M/web.cil"
expect_grep "$T/err" "names .container_tt., which is not a type of the system policy" "the error names the typo"
printf 'domain-parent container_domain\n' > "$T/attr.profile"
expect_rc 2 "a profile that names an attribute is refused" \
  sepm-verify --cache-dir "$C" -p "$R" --profile "$T/attr.profile" "$M/web.cil"

# A store without refpolicy's container module (Debian's default store):
# the error says which module is missing and where the fix is written.
cp -a "$R" "$T/nocontainer"
if semodule -p "$T/nocontainer" -s default -n -r container 2> /dev/null; then
  expect_rc 2 "a store without the container module cannot be verified against" \
    sepm-verify --cache-dir "$T/cache" -p "$T/nocontainer" "$top_srcdir/samples/web-server/web.cil"
  expect_grep "$T/err" "has no .container. module" "the error names the missing module"
  expect_grep "$T/err" "docs/install.md" "and where to read how to install it"
else
  fail "could not remove the container module from a copy of the fixture"
fi

# A profile that allows only container_ro_file_t for objects rejects web.exec.
printf 'domain-parent container_t\nobject-parent container_ro_file_t\n' > "$T/ro.profile"
expect_rc 1 "a tighter profile rejects a parent the default allows" \
  sepm-verify --cache-dir "$C" -p "$R" --profile "$T/ro.profile" "$M/web.cil"
expect_grep "$T/out" "\[types.parent\]" "the finding is types.parent"

# The binary policy alone (no store) gives the same verdicts.
P=$(ls "$R"/etc/selinux/default/policy/policy.* | head -n 1)
expect_rc 0 "--policy admits the honest module" sepm-verify --cache-dir "$C" --policy "$P" "$M/web.cil"
expect_rc 1 "--policy rejects the escape" sepm-verify --cache-dir "$C" --policy "$P" "$M/web-exceeds.cil"

# A module written with the templates: child domain, anchor, macros.
expect_rc 0 "a module built from the templates is admitted" \
  sepm-verify --cache-dir "$C" -p "$R" --templates "$top_srcdir/policy-templates/refpolicy/sepm.cil" "$M/templated-web.cil"
expect_grep "$T/out" "admitted (6 types" "it declares six bounded types"

# Layers: a module may build on another verified with it.
TPL="$top_srcdir/policy-templates/refpolicy/sepm.cil"
expect_rc 1 "the app layer alone does not compile (it needs the base)" \
  sepm-verify --cache-dir "$C" -p "$R" --templates "$TPL" "$M/layer-app.cil"
expect_grep "$T/out" "compile.error" "the missing base is a compile error"
expect_rc 0 "base and app verified together are admitted" \
  sepm-verify --cache-dir "$C" -p "$R" --templates "$TPL" --together --json "$M/layer-base.cil" "$M/layer-app.cil"
expect_jq "$T/out" '.modules[1].types | map(select(.name == "app.tool"))[0] | .bounds == "base.process" and .root_parent == "container_t"' \
  "app.tool is bounded by base.process and rooted at container_t"
expect_rc 1 "an app layer that widens the base's domain is rejected" \
  sepm-verify --cache-dir "$C" -p "$R" --templates "$TPL" --together "$M/layer-base.cil" "$M/layer-app-exceeds.cil"
expect_grep "$T/out" "layer-app-exceeds.cil:3: error: base.process exceeds its bound container_t" \
  "the finding is charged to the app layer's module and line"

# A set is compiled as one: when one module does not parse, the others
# were not verified either, and none may read as admitted.
printf '(block broken (blockinherit sepm.v1.app)\n' > "$T/broken.cil"
expect_rc 1 "a set with a module that does not parse is rejected" \
  sepm-verify --cache-dir "$C" -p "$R" --templates "$TPL" --together --json "$M/layer-base.cil" "$T/broken.cil"
expect_jq "$T/out" '[.modules[].verdict] == ["reject", "reject"] and (.modules[0].findings[0].message | test("not verified: .*broken.cil"))' \
  "the module that parsed is not admitted, and its finding names the one that did not"

# libsepol names only the first 4 rules that break a neverallow: in a set
# where one module writes more, another module's violation may go unnamed.
# That module is not cleared (exact mode; fast mode runs the check itself).
{ printf '(block fa (blockinherit sepm.v1.app)\n'
  for i in 1 2 3 4 5 6; do printf '  (allow process self (process (setcurrent)))\n'; done
  printf ')\n'; } > "$T/fa.cil"
printf '(block fb (blockinherit sepm.v1.app)\n  (allow process self (process (setcurrent))))\n' > "$T/fb.cil"
printf '(block fc (blockinherit sepm.v1.app)\n  (allow process self (file (read))))\n' > "$T/fc.cil"
expect_rc 1 "six rules and one more that break one neverallow, together (--full)" \
  sepm-verify --full --cache-dir "$C" -p "$R" --templates "$TPL" --together --json "$T/fa.cil" "$T/fb.cil" "$T/fc.cil"
expect_jq "$T/out" '[.modules[].verdict] == ["reject", "reject", "reject"] and (.modules[2].findings | map(select(.rule == "compile.error" and (.message | test("not cleared")))) | length > 0)' \
  "no module of the set reads as admitted when libsepol's list of rules is cut"
expect_rc 0 "the honest module of that set, alone (--full)" \
  sepm-verify --full --cache-dir "$C" -p "$R" --templates "$TPL" "$T/fc.cil"

# Together, each module gets the findings it gets alone (the long
# differential run found all three): two modules that write the same
# default_* rule are both charged; a second rule for the same class stays
# its own module's; and a module whose one statement trips 500 rules (a
# typemember for every member of a system attribute) neither takes the
# others' places nor is blamed on the modules whose types the attribute
# holds.
one_module dflta "(defaulttype tcp_socket target)"
one_module dfltb "(defaulttype tcp_socket target)"
one_module dfltc "(defaultuser tcp_socket target)"
one_module flood "(typemember milter_client_packet_t non_auth_file_type process process)"
for mode in "" --full; do
  expect_rc 1 "four modules together${mode:+ ($mode)}" sepm-verify $mode --cache-dir "$C" -p "$R" --templates "$TPL" \
    --together --json "$T/flood.cil" "$T/dflta.cil" "$T/dfltb.cil" "$T/dfltc.cil"
  expect_jq "$T/out" '[.modules[] | [.findings[].rule] | unique | join(",")] == ["system.transition", "system.default", "system.default", "system.default"]' \
    "each module has its own rule ids${mode:+ ($mode)}"
  expect_jq "$T/out" '.modules[1].findings[0].statement == "(defaulttype tcp_socket target)" and .modules[3].findings[0].statement == "(defaultuser tcp_socket target)"' \
    "each default rule is charged to the statement that wrote it${mode:+ ($mode)}"
done

# A grant written with container_t's old name (an alias) is charged to the
# module that wrote it, not to one whose statement names an attribute
# that happens to hold both types.
one_module grant "(allow svirt_lxc_net_t process (kcm_socket (relabelto map)))"
one_module entry "(typetransition process sepm.v1.engine_entry sock_file \"n48\" evolution_webcal_tmpfs_t)"
expect_rc 1 "a parent grant through the alias, beside a transition to an attribute" \
  sepm-verify --cache-dir "$C" -p "$R" --together --json "$T/entry.cil" "$T/grant.cil"
expect_jq "$T/out" '([.modules[0].findings[].rule] | index("system.parent-grant")) == null
                    and ([.modules[1].findings[] | select(.rule == "system.parent-grant") | .statement] | unique)
                        == ["(allow svirt_lxc_net_t process (kcm_socket (relabelto map)))"]' \
  "the grant is charged to the statement that wrote it"

# A child domain that exceeds its parent (the long run's seed 1, m00538)
# keeps its findings beside a module whose process joins
# process_user_target, which holds the child too: `process` there is the
# other module's type, not the class of the same name.
cat > "$T/kid.cil" <<'CIL'
(block kid
  (type dom0)
  (typebounds container_t dom0)
  (call .sepm.v1.domain_identity (dom0))
  (type data1)
  (typebounds container_file_t data1)
  (call .sepm.v1.file_identity (data1))
  (type child2)
  (type obj3)
  (call sepm.v1.child_domain (dom0 data1 child2 obj3))
  (call sepm.v1.read_files (child2 data1)))
CIL
one_module put "(typeattributeset process_user_target (process))"
expect_rc 1 "a child domain beyond its parent, beside process_user_target" \
  sepm-verify --full --cache-dir "$C" -p "$R" --together --json "$T/kid.cil" "$T/put.cil"
expect_jq "$T/out" '([.modules[0].findings[].rule] | index("bounds.exceeds")) != null
                    and ([.modules[1].findings[] | select(.message | test("kid[.]"))] | length) == 0' \
  "the child's bounds findings stay with the module that has the child"

# A rule for container_t compiled from `self` on a module's own attribute
# that holds it (the compiler drops the attribute and writes one rule per
# member) is charged to that module's rule, not to a neighbour's grant
# that names container_t for another class (the long run's seed 1, m01426
# beside m01411).
cat > "$T/nb.cil" <<'CIL'
(block nb
  (blockinherit .sepm.v1.app)
  (type exec2)
  (typebounds container_file_t exec2)
  (call .sepm.v1.file_identity (exec2))
  (allow container_t exec2 (file (read))))
CIL
cat > "$T/atk.cil" <<'CIL'
(block atk
  (blockinherit .sepm.v1.app)
  (typeattribute attr3)
  (typeattributeset attr3 (container_t process))
  (allow attr3 self (fifo_file (quotaon))))
CIL
for mode in "" --full; do
  expect_rc 1 "a rule through an own attribute, beside a grant to container_t${mode:+ ($mode)}" \
    sepm-verify $mode --cache-dir "$C" -p "$R" --together --json "$T/nb.cil" "$T/atk.cil"
  expect_jq "$T/out" '(.modules[0].findings | length) == 0
                      and ([.modules[1].findings[] | select(.rule == "system.rule") | .statement] | unique)
                          == ["(allow attr3 self (fifo_file (quotaon)))"]' \
    "the rule is charged to the attribute's own rule${mode:+ ($mode)}"
done

# A set of everything, `(typeattributeset a (all))`, grants nothing: the
# child domain's bounds findings stay with the module that has the child
# (the long run's m00505 beside m00448 and m00487).
one_module everything "(typeattribute attr1)
  (typeattributeset attr1 ((all) (or updpwd_exec_t process)))"
expect_rc 1 "a child domain beyond its parent, beside a set of every type" \
  sepm-verify --full --cache-dir "$C" -p "$R" --together --json "$T/kid.cil" "$T/everything.cil"
expect_jq "$T/out" '([.modules[0].findings[].rule] | index("bounds.exceeds")) != null
                    and (.modules[1].findings | length) == 0' \
  "the set of every type is charged nothing"

# A constraint that compares levels and a default_* rule whose words have
# a hyphen find the statements that wrote them, beside neighbours that
# share some words (the long run's m00469 beside m00404, m00895 beside
# m00927).
one_module mlsc "(mlsconstrain (unix_dgram_socket (create append)) (incomp l1 l2))"
one_module plainc "(constrain (rose_socket (read append)) (and (eq r1 r2) (neq t1 t2)))"
one_module lowhigh "(defaultrange file target low-high)"
one_module low "(defaultrange dir target low)"
for mode in "" --full; do
  expect_rc 1 "two constraints and two default ranges together${mode:+ ($mode)}" sepm-verify $mode --cache-dir "$C" \
    -p "$R" --together --json "$T/plainc.cil" "$T/mlsc.cil" "$T/low.cil" "$T/lowhigh.cil"
  expect_jq "$T/out" '[.modules[] | [.findings[] | .statement]] == [
                        ["(constrain (rose_socket (read append)) (and (eq r1 r2) (neq t1 t2)))"],
                        ["(mlsconstrain (unix_dgram_socket (create append)) (incomp l1 l2))"],
                        ["(defaultrange dir target low)"], ["(defaultrange file target low-high)"]]' \
    "each is charged to its own statement${mode:+ ($mode)}"
done

# A module's neverallow that the system's own rules break is that
# module's finding, whoever else is verified with it (the long run's
# m00604 and m00623).
one_module nvr "(neverallow spc_t self (dir (ioctl lock open remove_name)))"
expect_rc 1 "a neverallow the system breaks, verified after another module" \
  sepm-verify --full --cache-dir "$C" -p "$R" --together --json "$M/web.cil" "$T/nvr.cil"
expect_jq "$T/out" '([.modules[0].findings[].rule] | index("module.neverallow")) == null
                    and ([.modules[1].findings[].rule] | index("module.neverallow")) != null' \
  "it is charged to the module whose neverallow it is"

# A new constraint is one finding: the system's own constraints keep their
# lines wherever the new one lands (no position in the diff), also with
# two modules' constraints on one class verified together.
one_module cona "(constrain (file (read)) (eq t1 t2))"
one_module conb "(constrain (file (write)) (eq r1 r2))"
for mode in "" --full; do
  expect_rc 1 "one new constraint${mode:+ ($mode)}" sepm-verify $mode --cache-dir "$C" -p "$R" --json "$T/cona.cil"
  expect_jq "$T/out" '[.modules[0].findings[].rule] == ["system.constraint"]' \
    "it is one system.constraint finding, and nothing reads as removed${mode:+ ($mode)}"
  expect_rc 1 "two modules' constraints together${mode:+ ($mode)}" sepm-verify $mode --cache-dir "$C" -p "$R" \
    --together --json "$T/cona.cil" "$T/conb.cil"
  expect_jq "$T/out" '[.modules[] | [.findings[].rule]] == [["system.constraint"], ["system.constraint"]]' \
    "each module gets its own constraint${mode:+ ($mode)}"
done
# Two constraints on one class that differ only in their expression: the
# finding shows the expression in CIL's words, and so finds its statement
# (the long differential run's seed 1, m04843).
one_module vta "(mlsvalidatetrans filesystem (dom l1 h2))"
one_module vtb "(mlsvalidatetrans filesystem (eq h1 h2))"
for mode in "" --full; do
  expect_rc 1 "two validatetrans of one class together${mode:+ ($mode)}" sepm-verify $mode --cache-dir "$C" -p "$R" \
    --together --json "$T/vta.cil" "$T/vtb.cil"
  expect_jq "$T/out" '[.modules[] | [.findings[] | select(.rule == "system.constraint") | .message | test("\\(eq h1 h2\\)")]] == [[false], [true]]' \
    "each validatetrans is charged to the module that wrote it${mode:+ ($mode)}"
done

# A child domain put in container_net_domain, which its parent is not in,
# gets the attribute's rules beyond its bound.
# Beside it, a module that writes a rule on container_net_domain and one
# that comes first in the set: both put nobody in the attribute (the long
# run's seed 2, m01141 beside m01129 and m01100; libsepol's own message
# names no module's line, and went to the set's first module).
cat > "$T/netkid.cil" <<'CIL'
(block netkid
  (blockinherit sepm.v1.app)
  (type child0)
  (type obj1)
  (call sepm.v1.child_domain (process exec child0 obj1))
  (typeattributeset container_net_domain (child0)))
CIL
one_module onattr "(auditallow process container_net_domain (udp_socket (lock recvfrom)))"
for mode in "" --full; do
  expect_rc 1 "a child in container_net_domain beside a rule on the attribute${mode:+ ($mode)}" \
    sepm-verify $mode --cache-dir "$C" -p "$R" --together --json "$M/web.cil" "$T/onattr.cil" "$T/netkid.cil"
  expect_jq "$T/out" '(.modules[0].findings | length) == 0
                      and ([.modules[1].findings[].rule] | index("bounds.exceeds")) == null
                      and ([.modules[2].findings[].rule] | index("bounds.exceeds")) != null' \
    "the child's bounds findings are its own module's${mode:+ ($mode)}"
done

# An alias is its type under another name: container_t made permissive
# through svirt_lxc_net_t is charged to the module that wrote the alias,
# not to a module before it that made its own domain permissive (the long
# run's seed 2, m09188 beside m09120).
one_module permown "(typepermissive process)"
one_module permalias "(typepermissive svirt_lxc_net_t)"
for mode in "" --full; do
  expect_rc 1 "two typepermissive modules together${mode:+ ($mode)}" \
    sepm-verify $mode --cache-dir "$C" -p "$R" --together --json "$T/permown.cil" "$T/permalias.cil"
  expect_jq "$T/out" '([.modules[0].findings[] | select(.message | test("container_t"))] | length) == 0
                      and ([.modules[1].findings[] | select(.rule == "system.permissive") | .message]
                           | any(test("permissive container_t")))' \
    "container_t's permissive is charged to the module that wrote its alias${mode:+ ($mode)}"
done

# A name the CIL converter made up (base_typeattr_N) is shown with the
# expression it stands for.
one_module ud "(typeattributeset unconfined_domain_type (process))"
expect_rc 1 "a module type in unconfined_domain_type" sepm-verify --cache-dir "$C" -p "$R" "$T/ud.cil"
expect_grep "$T/out" "base_typeattr_[0-9]* \[(and (domain) (not (set_curr_context)))\]" \
  "the neverallow's generated attribute is shown as its expression"
# One statement, one cause first: the attribute its parent lacks, then a
# few of the dozens of rules it brings, and a count of the rest.
if [ "$(grep -c 'ud.cil:2: error: .*\[bounds.exceeds\]' "$T/out")" = 3 ]; then
  pass "three of the statement's bounds findings are shown"
else
  fail "the statement's bounds findings are not cut to three"
fi
expect_grep "$T/out" "ud.cil:2: note: [0-9][0-9]* more bounds.exceeds findings of this statement" "and the rest are counted"
if [ "$(grep -m1 ' error: ' "$T/out" | grep -c 'attr.not-in-parent')" = 1 ]; then
  pass "the cause comes first"
else
  fail "the first finding is not the cause: $(grep -m1 ' error: ' "$T/out")"
fi
expect_rc 1 "the same with --json" sepm-verify --cache-dir "$C" -p "$R" --json "$T/ud.cil"
expect_jq "$T/out" '.modules[0].findings[0].rule == "attr.not-in-parent"
                    and ([.modules[0].findings[] | select(.rule == "bounds.exceeds")] | length) > 3' \
  "the JSON puts the cause first and lists every finding"

# --report's columns line up, however long a class name is.
one_module wide "(allow process self (netlink_kobject_uevent_socket (create read)))"
expect_rc 0 "--report on a module with a long class name" sepm-verify --report --cache-dir "$C" -p "$R" "$T/wide.cil"
expect_grep "$T/out" "^    netlink_kobject_uevent_socket  *[0-9]" "the long class name is in the report"
if [ "$(grep '^    [a-z_]* *[0-9]* of ' "$T/out" | awk '{ print index($0, " of ") }' | sort -u | wc -l)" = 1 ]; then
  pass "every class line has its counts in the same column"
else
  fail "--report's columns do not line up"; sed 's/^/  | /' "$T/out" >&2
fi

# A cold cache and a warm one give the same report.  The cold one says
# what it is doing on stderr (-v with the seconds, -q not at all).
expect_rc 0 "a cold cache with -q" sepm-verify -q --cache-dir "$T/cache-q" -p "$R" "$M/web.cil"
if grep -q "compiling" "$T/err"; then fail "-q still reports progress"; sed 's/^/  | /' "$T/err" >&2; else pass "-q reports no progress"; fi
expect_rc 1 "cold cache" sepm-verify -v --cache-dir "$T/cache" -p "$R" "$M/web-exceeds.cil" "$M/web.cil"
expect_grep "$T/err" "^sepm-verify: \[ *[0-9.]* s\] compiling the whole system policy alone (once per policy" \
  "the cold cache's compile is reported, with -v's seconds"
expect_grep "$T/err" "^sepm-verify: \[ *[0-9.]* s\] slicing the system policy for fast mode" "so is the slice"
cp "$T/out" "$T/cold"
expect_rc 1 "warm cache" sepm-verify --cache-dir "$T/cache" -p "$R" "$M/web-exceeds.cil" "$M/web.cil"
if cmp -s "$T/cold" "$T/out"; then pass "cold and warm runs agree"; else fail "cold and warm runs differ"; diff "$T/cold" "$T/out" >&2; fi

finish
