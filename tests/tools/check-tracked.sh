#!/bin/sh
# CI runs on a clean clone: a test input that git ignores passes here and
# fails there (stop 30's denial corpus, kept out by the *.log rule).  Every
# file under the directories tests read their inputs from must be tracked,
# or be a build product the ignore rules name on purpose.  Skips outside a
# git work tree (a release tarball).
cd "${top_srcdir:-$(dirname "$0")/../..}" || exit 2
command -v git > /dev/null && git rev-parse --is-inside-work-tree > /dev/null 2>&1 \
  || { echo "SKIP: not a git work tree" >&2; exit 77; }
# Build products and run outputs under those directories.
products='\.o$|^tests/(e2e|unit|tools|kernel|fuzz|differential)/[^/]*\.(log|trs)$|^man/.*\.1$|^tests/(unit/test-[a-z-]*|fuzz/fuzz-[a-z-]*|differential/gen-cil|tools/cil-canonical)$|/\.dirstamp$|/\.deps/|^tests/differential/(runs/.*|long-state/.*|last-run\.txt)$'
left=$(git ls-files --others -- tests/corpus samples policy-templates tests/kernel tests/e2e tests/fuzz/corpus \
         tests/differential/found tests/tools tests/unit man docs | grep -Ev "$products")
if [ -n "$left" ]; then
  echo "FAIL: files tests may read that git does not track (a clean clone lacks them; git add them, or name a build product here):" >&2
  echo "$left" | sort -u >&2
  exit 1
fi
echo "ok: every test input under tests/, samples/, policy-templates/, man/ and docs/ is tracked"
