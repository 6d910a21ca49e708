#!/bin/sh
# The corpus in both modes.  Every module of tests/corpus gets the verdict
# tests/corpus/EXPECTED (and tests/corpus/hostile/EXPECTED, the attacker's
# corpus) gives it, with at least the rule ids listed there; and fast mode
# (the slice) and exact mode (the whole store) agree on every module: the
# same verdict and the same set of rule ids, so exact mode meets EXPECTED
# too.  docs/verification.md argues why the modes agree; this checks it.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
corpus="$top_srcdir/tests/corpus"
cat "$corpus/EXPECTED" "$corpus/hostile/EXPECTED" | grep -v '^#' | grep -v '^[[:space:]]*$' > "$T/expected"
files=$(cut -f1 "$T/expected" | sed "s|^|$corpus/|")
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

# The verdicts and ids EXPECTED asks for, in fast mode's report.
jq -s '{modules: (map(.modules) | add)}' "$T/fast.0.json" "$T/fast.1.json" > "$T/report.json"
while IFS="$(printf '\t')" read -r file verdict ids; do
  got=$(jq -r --arg f "$corpus/$file" '.modules[] | select(.file == $f) | .verdict' "$T/report.json")
  rules=$(jq -r --arg f "$corpus/$file" '.modules[] | select(.file == $f) | .findings[].rule' "$T/report.json" | sort -u | tr '\n' ' ')
  if [ "$got" != "$verdict" ]; then
    fail "$file: $got, expected $verdict (findings: $rules)"
    jq -r --arg f "$corpus/$file" '.modules[] | select(.file == $f) | .findings[] | "    \(.line // "-"): \(.message) [\(.rule)]"' "$T/report.json" | head -n 8 >&2
    continue
  fi
  missing=""
  if [ "$ids" != "-" ]; then
    for id in $(echo "$ids" | tr ',' ' '); do
      case " $rules" in *" $id "*) ;; *) missing="$missing $id" ;; esac
    done
  fi
  if [ -n "$missing" ]; then
    fail "$file: rejected, but without$missing (found: $rules)"
  else
    pass "$file: $verdict${rules:+ ($rules)}"
  fi
done < "$T/expected"

if diff "$T/fast" "$T/full" > "$T/diff"; then
  pass "fast and exact mode agree on $(wc -l < "$T/fast") modules"
else
  fail "fast and exact mode disagree:"
  cat "$T/diff" >&2
fi
finish
