#!/bin/sh
# Run every fuzz harness over its seed corpus (tests/fuzz/corpus/NAME) and
# its regression inputs (tests/fuzz/regressions/NAME, one file per crash
# ever found).
#
# Built with --enable-fuzzing, each harness is a libFuzzer binary: it also
# mutates for $SEPM_FUZZ_RUNS inputs (default 2000), or, when
# $SEPM_FUZZ_SECONDS is set (`make fuzz`), for that many seconds, and
# keeps what it finds under $SEPM_FUZZ_OUT (default: a temporary
# directory, removed at the end: the failure shows the log's tail).  Otherwise each harness replays the files once.
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fuzz
bin=${top_builddir:-.}/tests/fuzz
failed=0
if [ -z "${SEPM_FUZZ_OUT:-}" ]; then
  tmp_out=$(mktemp -d "${TMPDIR:-/tmp}/sepm-fuzz.XXXXXX")
  trap 'rm -rf "$tmp_out"' EXIT
fi
for name in fuzz-policy-label fuzz-labels fuzz-cil-front fuzz-oci fuzz-layer-tar fuzz-registry fuzz-avc-record; do
  harness=$bin/$name
  [ -x "$harness" ] || { echo "FAIL: $harness is not built" >&2; failed=1; continue; }
  inputs="$src/corpus/$name"
  [ -d "$src/regressions/$name" ] && inputs="$inputs $src/regressions/$name"
  if [ "${SEPM_FUZZ_ENGINE:-replay}" = libfuzzer ]; then
    out=${SEPM_FUZZ_OUT:-$tmp_out}/$name
    mkdir -p "$out/corpus" "$out/crashes"
    if [ -n "${SEPM_FUZZ_SECONDS:-}" ]; then
      limit="-max_total_time=$SEPM_FUZZ_SECONDS"
    else
      limit="-runs=${SEPM_FUZZ_RUNS:-2000} -seed=1"
    fi
    # shellcheck disable=SC2086
    "$harness" $limit -rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
      -artifact_prefix="$out/crashes/" "$out/corpus" $inputs > "$out/log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log")
    echo "$name: ${runs:-?} inputs, exit $rc (log $out/log)"
  else
    # shellcheck disable=SC2086
    "$harness" $inputs
    rc=$?
  fi
  if [ "$rc" != 0 ]; then
    echo "FAIL: $name" >&2
    tail -n 30 "${out:-/dev/null}/log" 2> /dev/null >&2
    failed=1
  fi
done
exit $failed
