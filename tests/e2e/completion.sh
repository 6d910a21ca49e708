#!/bin/sh
# `make install` installs bash completion for the three tools, and it
# completes their options (read from each tool's --help), the transports
# and the files after a transport.
. "$top_srcdir/tests/e2e/lib.sh"
command -v bash > /dev/null || { echo "SKIP: no bash"; exit 77; }

expect_rc 0 "make install into a staging directory" make -C "$top_builddir" install DESTDIR="$T/dest" prefix=/usr
for tool in sepm-build sepm-verify sepm-install; do
  if [ -f "$T/dest/usr/share/bash-completion/completions/$tool" ]; then
    pass "completion for $tool is installed where bash-completion looks"
  else
    fail "no completion for $tool under $T/dest/usr/share/bash-completion/completions"
  fi
done

# complete TOOL WORD: what the installed completion offers for WORD.
complete_word () {
  bash -c '. "$1"; COMP_WORDS=("$2" "$3"); COMP_CWORD=1; _sepm "$2" "$3" "$2"; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$T/dest/usr/share/bash-completion/completions/$1" "$1" "$2"
}
mkdir -p "$T/img-dir"
complete_word sepm-verify --js > "$T/c1"
expect_grep "$T/c1" "^--json$" "sepm-verify --js completes to --json"
complete_word sepm-install --relabel > "$T/c2"
expect_grep "$T/c2" "^--relabel-in-place$" "sepm-install --relabel completes to --relabel-in-place"
complete_word sepm-build -- > "$T/c3"
expect_grep "$T/c3" "^--entrypoint$" "sepm-build's options come from its --help"
complete_word sepm-verify oci-a > "$T/c4"
expect_grep "$T/c4" "^oci-archive:$" "a transport is completed"
(cd "$T" && complete_word sepm-verify oci:img-d) > "$T/c5"
expect_grep "$T/c5" "^oci:img-dir$" "the path after oci: is completed"

finish
