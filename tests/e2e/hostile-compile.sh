#!/bin/sh
# Untrusted CIL is compiled in a child process under limits: a module that
# makes the compiler work without end, or eat memory, is rejected with a
# finding, and sepm itself neither hangs nor crashes.
. "$top_srcdir/tests/e2e/lib.sh"
M="$top_srcdir/tests/modules"
POL="--cache-dir $SEPM_TEST_CACHE -p $SEPM_FIXTURE_ROOT"
cd "$T"

# A macro bomb: each level calls the one below twice, 2^25 calls in all.
{
  echo "(block evil"
  echo "  (type t) (typebounds container_t t)"
  echo "  (macro m0 ((type a)) (allow a self (process (fork))))"
  i=1
  while [ $i -le 25 ]; do echo "  (macro m$i ((type a)) (call m$((i - 1)) (a)) (call m$((i - 1)) (a)))"; i=$((i + 1)); done
  echo "  (call m25 (t))"
  echo ")"
} > bomb.cil
# shellcheck disable=SC2086
expect_rc 1 "a macro bomb is rejected, not a hang" env SEPM_COMPILE_CPU_SECONDS=2 sepm-verify $POL bomb.cil
expect_grep "$T/out" "bomb.cil: error: the policy compiler hit its CPU limit of 2 s \[compile.contained\]" \
  "the finding names the CPU limit"
# shellcheck disable=SC2086
expect_rc 1 "a compile over the memory limit is rejected" env SEPM_COMPILE_MEMORY_MIB=40 sepm-verify $POL "$M/web.cil"
expect_grep "$T/out" "ran out of memory (limit 40 MiB) \[compile.contained\]" "the finding names the memory limit"
# shellcheck disable=SC2086
expect_rc 0 "the same module within the default limits is admitted" sepm-verify $POL "$M/web.cil"
# shellcheck disable=SC2086
expect_rc 1 "an image's modules together: each is charged" env SEPM_COMPILE_CPU_SECONDS=2 \
  sepm-verify $POL --together --json "$M/web.cil" bomb.cil
expect_jq "$T/out" '[.modules[].findings[].rule] == ["compile.contained", "compile.contained"]' \
  "both modules of the set carry the finding"

finish
