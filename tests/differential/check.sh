#!/bin/sh
# `make check`'s sample of the grammar-based differential test: 40
# modules of a fixed seed through both modes, exact mode in batches
# (tests/differential/run.sh, docs/differential.md).  `make
# differential-long` runs many more.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
DIFF_SEED=${DIFF_SEED:-20240601} DIFF_COUNT=${DIFF_COUNT:-40} DIFF_JOBS=${DIFF_JOBS:-2} \
  DIFF_FOUND=${DIFF_FOUND:-$top_builddir/tests/differential/found} \
  $SHELL "$top_srcdir/tests/differential/run.sh"
