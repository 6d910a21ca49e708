#!/bin/sh
# Fast mode (the slice) and exact mode (the whole store) must agree on
# every module of the corpus: the same verdict and the same set of rule
# ids.  docs/verification.md argues why; this checks it.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
corpus="$top_srcdir/tests/corpus"
files=$(grep -v '^#' "$corpus/EXPECTED" | grep -v '^[[:space:]]*$' | cut -f1 | sed "s|^|$corpus/|")
files="$files $top_srcdir/tests/modules/web.cil $top_srcdir/tests/modules/web-exceeds.cil"

summary () {
  jq -r '.modules[] | "\(.file) \(.verdict) \([.findings[].rule] | unique | join(","))"' "$1" | sort
}

for mode in fast full; do
  flag=""; [ $mode = full ] && flag=--full
  # shellcheck disable=SC2086
  run sepm-verify $flag --cache-dir "$SEPM_TEST_CACHE" -p "$SEPM_FIXTURE_ROOT" \
    --templates "$top_srcdir/policy-templates/refpolicy/sepm.cil" --json $files
  case $rc in 0|1) pass "$mode mode verified the corpus" ;; *) fail "$mode mode: exit $rc"; cat "$T/err" >&2 ;; esac
  summary "$T/out" > "$T/$mode"
done

if diff "$T/fast" "$T/full" > "$T/diff"; then
  pass "fast and exact mode agree on $(wc -l < "$T/fast") modules"
else
  fail "fast and exact mode disagree:"
  cat "$T/diff" >&2
fi
finish
