# Background steps for the kernel test: qemu under TCG keeps one core busy,
# so the next boot's store is built on the other meanwhile.
#
# bg_run NAME CMD...: run CMD in the background; its output and its pass/fail
# counts (tests/e2e/lib.sh) wait in NAME.bg-out and NAME.bg-count.
bg_run () {
  bg_name=$1; shift
  ( PASSED=0 FAILED=0; "$@"; echo "$PASSED $FAILED $?" > "$bg_name.bg-count" ) > "$bg_name.bg-out" 2>&1 &
  eval "bg_pid_$bg_name=\$!"
}

# bg_join NAME: wait for it, print its output, add its counts; returns CMD's
# status.
bg_join () {
  eval "wait \$bg_pid_$1"
  cat "$1.bg-out"
  read -r p f rc < "$1.bg-count" || { fail "$1: the background step died"; return 1; }
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  return "$rc"
}
