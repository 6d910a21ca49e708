#!/bin/sh
# The grammar-based differential test (docs/differential.md): gen-cil
# writes DIFF_COUNT modules for DIFF_SEED, sepm-verify checks each in fast
# mode alone and in exact mode in batches, and the two must agree on the
# verdict and the set of rule ids of every module.
#
# Environment (the e2e tests' own, plus):
#   DIFF_SEED (1), DIFF_COUNT (40), DIFF_FIRST (0): which modules
#   DIFF_BATCH (40): modules per exact-mode batch
#   DIFF_JOBS (1): parallel sepm-verify processes
#   DIFF_SPOT (3): modules also verified in fast mode in a process of their
#     own, to check that one process verifies its files independently
#   DIFF_WORK: where to keep the modules and reports (default: a temporary
#     directory, removed at the end)
#   DIFF_FOUND: where real disagreements are copied
#     (default: $top_srcdir/tests/differential/found)
# Prints one line per disagreement, the shares and timings, and last
# `N passed, M failed`; exits 1 on any real disagreement, 2 when it could
# not run.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${top_builddir:-$src}
: "${SEPM_FIXTURE_ROOT:?set SEPM_FIXTURE_ROOT (make check does)}"
cache=${SEPM_TEST_CACHE:-$(dirname "$SEPM_FIXTURE_ROOT")/verify-cache}
seed=${DIFF_SEED:-1}
count=${DIFF_COUNT:-40}
first=${DIFF_FIRST:-0}
batch=${DIFF_BATCH:-40}
jobs=${DIFF_JOBS:-1}
spot=${DIFF_SPOT:-3}
found=${DIFF_FOUND:-$src/tests/differential/found}
gen=$bld/tests/differential/gen-cil
verify=$(command -v sepm-verify || echo "$bld/sepm-verify/sepm-verify")
tpl=$src/policy-templates/refpolicy/sepm.cil
policy=$SEPM_FIXTURE_ROOT/etc/selinux/default/policy/policy.33

if [ -n "${DIFF_WORK:-}" ]; then
  W=$DIFF_WORK
  rm -rf "$W/mods" && mkdir -p "$W"
else
  W=$(mktemp -d "${TMPDIR:-/tmp}/sepm-diff.XXXXXX")
  trap 'rm -rf "$W"' EXIT
fi
[ -x "$gen" ] || { echo "ERROR: $gen is not built (make tests/differential/gen-cil)" >&2; exit 2; }

now () { date +%s.%N; }
elapsed () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# verify [--full] [--together] FILE...: sepm-verify's JSON on stdout; the
# exit status is kept in $W/rc.
verify () {
  rc=0
  SEPM_DATA_DIR=$src "$verify" --cache-dir "$cache" -p "$SEPM_FIXTURE_ROOT" --templates "$tpl" --json "$@" 2> "$W/err.$tag" || rc=$?
  echo "$rc" > "$W/rc.$tag"
}

# summary JSON ORIGIN: one line per module, "name verdict rules origin",
# the rules sorted, unique and comma-separated ("-" for none).
summary () {
  jq -r --arg o "$2" '.modules[] | "\(.file | split("/") | last | sub("\\.cil$"; "")) \(.verdict) \([.findings[].rule] | unique | if length == 0 then "-" else join(",") end) \($o)"' "$1"
}

t_start=$(now)
"$gen" --policy "$policy" --templates "$tpl" --seed "$seed" --count "$count" --first "$first" --out "$W/mods" > "$W/gen.txt" \
  || { echo "ERROR: gen-cil failed" >&2; exit 2; }
t_gen=$(now)

# ---------------------------------------------------------------- fast mode
# Each module alone: one process per job, many files each (without
# --together sepm-verify verifies every file on its own).
ls "$W/mods" | sed 's/\.cil$//' > "$W/all"
n_all=$(wc -l < "$W/all")
: > "$W/fast.txt"
j=0
while [ $j -lt "$jobs" ]; do
  (
    tag=f$j
    files=$(awk -v j=$j -v n="$jobs" -v d="$W/mods" 'NR % n == j { print d "/" $0 ".cil" }' "$W/all")
    [ -n "$files" ] || exit 0
    # shellcheck disable=SC2086
    verify --slice-only $files > "$W/fast.$j.json"
    summary "$W/fast.$j.json" fast > "$W/fast.$j.txt"
  ) &
  j=$((j + 1))
done
wait
cat "$W"/fast.*.txt 2>/dev/null | sort > "$W/fast.txt"
t_fast=$(now)
if [ "$(wc -l < "$W/fast.txt")" != "$n_all" ]; then
  echo "ERROR: fast mode reported $(wc -l < "$W/fast.txt") of $n_all modules" >&2
  cat "$W"/err.* >&2 2>/dev/null | head -n 20
  exit 2
