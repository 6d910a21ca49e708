#!/bin/sh
# Every tool answers --help and --version, and refuses a bad option with
# exit status 2.
. "$top_srcdir/tests/e2e/lib.sh"

for tool in sepm-build sepm-verify sepm-install; do
  expect_rc 0 "$tool --help" "$tool" --help
  expect_grep "$T/out" "^Usage: $tool" "$tool --help prints a usage line"
  expect_grep "$T/out" "Exit status" "$tool --help documents the exit status"

  expect_rc 0 "$tool -h" "$tool" -h

  expect_rc 0 "$tool --version" "$tool" --version
  expect_grep "$T/out" "^$tool (sepm) [0-9]" "$tool --version names the version"

  expect_rc 2 "$tool --no-such-option" "$tool" --no-such-option
  expect_grep "$T/err" "Try '$tool --help'" "$tool names --help after a bad option"
  [ -s "$T/out" ] && fail "$tool printed on stdout after a bad option"
done

finish
