#!/bin/sh
# The cache decides what "the system" is, so a cache someone else can
# write is never read nor written (libsepm/cache.h).  The attack: another
# local user plants a copy of a real cache whose slice gives container_t
# write on etc_t, and removes the slice's base so that sepm builds it from
# the planted slice.  A module writing etc_t then passed its bounds: sepm
# 0406839 admitted it from such a cache.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
R="$SEPM_FIXTURE_ROOT"

cat > "$T/etc-write.cil" << 'EOF'
(block ew
  (blockinherit .sepm.v1.app)
  (allow process etc_t (file (write open getattr))))
EOF
cat > "$T/honest.cil" << 'EOF'
(block ok
  (blockinherit .sepm.v1.app))
EOF

expect_rc 1 "with a cache of its own, a module writing etc_t is rejected" \
  sepm-verify --cache-dir "$T/own" -p "$R" "$T/etc-write.cil"
expect_grep "$T/out" "\[bounds.exceeds\]" "for its bounds"
key=$(ls "$T/own")
[ -f "$T/own/$key/slice.cil" ] || fail "the cache holds the slice"

# plant DIR: a copy of the real cache with the poisoned slice.
plant () {
  rm -rf "$1"
  cp -a "$T/own" "$1"
  echo '(allow container_t etc_t (file (write open getattr)))' >> "$1/$key/slice.cil"
  rm -f "$1/$key"/slice-base.*
}

plant "$T/theirs"
chown -R nobody "$T/theirs"
cp -a "$T/theirs" "$T/theirs.before"
expect_rc 1 "a cache owned by another user is not read: the module is still rejected" \
  sepm-verify --cache-dir "$T/theirs" -p "$R" "$T/etc-write.cil"
expect_grep "$T/out" "\[bounds.exceeds\]" "for its bounds, against the real slice"
expect_rc 0 "an honest module is admitted all the same" sepm-verify --cache-dir "$T/theirs" -p "$R" "$T/honest.cil"
if diff -r "$T/theirs" "$T/theirs.before" > /dev/null; then
  pass "nothing is written into it"
else
  fail "sepm wrote into a cache another user owns"
fi

plant "$T/shared"
chmod g+w "$T/shared/$key"
expect_rc 1 "a cache directory others may write is not read" \
  sepm-verify --cache-dir "$T/shared" -p "$R" "$T/etc-write.cil"
chmod g-w "$T/shared/$key"
chmod g+w "$T/shared/$key/slice.cil"
expect_rc 1 "nor a cache file others may write" sepm-verify --cache-dir "$T/shared" -p "$R" "$T/etc-write.cil"

plant "$T/elsewhere"
mkdir "$T/link"
ln -s "$T/elsewhere/$key" "$T/link/$key"
expect_rc 1 "a cache directory that is a symbolic link is not followed" \
  sepm-verify --cache-dir "$T/link" -p "$R" "$T/etc-write.cil"

# Without HOME, a user who is not root has no private place for a cache:
# sepm used /tmp/.cache/sepm, which any local user can create first.
if [ -e /tmp/.cache/sepm ]; then
  echo "skip: /tmp/.cache/sepm exists already" >&2
else
  chmod o+rx "$T"
  cp "$T/honest.cil" "$T/honest-nobody.cil" && chmod o+r "$T/honest-nobody.cil"
  expect_rc 0 "without HOME, a user who is not root still verifies" \
    env -u HOME -u XDG_CACHE_HOME -u SEPM_CACHE_DIR setpriv --reuid nobody --regid nogroup --clear-groups \
    sepm-verify --base refpolicy "$T/honest-nobody.cil"
  if [ -e /tmp/.cache/sepm ]; then
    fail "without HOME, sepm made a cache in /tmp"
    rm -rf /tmp/.cache/sepm
  else
    pass "and makes no cache in a shared directory"
  fi
fi
finish
