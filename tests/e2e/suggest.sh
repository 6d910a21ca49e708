#!/bin/sh
# sepm-build --suggest on the fixture: what to add for logged denials,
# decided with the bounds (docs/suggest.md).  A mixed log gives each case
# with its statement or reason; --apply writes a module sepm-verify
# admits; the corpus of denials a naive audit2allow would answer with an
# allow rule (tests/corpus/denials) never gets "grantable".
. "$top_srcdir/tests/e2e/lib.sh"
need_root
command -v jq > /dev/null || { echo "SKIP: needs jq" >&2; exit 77; }
export SEPM_DATA_DIR="$top_srcdir"
POL="--cache-dir $SEPM_TEST_CACHE -p $SEPM_FIXTURE_ROOT"
WEB="$top_srcdir/samples/web-server/web.cil"
D="$top_srcdir/tests/corpus/denials"
cd "$T"

# case_of FILE LINE: the case and statement the report gives the record on LINE.
case_of () { jq -r --argjson l "$2" '[.suggestions[] | select(.line == $l) | "\(.case) \(.statement // "-")"][0]' "$1"; }

# shellcheck disable=SC2086
expect_rc 0 "--suggest on a mixed log" sepm-build $POL -m "$WEB" --suggest "$D/mixed.audit" --json
cp "$T/out" mixed.json
[ "$(case_of mixed.json 1)" = "grantable (allow process content (file (write)))" ] \
  && pass "an installed name's denial on its own file type: grantable, in the module's local names, merged" \
  || fail "line 1: $(case_of mixed.json 1)"
expect_jq mixed.json '[.suggestions[] | select(.line == 1)][0].records == 2' "two records of one denial are merged"
[ "$(case_of mixed.json 2)" = "masked-by-bounds -" ] && pass "reading shadow_t: masked by container_t's bounds" \
  || fail "line 2: $(case_of mixed.json 2)"
expect_jq mixed.json '[.suggestions[] | select(.line == 2)][0].reason | test("bounded by container_t, which lacks \\{ read \\} on shadow_t")' \
  "the reason names the parent and what it lacks"
[ "$(case_of mixed.json 4)" = "grantable (allow worker logs (file (append)))" ] \
  && pass "a dmesg line with hex-encoded fields: the worker's denial, grantable" || fail "line 4: $(case_of mixed.json 4)"
[ "$(case_of mixed.json 5)" = "constraint -" ] && pass "ausearch -i output, another level: the MCS constraint" \
  || fail "line 5: $(case_of mixed.json 5)"
[ "$(case_of mixed.json 6)" = "transition -" ] && pass "a bounded transition refused under no_new_privs: explained" \
  || fail "line 6: $(case_of mixed.json 6)"
expect_jq mixed.json '.other == 1 and (.malformed | length) == 1 and (.malformed[0] | test("line 9: .*without tcontext"))' \
  "sshd_t's record is skipped, the cut line reported with its number"

# The text report, from standard input.
# shellcheck disable=SC2086
run sh -c "sepm-build $POL -m '$WEB' --suggest - < '$D/mixed.audit'"
expect_grep "$T/out" "^-:1: grantable: web.process -> web.content file { write } (2 records)$" "stdin: one line per denial"
expect_grep "$T/out" "^    (allow process content (file (write)))$" "stdin: the statement under it"
expect_grep "$T/out" "^6 denials: 3 grantable, 1 masked by bounds, 1 constraint, 0 forbidden, 1 transition, 0 allowed by bounds, 0 unknown" \
  "stdin: the counts"

# --apply: a new file with the grantable statements, verified whole.
before=$(sha256sum < "$WEB")
# shellcheck disable=SC2086
expect_rc 0 "--apply writes the module with the statements" \
  sepm-build $POL -m "$WEB" --suggest "$D/mixed.audit" --apply applied.cil --json
