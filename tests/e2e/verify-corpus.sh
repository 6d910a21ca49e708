#!/bin/sh
# Every module of tests/corpus gets the verdict tests/corpus/EXPECTED (and
# tests/corpus/hostile/EXPECTED, the attacker's corpus) gives it, with at
# least the rule ids listed there.  One sepm-verify run covers the whole
# corpus, so the slice is loaded once.
# SEPM_VERIFY_MODE=--full runs the same corpus in exact mode.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
corpus="$top_srcdir/tests/corpus"
[ -f "$corpus/EXPECTED" ] || { echo "no corpus" >&2; exit 1; }

cat "$corpus/EXPECTED" "$corpus/hostile/EXPECTED" | grep -v '^#' | grep -v '^[[:space:]]*$' > "$T/expected"
files=$(cut -f1 "$T/expected" | sed "s|^|$corpus/|")
# shellcheck disable=SC2086
run sepm-verify ${SEPM_VERIFY_MODE:-} --cache-dir "$SEPM_TEST_CACHE" -p "$SEPM_FIXTURE_ROOT" \
  --templates "$top_srcdir/policy-templates/refpolicy/sepm.cil" --json $files
case $rc in 0|1) ;; *) fail "sepm-verify could not verify the corpus (exit $rc)"; cat "$T/err" >&2; finish; exit 1 ;; esac
cp "$T/out" "$T/report.json"

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

finish