fi

# Independence: a few modules again, each in a process of its own.
failed=0
crosstalk=0
tag=main
for name in $(awk -v n="$spot" -v t="$n_all" 'n > 0 && NR % int(t / n + 1) == 1' "$W/all" | head -n "$spot"); do
  verify --slice-only "$W/mods/$name.cil" > "$W/spot.json"
  alone=$(summary "$W/spot.json" fast)
  many=$(grep "^$name " "$W/fast.txt")
  if [ "$alone" != "$many" ]; then
    echo "FAIL: fast mode depends on the other files of its process: $name: alone [$alone], with others [$many]"
    crosstalk=$((crosstalk + 1))
    failed=$((failed + 1))
  fi
done

# ---------------------------------------------------------------- exact mode
# A module the slice cannot judge fast mode would check in exact mode, alone
# (--slice-only rejects it as fast.deferred instead): its fast verdict is
# exact mode's by construction, so it is not compared.  Modules fast mode
# could not compile are checked alone (one of them stops a batch); the
# others in batches of $batch, split in halves whenever a batch does not
# compile as a whole.
awk '$3 ~ /fast\.deferred/ { print $1 }' "$W/fast.txt" > "$W/deferred"
awk '$3 !~ /fast\.deferred/ && $3 ~ /compile\./ { print $1 }' "$W/fast.txt" > "$W/singles"
awk '$3 !~ /fast\.deferred/ && $3 !~ /compile\./ { print $1 }' "$W/fast.txt" > "$W/batchable"
n_deferred=$(wc -l < "$W/deferred")
n_compared=$((n_all - n_deferred))
split -l "$batch" "$W/batchable" "$W/batch."
# units: one line per unit of work, the module names separated by spaces
: > "$W/units"
for b in "$W"/batch.*; do [ -f "$b" ] && tr '\n' ' ' < "$b" >> "$W/units" && echo >> "$W/units"; done
rm -f "$W"/batch.*

# exact_unit NAMES...: verifies NAMES together in exact mode, halving on a
# failed compile, and appends "name verdict rules origin" lines to $out.
exact_unit () {
  n=$#
  files=""
  for m in "$@"; do files="$files $W/mods/$m.cil"; done
  if [ "$n" = 1 ]; then
    # shellcheck disable=SC2086
    verify --full $files > "$W/x.$tag.json"
    summary "$W/x.$tag.json" alone > "$W/x.$tag.txt" 2> /dev/null
    [ -s "$W/x.$tag.txt" ] || echo "$1 error exit$(cat "$W/rc.$tag") alone" > "$W/x.$tag.txt"
    cat "$W/x.$tag.txt" >> "$out"
    return
  fi
  # shellcheck disable=SC2086
  verify --full --together $files > "$W/x.$tag.json"
  if [ "$(cat "$W/rc.$tag")" = 2 ] || jq -e '[.modules[].findings[].rule] | any(startswith("compile."))' "$W/x.$tag.json" > /dev/null 2>&1; then
    echo "$n" >> "$W/split.$tag"
    half=$(( (n + 1) / 2 ))
    first_half=$(echo "$@" | tr ' ' '\n' | head -n "$half" | tr '\n' ' ')
    second_half=$(echo "$@" | tr ' ' '\n' | tail -n +"$((half + 1))" | tr '\n' ' ')
    # Subshells: sh has no local variables, and the halves are written
    # to files anyway.
    # shellcheck disable=SC2086
    (exact_unit $first_half)
    # shellcheck disable=SC2086
    (exact_unit $second_half)
    return
  fi
  summary "$W/x.$tag.json" batch >> "$out"
  echo "$n $(jq '.timings.total_seconds' "$W/x.$tag.json")" >> "$W/batchtimes.$tag"
}

j=0
while [ $j -lt "$jobs" ]; do
  (
    tag=x$j
    out=$W/exact.$j.txt
    : > "$out"
    # Batches, then the modules that did not compile in fast mode, all of
    # those in one process (each file on its own, as without --together).
    awk -v j=$j -v n="$jobs" 'NR % n == j' "$W/units" > "$W/units.$j"
    while read -r unit; do
      # shellcheck disable=SC2086
      [ -n "$unit" ] && exact_unit $unit
    done < "$W/units.$j"
    singles=$(awk -v j=$j -v n="$jobs" -v d="$W/mods" 'NR % n == j { print d "/" $0 ".cil" }' "$W/singles")
    if [ -n "$singles" ]; then
      # shellcheck disable=SC2086
      verify --full $singles > "$W/xs.$tag.json"
      summary "$W/xs.$tag.json" alone >> "$out"
    fi
  ) &
  j=$((j + 1))
