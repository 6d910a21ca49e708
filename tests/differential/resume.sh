#!/bin/sh
# Run or resume a long differential run whose chunk reports are kept in the
# tree, on the verifier it started with:
#   tests/differential/resume.sh tests/differential/runs/seed1-9a29821
# The directory's name gives the seed and the commit; `params` in it gives
# DIFF_COUNT.  The commit is cloned from this repository into
# DIFF_SNAPSHOT (default /var/cache/sepm-diff/snap-COMMIT) and built there
# once, so that a rebuild of the working tree never changes a running run.
# Needs the test fixture (make check builds it) in SEPM_FIXTURE_ROOT, or
# found the way tests/fixture-root.path records it.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
run=$(cd "$1" && pwd)
name=$(basename "$run")
seed=${name#seed}; seed=${seed%%-*}
commit=${name#seed*-}
count=$(sed -n 's/^DIFF_COUNT=//p' "$run/params")
snap=${DIFF_SNAPSHOT:-/var/cache/sepm-diff/snap-$commit}
fixture=${SEPM_FIXTURE_ROOT:-$(cat "$src/tests/fixture-root.path")}

if [ ! -x "$snap/sepm-verify/sepm-verify" ] || [ ! -x "$snap/tests/differential/gen-cil" ]; then
  rm -rf "$snap"
  git clone -q "$src" "$snap"
  git -C "$snap" checkout -q "$commit"
  (cd "$snap" && ./autogen.sh && ./configure && make -j2 && make tests/differential/gen-cil) > "$run.build.log" 2>&1
fi
cd "$snap"
SEPM_FIXTURE_ROOT=$fixture SEPM_TEST_CACHE=${SEPM_TEST_CACHE:-$(dirname "$fixture")/verify-cache} \
top_srcdir=$snap top_builddir=$snap DIFF_COMMIT=$commit DIFF_COUNT=$count DIFF_SEED=$seed \
DIFF_JOBS=${DIFF_JOBS:-2} DIFF_STATE=$run DIFF_SUMMARY=$run/summary.txt DIFF_FOUND=$run/found \
exec nice -n "${DIFF_NICE:-10}" sh "$snap/tests/differential/long.sh"
