#!/bin/sh
# The naming rule of docs/architecture.md, checked: every function a library
# or cli/ file exports is named sepm_<file>_..., or sepm_<struct>_... for a
# struct its header declares; files that share one header (diff_*.c with
# diff.h, obligation_*.c with obligations.h) share its prefix.  util.c, the
# one grab bag, is named by what each helper acts on.  Prints each exception
# and exits 1 if there is one.
cd "${top_srcdir:-$(dirname "$0")/../..}" || exit 2
bad=0
for f in libsepm/*.c cli/*.c; do
  stem=$(basename "$f" .c)
  [ "$stem" = util ] && continue
  h=${f%.c}.h
  prefixes="$stem"
  [ -f "$h" ] && prefixes="$prefixes $(sed -n 's/^\(typedef \)\{0,1\}struct sepm_\([a-z0-9_]*\).*/\2/p' "$h")"
  case $stem in diff_*) prefixes="$prefixes diff" ;; obligation_*) prefixes="$prefixes obligation" ;; esac
  # A definition names its function at the start of a line (GNU style) or
  # after a return type on the same line; either way it is not static.
  for fn in $(sed -n -e '/^static/d' -e '/;$/d' \
                -e 's/^\(sepm_[a-z0-9_]*\) (.*/\1/p' \
                -e 's/^[a-z][a-z0-9_ ]*[ *]\(sepm_[a-z0-9_]*\) (.*/\1/p' "$f"); do
    ok=0
    for p in $prefixes; do
      case $fn in "sepm_${p}" | "sepm_${p}_"*) ok=1 ;; esac
    done
    if [ $ok = 0 ]; then echo "$f: $fn is not named for its file"; bad=1; fi
  done
done
exit $bad