done
wait
cat "$W"/exact.*.txt | sort > "$W/exact.txt"
t_exact=$(now)
if [ "$(wc -l < "$W/exact.txt")" != "$n_compared" ]; then
  echo "ERROR: exact mode reported $(wc -l < "$W/exact.txt") of $n_compared modules" >&2
  cat "$W"/err.* >&2 2>/dev/null | head -n 20
  exit 2
fi

# ---------------------------------------------------------------- compare
# A disagreement that came from a batch is re-checked with exact mode on
# that module alone: one process per job, each file on its own.
interactions=0
real=0
join "$W/fast.txt" "$W/exact.txt" > "$W/joined"
awk '$2 " " $3 != $5 " " $6 && $7 == "batch" { print $1 }' "$W/joined" > "$W/recheck"
: > "$W/recheck.txt"
j=0
while [ $j -lt "$jobs" ]; do
  (
    tag=r$j
    files=$(awk -v j=$j -v n="$jobs" -v d="$W/mods" 'NR % n == j { print d "/" $0 ".cil" }' "$W/recheck")
    [ -n "$files" ] || exit 0
    # shellcheck disable=SC2086
    verify --full $files > "$W/re.$j.json"
    summary "$W/re.$j.json" alone > "$W/re.$j.txt"
  ) &
  j=$((j + 1))
done
wait
cat "$W"/re.*.txt 2>/dev/null | sort > "$W/recheck.txt"
t_recheck=$(now)

while read -r name fv fr _ xv xr origin; do
  [ "$fv $fr" = "$xv $xr" ] && continue
  if [ "$origin" = batch ]; then
    set -- $(grep "^$name " "$W/recheck.txt")
    if [ "$fv $fr" = "${2:-} ${3:-}" ]; then
      echo "batch interaction: $name: alone $2 $3, in its batch $xv $xr"
      interactions=$((interactions + 1))
      continue
    fi
    echo "  ($name in its batch: $xv $xr)"
    xv=${2:-error} xr=${3:-no-report}
  fi
  echo "FAIL: disagreement on $W/mods/$name.cil: fast $fv $fr, exact $xv $xr"
  sed 's/^/  | /' "$W/mods/$name.cil"
  mkdir -p "$found"
  cp "$W/mods/$name.cil" "$found/seed$seed-$name.cil"
  printf '%s\tfast %s %s\texact %s %s\n' "seed$seed-$name.cil" "$fv" "$fr" "$xv" "$xr" >> "$found/RESULTS"
  real=$((real + 1))
  failed=$((failed + 1))
done < "$W/joined"
t_end=$(now)

# ---------------------------------------------------------------- report
compiled=$(awk '$3 !~ /compile\./' "$W/exact.txt" | wc -l)
admitted=$(awk '$2 == "admit"' "$W/exact.txt" | wc -l)
splits=$(cat "$W"/split.* 2>/dev/null | wc -l)
sed -n '2,$p' "$W/gen.txt" | sort -k2 -rn | awk '{ printf "%s %s%s", (NR > 1 ? "," : "statements:"), $1, " " $3 } END { print "" }'
echo "seed $seed, modules $first..$((first + count - 1)): $n_all generated, $n_compared compared"
awk -v n="$n_compared" -v c="$compiled" -v a="$admitted" 'BEGIN {
  printf "compiled (exact mode) %d (%.0f%% of compared), admitted %d (%.0f%% of compiled)\n", c, 100 * c / (n ? n : 1), a, 100 * a / (c ? c : 1) }'
echo "fast mode deferred $n_deferred to exact mode (premise broken; not compared); $(wc -l < "$W/singles") checked alone in exact mode; $splits batches split"
cat "$W"/batchtimes.* 2>/dev/null | awk '{ n += $1; s += $2; b++ } END { if (b) printf "exact batches: %d of %.1f modules on average, %.1f s each\n", b, n / b, s / b }'
echo "timings: generate $(elapsed "$t_start" "$t_gen") s, fast $(elapsed "$t_gen" "$t_fast") s ($(awk -v a="$t_gen" -v b="$t_fast" -v n="$n_all" -v j="$jobs" 'BEGIN { printf "%.2f", (b - a) * j / (n ? n : 1) }') s per module per job), exact $(elapsed "$t_fast" "$t_exact") s, re-check alone $(elapsed "$t_exact" "$t_recheck") s ($(wc -l < "$W/recheck") modules), total $(elapsed "$t_start" "$t_end") s"
echo "disagreements: $real real, $interactions batch interactions, $crosstalk fast-mode cross-talk"
echo "$((n_compared - failed)) passed, $failed failed"
[ "$failed" = 0 ]
