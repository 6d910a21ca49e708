#!/bin/sh
# `make differential-long`: DIFF_COUNT modules (default 10000) of
# DIFF_SEED through tests/differential/run.sh, in chunks of DIFF_CHUNK
# (200) module indices, DIFF_JOBS (2) chunks at a time, exact mode on
# in batches of DIFF_BATCH (40; docs/differential.md).  A chunk's report
# is kept in DIFF_STATE; a rerun skips the chunks already done, so a long
# run can be stopped and resumed (remove DIFF_STATE to start over).  The
# summary goes to DIFF_SUMMARY (tests/differential/last-run.txt).
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
count=${DIFF_COUNT:-10000}
seed=${DIFF_SEED:-1}
chunk=${DIFF_CHUNK:-200}
jobs=${DIFF_JOBS:-2}
state=${DIFF_STATE:-$src/tests/differential/long-state}
summary=${DIFF_SUMMARY:-$src/tests/differential/last-run.txt}
mkdir -p "$state"
t0=$(date +%s)
# The verifier a chunk ran: a run resumed after a change says so
# (DIFF_COMMIT: for a run from a copy of the tree).
commit=${DIFF_COMMIT:-$(git -C "$src" describe --always --dirty 2> /dev/null || echo unknown)}

# worker K: chunks K, K + jobs, ...; each chunk runs alone (one process
# per mode at a time), so the workers together use $jobs cores.
worker () {
  c=$1
  while [ $((c * chunk)) -lt "$count" ]; do
    first=$((c * chunk))
    n=$chunk; [ $((first + n)) -gt "$count" ] && n=$((count - first))
    name=seed$seed-$first-$((first + n - 1))
    if [ ! -f "$state/$name.done" ]; then
      s=$(date +%s)
      DIFF_SEED=$seed DIFF_FIRST=$first DIFF_COUNT=$n DIFF_JOBS=1 DIFF_BATCH=${DIFF_BATCH:-40} DIFF_WORK="$state/$name.work" \
        sh "$src/tests/differential/run.sh" > "$state/$name.log" 2>&1
      rc=$?
      echo "rc $rc seconds $(( $(date +%s) - s ))" >> "$state/$name.log"
      echo "commit $commit" >> "$state/$name.log"
      [ $rc -le 1 ] && rm -rf "$state/$name.work" && mv "$state/$name.log" "$state/$name.done"
      echo "$name: $(tail -n 2 "$state/$name.done" 2>/dev/null | head -n 1 || echo "exit $rc, see $state/$name.log")"
    fi
    c=$((c + jobs))
  done
}

j=0
while [ $j -lt "$jobs" ]; do
  worker $j &
  j=$((j + 1))
done
wait

{
  echo "differential-long: seed $seed, $count modules, chunks of $chunk, $jobs jobs, this run $(( $(date +%s) - t0 )) s"
  cat "$state"/seed"$seed"-*.done 2>/dev/null | awk '
    / passed, / { p += $1; f += $3 }
    /^compiled/ { c += $4; a += $9 }
    /^fast mode deferred/ { d += $4 }
    /^disagreements/ { r += $2; i += $4; x += $7 }
    /^rc / { s += $4; n++ }
    /^exact batches/ { b += $3; bs += $3 * $11 }
    END {
      printf "chunks done: %d, %d s of work in all\n", n, s
      printf "compared: %d (fast mode deferred %d more to exact mode)\n", p + f, d
      printf "compiled (exact mode): %d, admitted: %d\n", c, a
      if (b) printf "exact batches: %d, %.1f s each on average\n", b, bs / b
      printf "disagreements: %d real, %d batch interactions, %d fast-mode cross-talk\n", r, i, x
      printf "%d passed, %d failed\n", p, f }'
  echo "verifier commits: $(sed -n 's/^commit //p' "$state"/seed"$seed"-*.done 2>/dev/null | sort | uniq -c | awk '{ printf "%s%s (%d chunks)", (NR > 1 ? ", " : ""), $2, $1 }')"
  missing=$(ls "$state"/seed"$seed"-*.log 2>/dev/null)
  [ -n "$missing" ] && echo "chunks that could not run (rerun to retry): $missing"
  grep -h '^FAIL' "$state"/seed"$seed"-*.done 2>/dev/null
} > "$summary"
cat "$summary"
! grep -q '^FAIL\|could not run' "$summary" && ! grep -q ' [1-9][0-9]* failed$' "$summary"
