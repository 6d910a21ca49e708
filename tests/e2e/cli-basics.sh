#!/bin/sh
# Every tool answers --help and --version, and refuses a bad option with
# exit status 2.
. "$top_srcdir/tests/e2e/lib.sh"

for tool in sepm-build sepm-verify sepm-install; do
  expect_rc 0 "$tool --help" "$tool" --help
  expect_grep "$T/out" "^Usage: $tool" "$tool --help prints a usage line"
  expect_grep "$T/out" "Exit status" "$tool --help documents the exit status"

  # --help and the man page name the same transports.
  for t in "oci:DIR\[:TAG\]" "oci-archive:FILE\[:TAG\]" "docker-archive:FILE\[:NAME:TAG\]"; do
    expect_grep "$T/out" "$t" "$tool --help names $t"
    expect_grep "$top_srcdir/man/$tool.1.md" "$t" "$tool(1) names $t"
  done

  expect_rc 0 "$tool -h" "$tool" -h

  expect_rc 0 "$tool --version" "$tool" --version
  expect_grep "$T/out" "^$tool (sepm) [0-9]" "$tool --version names the version"
  expect_grep "$T/out" "^libsepol [0-9.]* (static), libselinux [0-9.]*, libsemanage [0-9.]*" \
    "$tool --version names the SELinux libraries"
  expect_grep "$T/out" "^data directory: /.*/sepm$" "$tool --version names the configured data directory"

  expect_rc 2 "$tool --no-such-option" "$tool" --no-such-option
  expect_grep "$T/err" "Try '$tool --help'" "$tool names --help after a bad option"
  [ -s "$T/out" ] && fail "$tool printed on stdout after a bad option"
  # One message, naming the option (getopt's own is off).
  if [ "$(wc -l < "$T/err")" = 2 ] && grep -q "^$tool: unknown option '--no-such-option'$" "$T/err"; then
    pass "$tool says once which option it does not know"
  else
    fail "$tool's bad-option message is not one line naming the option"; sed 's/^/  | /' "$T/err" >&2
  fi
  expect_rc 2 "$tool -p without its argument" "$tool" -p
  expect_grep "$T/err" "^$tool: option '-p' needs an argument$" "$tool names the option that lacks its argument"
done

# With --json an error (exit 2) is a JSON object on stdout too.
expect_rc 2 "sepm-verify --json on a missing root" sepm-verify --json -p "$T/nope" "$T/nope.cil"
expect_jq "$T/out" '.error.program == "sepm-verify" and (.error.message | test("nope"))' "sepm-verify prints an error object"
expect_jq "$T/out" '.error.file | test("/nope/var/lib/selinux/default/active/modules$")' \
  "the error object names the store directory it could not read"
expect_jq "$T/out" '.error.hint | test("-p ROOT") and test("--policy FILE")' "the error object says how to name a policy"
expect_grep "$T/err" "^  hint: Give the root of a system" "stderr gives the same hint"
expect_rc 2 "sepm-build --json on a missing image" sepm-build --json -p "$T/nope" -m "$T/nope.cil" "oci:$T/nope:x"
expect_jq "$T/out" '.error.program == "sepm-build"' "sepm-build prints an error object"
expect_rc 2 "sepm-install --json on a missing image" sepm-install --json -p "$T/nope" "oci:$T/nope:x"
expect_jq "$T/out" '.error.program == "sepm-install" and (.error.message | length) > 0' "sepm-install prints an error object"

# The error names the input at fault and what to do, on stderr and in JSON.
expect_jq "$T/out" '.error.file | test("/nope$")' "sepm-install's error object names the image directory"
R=$(sh "$top_srcdir/tests/fixture/make-policy-root.sh")
expect_rc 2 "sepm-verify --json on a missing image" sepm-verify --json -p "$R" "oci:$T/nope:x"
expect_jq "$T/out" '.error.file | test("/nope$")' "the error object names the image directory"
expect_jq "$T/out" '.error.hint | test("oci:DIR")' "the error object says how to write an image reference"

finish
