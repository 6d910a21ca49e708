# Shared by the benchmarks: timing and the fixture.  Benchmarks print
# numbers; they never pass or fail on speed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${SEPM_BUILD_DIR:-$top}
PATH="$build/sepm-build:$build/sepm-verify:$build/sepm-install:$PATH"
root=$(sh "$top/tests/fixture/make-policy-root.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/sepm-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# best_of N CMD...: the fastest of N runs, in seconds.  When $before_each
# names a command, it runs before each run, untimed.  With $strict set, a
# failing run stops the benchmark.
best_of () {
  n=$1; shift
  best=""
  i=0
  while [ $i -lt "$n" ]; do
    [ -z "${before_each:-}" ] || $before_each
    s=$(date +%s.%N)
    if ! "$@" > /dev/null 2>&1 && [ -n "${strict:-}" ]; then
      echo "bench: '$*' failed" >&2
      exit 1
    fi
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    i=$((i + 1))
  done
  printf '%.3f' "$best"
}

ratio () { printf '%.1f' "$(echo "$1 / $2" | bc -l)"; }

# The store's enabled module CIL, as semodule would compile it.
extract_store_cil () {
  dest=$1
  mkdir -p "$dest"
  mods="$root/var/lib/selinux/default/active/modules"
  for d in "$mods"/[0-9]*/*/; do
    name=$(basename "$d")
    [ -e "$mods/disabled/$name" ] && continue
    prio=$(basename "$(dirname "$d")")
    # the highest priority wins
    if [ -f "$dest/$name.prio" ] && [ "$(cat "$dest/$name.prio")" -ge "$prio" ]; then continue; fi
    echo "$prio" > "$dest/$name.prio"
    bzcat "$d/cil" > "$dest/$name.cil"
  done
  rm -f "$dest"/*.prio
}

# registry_bench: Debian's docker-registry on 127.0.0.1 with TLS from a
# CA made here, without auth (tests/e2e/registry-lib.sh, stopped at exit),
# as $REG; $POL names the fixture policy with sepm's templates.
registry_bench () {
  T=$work
  top_srcdir=$top
  . "$top/tests/e2e/registry-lib.sh"
  make_ca
  start_registry reg none > /dev/null
  REG="127.0.0.1:$reg_PORT"
  POL="--cache-dir $work/cache -p $root --templates $top/policy-templates/refpolicy/sepm.cil"
}

# busybox_layout [EXTRA...]: $work/img:base, made with umoci as
# tests/e2e/lib.sh's busybox_image makes it: /bin/busybox and a web root;
# each EXTRA is a command run in the root filesystem before it is packed.
# The unpacked bundle stays in $work/bundle for more layers.
busybox_layout () {
  umoci init --layout "$work/img" > /dev/null
  umoci new --image "$work/img:base" > /dev/null
  umoci unpack --image "$work/img:base" "$work/bundle" > /dev/null
  mkdir -p "$work/bundle/rootfs/bin" "$work/bundle/rootfs/var/www"
  cp /bin/busybox "$work/bundle/rootfs/bin/busybox"
  echo hello > "$work/bundle/rootfs/var/www/index.html"
  for extra in "$@"; do (cd "$work/bundle/rootfs" && eval "$extra"); done
  umoci repack --image "$work/img:base" "$work/bundle" > /dev/null
}
