#!/bin/sh
# SIGKILL of sepm-install at chosen system calls (docs/security.md, "Crash
# safety").  strace's fault injection kills the process on the Nth call of
# a system call, before the call runs, so every point is exact and the same
# on every machine.  The points come from a reference run from the same
# start: the renames of libsemanage's commit and of the state file, and
# calls spread over the relabel.  After each kill the policy store and the
# state file are each the old or the new one; the root filesystem is too,
# or else its journal is beside it and every file has its old label or its
# new one; a rerun finishes the job (first applying that journal, which
# leaves nothing for its own plan).
. "$top_srcdir/tests/e2e/lib.sh"
image_test
for tool in strace semodule getfattr setfattr; do
  command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done
# A container without ptrace cannot run strace at all.
strace -o /dev/null true 2> /dev/null || { echo "SKIP: strace cannot trace here" >&2; exit 77; }
export SEPM_DATA_DIR="$top_srcdir"

# An image whose relabel copies (the web root), links (the docs) and
# keeps two names of one file together (sh is busybox).
busybox_image 'mkdir -p usr/share/doc && (cd usr/share/doc && touch $(seq -f "doc%g" 1 300))' \
  'for d in 1 2 3 4 5 6 7 8; do mkdir var/www/d$d && (cd var/www/d$d && touch $(seq -f "f%g" 1 100)); done' \
  'ln bin/busybox bin/sh'
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > labels
# shellcheck disable=SC2086
sepm-build $POL -m "$M/templated-web.cil" -l labels -e web.process oci:img:base oci:img:web > /dev/null \
  || fail "sepm-build"
umoci unpack --image img:web b.start > /dev/null
# As a runtime leaves it: every file labelled for a container.
find b.start/rootfs -exec setfattr -h -n security.selinux -v system_u:object_r:container_file_t:s0 {} +
cp -a "$SEPM_FIXTURE_ROOT" root.fresh

install () { sepm-install -p "$T/root" --cache-dir "$T/cache" -n "$@" --rootfs b/rootfs oci:img:web; }
# start fresh|installed: the store without the image, or with it (and its
# state) but the root filesystem not yet relabelled.
start () {
  rm -rf root b && cp -a "root.$1" root && cp -a b.start b
}

sum () { sha256sum | cut -c1-16; }
# The store: its modules and built policy; "moved" when a kill between
# libsemanage's two renames left it in previous/ only.
store_sig () {
  if [ ! -d root/var/lib/selinux/default/active ] && [ -d root/var/lib/selinux/default/previous ]; then
    echo moved; return
  fi
  { semodule -p "$T/root" -s default -l; cat root/var/lib/selinux/default/active/policy.kern; } 2>&1 | sum
}
# The policy files libsemanage installs from the store.
installed_sig () {
  cat root/etc/selinux/default/policy/policy.* root/etc/selinux/default/contexts/files/file_contexts 2>&1 | sum
}
state_sig () { cat root/var/lib/sepm/default.json 2> /dev/null | sum; }
# Everything about the tree but link counts (the old tree, while it is
# being removed, shares the files the relabel kept).
tree_sig () {
  (cd b && { find rootfs -printf '%p %y %m %U %G %s %T@ %l\n' | sort
             getfattr -R -h -n security.selinux --absolute-names rootfs 2> /dev/null | paste -s -d ' ' | tr '#' '\n' | sort
             find rootfs -type f -exec sha256sum {} + | sort; } | sum)
}
sigs () { echo "$(store_sig) $(installed_sig) $(state_sig) $(tree_sig)"; }
# Each file's label, one line each.
labels () { getfattr -R -h -n security.selinux --absolute-names b/rootfs 2> /dev/null | paste -s -d ' ' | tr '#' '\n' | sort; }
journal=b/.sepm-relabel.rootfs
# what OLD NEW: each part new, old, moved or MIXED.
what () {
  now=$(sigs)
  i=1
  for part in store installed state tree; do
    o=$(echo "$1" | cut -d' ' -f$i); n=$(echo "$2" | cut -d' ' -f$i); c=$(echo "$now" | cut -d' ' -f$i)
    if [ "$c" = "$n" ]; then v=new; elif [ "$c" = "$o" ]; then v=old; elif [ "$c" = moved ]; then v=moved
    # Half relabelled, which the journal beside it lets the next run finish.
    elif [ $part = tree ] && [ -f $journal ]; then v=journal; else v=MIXED; fi
    printf '%s=%s ' $part $v
    i=$((i + 1))
  done
}

# The fresh start, warmed: the verification cache is filled once, so the
# reference run and every killed run make the same calls.
start fresh
install > /dev/null 2>&1 || fail "a first install"
new="$(sigs)"
[ "$(stat -c %i b/rootfs/bin/sh)" = "$(stat -c %i b/rootfs/bin/busybox)" ] \
  && pass "sh and busybox are still one file" || fail "the relabel split a hard link"
label=$(getfattr -h --only-values -n security.selinux b/rootfs/var/www/d3/f7 | tr -d '\0')
case $label in *web_*.content:s0) pass "the web root is relabelled" ;; *) fail "f7 is labelled '$label'" ;; esac
ls -A b | grep -q sepm-relabel && fail "the relabel left its staging tree" || pass "nothing is left beside the tree"
# The installed start: the store and state of a finished install.
cp -a root root.installed
labels > labels.new
start fresh; old_fresh="$(sigs)"
start installed; old_installed="$(sigs)"
labels > labels.old
cat labels.old labels.new > labels.either