expect_jq "$T/out" '.applied == "applied.cil"' "the report names the file written"
[ "$(sha256sum < "$WEB")" = "$before" ] && pass "the module itself is untouched" || fail "the module changed"
grep -q "; added by sepm-build --suggest for the denials in .*mixed.audit" applied.cil \
  && grep -q "^  (allow process content (file (write)))$" applied.cil && grep -q "^  (allow worker logs (file (append)))$" applied.cil \
  && ! grep -q "shadow_t" applied.cil && pass "only the grantable statements, under a comment naming the log" \
  || { fail "applied.cil"; cat applied.cil >&2; }
# shellcheck disable=SC2086
expect_rc 0 "sepm-verify admits the applied module" sepm-verify $POL applied.cil
# The same denials against the applied module: nothing left to grant that
# was not granted (the statements are there; each is asked again).
# shellcheck disable=SC2086
expect_rc 0 "--suggest again on the applied module" sepm-build $POL -m applied.cil --suggest "$D/masked-shadow.log" --json
expect_jq "$T/out" '[.suggestions[].case] == ["masked-by-bounds"]' "a masked denial stays masked after --apply"

# A serial console's records of an OCI runtime's entry (the kernel test's
# log, tests/kernel/learn.sh): under no_new_privs the kernel audits
# nnp_transition, then lets the bounded entry domain in.  That is no
# refused transition; and an exec's siginh, rlimitinh and noatsecure from
# container_t are no module's (other).  Refused, the kernel also logs
# SELINUX_ERR: then it is the transition case.
# shellcheck disable=SC2086
expect_rc 0 "--suggest on a runtime's entry, serial console lines" sepm-build $POL -m "$WEB" --suggest "$D/nnp-audited-bounded.log" --json
expect_jq "$T/out" '.records == 4 and .other == 3 and .malformed == [] and (.suggestions | length) == 1
    and .suggestions[0].case == "allowed-by-bounds" and .suggestions[0].source == "container_t"
    and .suggestions[0].target == "web.process" and .suggestions[0].statement == null
    and (.suggestions[0].reason | test("bounded by container_t: the transition happened, nothing to add"))' \
  "nnp_transition into a domain bounded by the old one: allowed by the bounds, nothing to add"
# shellcheck disable=SC2086
expect_rc 0 "--suggest on a refused transition, serial console lines" sepm-build $POL -m "$WEB" --suggest "$D/nnp-refused-transition.log" --json
expect_jq "$T/out" '[.suggestions[] | .case] == ["transition"] and .suggestions[0].records == 2' \
  "the same denial with the kernel's SELINUX_ERR: a refused transition (web.worker may not enter its parent)"
# An exec's inheritance checks between module domains: masked, and said to be harmless.
printf '[    9.1] audit: type=1400 audit(1.1:1): avc:  denied  { siginh } for  pid=1 comm="httpd" scontext=system_u:system_r:web_0123456789ab.process:s0:c1,c2 tcontext=system_u:system_r:web_0123456789ab.worker:s0:c1,c2 tclass=process permissive=0\n' > inh.log
# shellcheck disable=SC2086
expect_rc 0 "--suggest on an exec's siginh" sepm-build $POL -m "$WEB" --suggest inh.log --json
expect_jq "$T/out" '.suggestions[0].case == "masked-by-bounds" and (.suggestions[0].reason | test("Nothing needs it: .*the exec goes on"))' \
  "siginh between module domains: masked, and nothing needs it"

# A template macro that covers the denials is offered beside the allow
# rules (it grants more), proved too.
P='system_u:system_r:web_0123456789ab.process:s0:c1,c2'
printf 'type=AVC msg=audit(1.1:1): avc:  denied  { read open } for pid=1 scontext=%s tcontext=system_u:object_r:web_0123456789ab.logs:s0:c1,c2 tclass=file permissive=0\n' "$P" > macro.log
# shellcheck disable=SC2086
expect_rc 0 "--suggest on a read of the module's logs" sepm-build $POL -m "$WEB" --suggest macro.log --json
expect_jq "$T/out" '.suggestions[0].statement == "(allow process logs (file (read open)))"
                    and .suggestions[0].macro == "(call sepm.v1.read_files (process logs))"' \
  "the allow rule, and read_files as the alternative"

