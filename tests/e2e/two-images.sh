#!/bin/sh
# Two images on one host (tests/corpus/two-image/*): image B is harmful
# only once image A is installed beside it.  On a private copy of the
# fixture root, A is installed, then B must be refused with the case's
# finding (or install.cross-image) and change nothing; for the control
# case both install.  One case also runs in the other order: B, quiet
# while alone, installs first, and then A is refused, since B names it.
. "$top_srcdir/tests/e2e/lib.sh"
need_root
for tool in umoci skopeo semodule jq; do
  command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done
C="$top_srcdir/tests/corpus/two-image"
export SEPM_DATA_DIR="$top_srcdir"
cd "$T"
busybox_image ''
fresh_root () { rm -rf root && cp -a "$SEPM_FIXTURE_ROOT" root; }
POL="-p $T/root --cache-dir $T/cache"

for dir in "$C"/*/; do
  case=$(basename "$dir")
  expect=$(sed -n 's/^expect: *//p' "$dir/README")
  old=$(sed -n 's/^A installs as: *\([a-z0-9_]*\).*/\1/p' "$dir/README")
  fresh_root
  policy_image "$case-a" "$(block_of "$dir/a.cil")" "$dir/a.cil" || continue
  # A's installed name follows its canonical text: B's reference to it is
  # brought up to date, as an attacker who reads A's image would.
  new=$(block_of "$dir/a.cil")_$(sha256sum < "$case-a.cil" | cut -c1-12)
  sed "s/$old/$new/g" "$dir/b.cil" > "$case-b.src"
  policy_image "$case-b" "$(block_of "$case-b.src")" "$case-b.src" || continue
  # shellcheck disable=SC2086
  expect_rc 0 "$case: image A installs" sepm-install $POL -n oci:img:"$case-a"
  modules_before=$(semodule -p "$T/root" -s default -l | md5sum)
  # shellcheck disable=SC2086
  run sepm-install $POL -n --json oci:img:"$case-b"
  if [ "$expect" = "admit (control)" ]; then
    [ "$rc" = 0 ] && pass "$case: B installs beside A (control)" || { fail "$case: B refused: exit $rc"; cat "$T/out" "$T/err" >&2; }
    continue
  fi
  [ "$rc" = 1 ] && pass "$case: B is refused beside A" || { fail "$case: B: exit $rc, wanted 1"; cat "$T/out" "$T/err" >&2; }
  ids=$(jq -r '[.modules[]?.findings[]?.rule, .image.findings[]?.rule] | unique | join(",")' "$T/out" 2> /dev/null)
  want=$(echo "$expect" | sed 's/^b: *//')
  hit=""
  for id in install.cross-image compile.canonical $(echo "$want" | tr , ' '); do
    echo ",$ids," | grep -q ",$id," && hit="$hit $id"
  done
  [ -n "$hit" ] && pass "$case: the finding is one of install.cross-image,$want ($hit )" \
    || fail "$case: findings $ids, wanted install.cross-image or $want"
  [ "$(semodule -p "$T/root" -s default -l | md5sum)" = "$modules_before" ] \
    && pass "$case: the refusal changed no module" || fail "$case: the store changed"
done

# B carries a byte-identical copy of A's module beside its own: the copy
# installs under A's name, is A's, and B's own module may not reach it.
dir="$C/b-shares-and-leans"
fresh_root
policy_image shares-a "$(block_of "$dir/a.cil")" "$dir/a.cil"
old=$(sed -n 's/^A installs as: *\([a-z0-9_]*\).*/\1/p' "$dir/README")
new=$(block_of "$dir/a.cil")_$(sha256sum < shares-a.cil | cut -c1-12)
sed "s/$old/$new/g" "$dir/b.cil" > shares-b.src
policy_image shares-b "$(block_of "$dir/a.cil")" "$dir/a.cil" "$(block_of shares-b.src)" shares-b.src
# shellcheck disable=SC2086
expect_rc 0 "b-shares-and-leans: A installs" sepm-install $POL -n oci:img:shares-a
modules_before=$(semodule -p "$T/root" -s default -l | md5sum)
# shellcheck disable=SC2086
expect_rc 1 "b-shares-and-leans: B, with a copy of A's module, is refused" sepm-install $POL -n --json oci:img:shares-b
expect_grep "$T/out" "install.cross-image" "the finding is install.cross-image"
[ "$(semodule -p "$T/root" -s default -l | md5sum)" = "$modules_before" ] \
  && pass "b-shares-and-leans: the refusal changed no module" || fail "b-shares-and-leans: the store changed"

# The other order: B first (its optional waits for A and is off), then A.
dir="$C/b-permissive-a"
fresh_root
# shellcheck disable=SC2086
expect_rc 0 "b-permissive-a reversed: B installs alone (its optional is off)" sepm-install $POL -n oci:img:b-permissive-a-b
# shellcheck disable=SC2086
expect_rc 1 "b-permissive-a reversed: A is refused beside B" sepm-install $POL -n oci:img:b-permissive-a-a
expect_grep "$T/out" "install.cross-image" "the finding is install.cross-image, naming B"
finish