SYSCALLS=rename,renameat,renameat2,fsync,syncfs,lsetxattr,unlinkat
# points START AWK: "SYSCALL N" for each reference call AWK picks (it sees
# the call's line as $0 and its number among calls of its kind as n).
points () {
  # The first run fills the verification cache for this start's store,
  # so that the reference and every killed run make the same calls.
  start "$1"
  install > /dev/null 2>&1 || fail "a warming run from the $1 start"
  start "$1"
  strace -o ref.log -e trace=$SYSCALLS sepm-install -p "$T/root" --cache-dir "$T/cache" -n --rootfs b/rootfs oci:img:web \
    > /dev/null 2>&1 || fail "the reference run from the $1 start"
  awk -F'(' '/^[a-z0-9_]+\(/ { n[$1]++; sys = $1; line = $0; if ('"$2"') print sys, n[sys] }' ref.log
}

kills=0 windows=0 journals=0
# kill_at START OLD SYSCALL N: run from START, kill at the Nth SYSCALL, check, rerun, check.
kill_at () {
  start "$1"
  strace -o /dev/null -e trace="$3" -e inject="$3":signal=KILL:when="$4" \
    sepm-install -p "$T/root" --cache-dir "$T/cache" -n --rootfs b/rootfs oci:img:web > kill.log 2>&1
  rc=$?
  [ $rc = 137 ] || { fail "from $1, call $4 of $3 was never reached (exit $rc)"; return; }
  kills=$((kills + 1))
  w=$(what "$2" "$new")
  echo "killed at $3 #$4 from the $1 start: $w$([ -f $journal ] && echo '(journal beside)')"
  case $w in
    *"store=MIXED"*|*"state=MIXED"*|*"tree=MIXED"*) fail "after a kill at $3 #$4: $w" ;;
    # libsemanage's own windows (docs/security.md): the rerun repairs them.
    *"store=moved"*|*"store=new installed=old"*|*"store=new installed=MIXED"*) windows=$((windows + 1)) ;;
    *"installed=MIXED"*) fail "after a kill at $3 #$4: $w" ;;
  esac
  # Not one label but the file's old or new one, whatever the tree as a whole.
  labels | grep -vxF -f labels.either > odd.labels && { fail "after a kill at $3 #$4 a label is neither old nor new"; sed 's/^/  | /' odd.labels >&2; }
  left=no; [ -f $journal ] && left=yes
  install --json > rerun.json 2> rerun.log || { fail "after a kill at $3 #$4 the rerun fails"; sed 's/^/  | /' rerun.log >&2; }
  if [ $left = yes ]; then
    # The journal alone makes the tree new: the rerun's plan finds nothing.
    r=$(jq -c '.install.relabel | [.recovered, .changed]' rerun.json)
    case $r in \[[1-9]*,0\]) journals=$((journals + 1)) ;;
      *) fail "after a kill at $3 #$4 the rerun applied the journal as $r (recovered, then changed)" ;; esac
  fi
  w=$(what "$2" "$new")
  [ "$w" = "store=new installed=new state=new tree=new " ] || fail "after a kill at $3 #$4 the rerun leaves $w"
  ls -A b | grep -q sepm-relabel && fail "after a kill at $3 #$4 the rerun left the staging tree"
}

# The commit: libsemanage's switch of the store and install of the policy
# files, and the state file.
points fresh 'line ~ /selinux\/default\/(tmp|active)", |etc\/selinux\/default\/(policy|contexts\/files\/file_contexts")|sepm\/default.json/' \
  > commit.points
# The relabel, from a store that has the image: the journal's writing
# (fsync), putting it in place (renameat, fsync of the directory), the
# first label and every 200th, the last, the sync, the journal's removal.
points installed 'sys != "rename" && sys != "renameat2" && (n[sys] == 1 || n[sys] % 200 == 0) || sys == "renameat" || sys == "fsync" || sys == "syncfs"' \
  | sort -u > relabel.points
for sys in lsetxattr unlinkat; do echo "$sys $(grep -c "^$sys(" ref.log)" >> relabel.points; done
sort -u -o relabel.points relabel.points
echo "commit points: $(tr '\n' ';' < commit.points)"
echo "relabel points: $(tr '\n' ';' < relabel.points)"
[ "$(wc -l < commit.points)" -ge 5 ] && pass "the commit has at least five kill points" || fail "too few commit points"
grep -q '^renameat ' relabel.points && grep -q '^syncfs ' relabel.points \
  && pass "the journal's rename and the sync before its removal are kill points" || fail "no renameat or syncfs in the relabel"

while read -r sys n; do kill_at fresh "$old_fresh" "$sys" "$n"; done < commit.points
while read -r sys n; do kill_at installed "$old_installed" "$sys" "$n"; done < relabel.points
echo "$kills kills, $windows of them in libsemanage's windows"
[ "$windows" -ge 3 ] && pass "kills inside libsemanage's commit windows were repaired by the rerun" \
  || fail "only $windows kills landed in libsemanage's windows"
[ "$journals" -ge 3 ] && pass "$journals kills left a half relabelled tree and its journal; the rerun's journal alone finished it" \
  || fail "only $journals kills landed while labels were set"
[ "$kills" -ge 12 ] && pass "$kills kills: each time the store and the state were old or new, the tree old, new or journalled, and a rerun finished" \
  || fail "only $kills kills"
finish