# A context with terminal escapes (an attacker's review): skipped as
# malformed, never printed.
printf 'type=AVC msg=audit(1.1:1): avc:  denied  { read } for pid=1 scontext="system_u:system_r:web.process:s0\033[2K\r/x:1: grantable" tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0\n' > esc.log
# shellcheck disable=SC2086
expect_rc 0 "--suggest on a record with escapes in its context" sepm-build $POL -m "$WEB" --suggest esc.log
if grep -q "$(printf '\033')" "$T/out"; then fail "an escape reached the output"; else pass "no escape reaches the output"; fi
expect_grep "$T/out" "0 denials: .* 1 lines or records skipped" "the record is counted as skipped"

# The same denial at many levels (an attacker's review): one suggestion
# each listed once per level, 512 proofs, and --apply wrote the statement
# as often.  Now one item counting every record, one line written; and a
# log of many bad lines gives each reason once, every line counted.
for c in 0 1 2 3 4 5 6 7; do
  printf 'type=AVC msg=audit(1.1:%s): avc:  denied  { write } for pid=1 scontext=system_u:system_r:web.process:s0:c%s tcontext=system_u:object_r:web.content:s0:c%s tclass=file permissive=0\n' $c $c $c
done > levels.log
# shellcheck disable=SC2086
expect_rc 0 "--suggest on one denial at eight levels" sepm-build $POL -m "$WEB" --suggest levels.log --json --apply levels.cil
expect_jq "$T/out" '(.suggestions | length) == 1 and .suggestions[0].records == 8
                    and .suggestions[0].statement == "(allow process content (file (write)))"' \
  "one suggestion for the statement, counting the eight records"
[ "$(grep -c '(allow process content (file (write)))' levels.cil)" = 1 ] \
  && pass "--apply writes the statement once" || fail "levels.cil: $(grep -c 'allow process content' levels.cil) lines"
yes 'type=AVC msg=audit(1.1:1): avc:  denied  { read } for pid=1 scontext=system_u:system_r:web.process:s0' | head -n 5000 > bad.log
# shellcheck disable=SC2086
expect_rc 0 "--suggest on 5,000 cut records" sepm-build $POL -m "$WEB" --suggest bad.log --json
expect_jq "$T/out" '.skipped == 5000 and (.malformed | length) <= 20' "every line counted, at most 20 reasons kept"

# Usage and input errors.
# shellcheck disable=SC2086
expect_rc 2 "--apply with two modules" sepm-build $POL -m "$WEB" -m applied.cil --suggest "$D/mixed.audit" --apply x.cil
# shellcheck disable=SC2086
expect_rc 2 "--suggest with an image" sepm-build $POL -m "$WEB" --suggest "$D/mixed.audit" oci:img:base
printf '(block bad\n  (type process)\n  (allow process shadow_t (file (read)))\n)\n' > bad.cil
# shellcheck disable=SC2086
expect_rc 2 "a module rejected as it is" sepm-build $POL -m bad.cil --suggest "$D/mixed.audit"
expect_grep "$T/err" "bad.cil is rejected as it is .*fix that first" "the error says to fix the module first"
# shellcheck disable=SC2086
expect_rc 2 "a log that is not there" sepm-build $POL -m "$WEB" --suggest nowhere.log

# The corpus: what audit2allow would allow, sepm explains instead.
grep -v '^#' "$D/EXPECTED" | while read -r file want; do
  [ -n "$file" ] || continue
  # shellcheck disable=SC2086
  sepm-build $POL -m "$WEB" --suggest "$D/$file" --json > "c-$file.json" 2> "c-$file.err"
  got=$(jq -r '[.suggestions[].case] | unique | join(",")' "c-$file.json")
  echo "$file $want $got"
done > corpus.txt
while read -r file want got; do
  [ "$got" = "$want" ] && pass "corpus $file: $want" || fail "corpus $file: got '$got', wanted '$want'"
done < corpus.txt
[ "$(wc -l < corpus.txt)" -ge 6 ] && ! grep -q grantable corpus.txt \
  && pass "no corpus denial is offered as grantable" || fail "the corpus: $(cat corpus.txt)"

finish
