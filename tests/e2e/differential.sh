#!/bin/sh
# Fast mode (the slice) and exact mode (the whole store) must agree on
# every module of the corpus: the same verdict and the same set of rule
# ids.  docs/verification.md argues why; this checks it.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
corpus="$top_srcdir/tests/corpus"
files=$(cat "$corpus/EXPECTED" "$corpus/hostile/EXPECTED" | grep -v '^#' | grep -v '^[[:space:]]*$' | cut -f1 | sed "s|^|$corpus/|")
files="$files $top_srcdir/tests/modules/web.cil $top_srcdir/tests/modules/web-exceeds.cil"

summary () {
  jq -r '.modules[] | "\(.file) \(.verdict) \([.findings[].rule] | unique | join(","))"' "$1" | sort
}

# verify_half MODE N: every other file, starting at N (two processes share
# the cores: exact mode compiles the whole store for each module).
verify_half () {
  flag=""; [ "$1" = full ] && flag=--full
  half=$(echo $files | tr ' ' '\n' | awk -v n="$2" 'NR % 2 == n')
  # shellcheck disable=SC2086
  sepm-verify $flag --cache-dir "$SEPM_TEST_CACHE" -p "$SEPM_FIXTURE_ROOT" \
    --templates "$top_srcdir/policy-templates/refpolicy/sepm.cil" --json $half > "$T/$1.$2.json" 2> "$T/$1.$2.err"
  echo $? > "$T/$1.$2.rc"
}

for mode in fast full; do
  verify_half $mode 0 & verify_half $mode 1 & wait
  for n in 0 1; do
    case $(cat "$T/$mode.$n.rc") in
      0|1) pass "$mode mode verified half $n of the corpus" ;;
      *) fail "$mode mode: exit $(cat "$T/$mode.$n.rc")"; cat "$T/$mode.$n.err" >&2 ;;
    esac
  done
  { summary "$T/$mode.0.json"; summary "$T/$mode.1.json"; } | sort > "$T/$mode"
done

if diff "$T/fast" "$T/full" > "$T/diff"; then
  pass "fast and exact mode agree on $(wc -l < "$T/fast") modules"
else
  fail "fast and exact mode disagree:"
  cat "$T/diff" >&2
fi
finish
