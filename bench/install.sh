#!/bin/sh
# sepm-install against semodule and setfiles/restorecon, on copies of the
# fixture's policy root:
#  1. an image with three modules in two layers, against one `semodule -i`
#     of the same CIL files plus the templates (goal: at most 1.05x);
#  2. the same, against three separate `semodule -i` calls (goal: ~3x faster);
#  3. relabelling a 50,000-file root filesystem, journalled (the default)
#     and with restorecon (--relabel-in-place), against restorecon's
#     machinery with an equivalent file_contexts (`setfiles -r`, which is
#     restorecon taking a spec file), side by side in one run.  Goals for
#     the journalled relabel alone (sepm-install's time less its time
#     without --rootfs): at most 1.2x setfiles when one label changes, at
#     most 3x when every label does.
. "$(dirname "$0")/lib.sh"
export SEPM_DATA_DIR="$top"
cd "$work"
tpl="$top/policy-templates/refpolicy/sepm.cil"
mods="$top/tests/modules"
cache="$work/cache"
runs=${BENCH_RUNS:-3}

umoci init --layout img > /dev/null
umoci new --image img:base > /dev/null
umoci unpack --image img:base bundle > /dev/null
mkdir -p bundle/rootfs/bin && cp /bin/busybox bundle/rootfs/bin/busybox
umoci repack --image img:base bundle > /dev/null
printf '/bin/busybox\t--\tbase.exec\n/data(/.*)?\tweb.content\n' > labels
sepm-build --cache-dir "$cache" -p "$root" -m "$mods/layer-base.cil" -m "$mods/templated-web.cil" -l labels \
  oci:img:base oci:img:l1 > /dev/null
umoci unpack --image img:l1 bundle2 > /dev/null
mkdir -p bundle2/rootfs/usr/bin && cp /bin/busybox bundle2/rootfs/usr/bin/tool
umoci repack --image img:l1 bundle2 > /dev/null
sepm-build --cache-dir "$cache" -p "$root" -m "$mods/layer-app.cil" oci:img:l1 > /dev/null
[ "$(sepm-verify --cache-dir "$cache" -p "$root" --json oci:img:l1 | jq '.modules | length')" = 3 ] \
  || { echo "bench: the image does not carry three modules" >&2; exit 1; }

fresh () { rm -rf "$work/r"; cp -a "$root" "$work/r"; }
# Warm sepm's verification cache on the system once, as a host would have it.
fresh; sepm-install --cache-dir "$cache" -p "$work/r" -n oci:img:l1 > /dev/null

# time_fresh CMD...: the fastest of $runs runs, each on a fresh copy of the root.
time_fresh () { before_each=fresh strict=1 best_of "$runs" "$@"; }
cp "$tpl" sepm_templates.cil
# (named apart from the store's own modules: refpolicy has a `base`)
cp "$mods/layer-base.cil" img_base.cil; cp "$mods/templated-web.cil" img_web.cil; cp "$mods/layer-app.cil" img_app.cil
three_calls () {
  semodule -p "$work/r" -s default -n -i sepm_templates.cil img_base.cil &&
  semodule -p "$work/r" -s default -n -i img_web.cil &&
  semodule -p "$work/r" -s default -n -i img_app.cil
}
install_t=$(time_fresh sepm-install --cache-dir "$cache" -p "$work/r" -n oci:img:l1)
one_t=$(time_fresh semodule -p "$work/r" -s default -n -i sepm_templates.cil img_base.cil img_web.cil img_app.cil)
three_t=$(time_fresh three_calls)

# Relabelling, two trees of 50,000 files each.  `rootfs`: every file under
# /data is labelled by the image's `/data(/.*)?`, and two levels alternate
# so every run changes every label (the worst case: a journal entry and a
# label per file).  `rootfs2`: the same files under /srv, which no label
# matches, so each run changes /bin/busybox's label only (the usual case:
# a few binaries in a large image).
for tree in rootfs rootfs2; do
  dir=data; [ $tree = rootfs2 ] && dir=srv
  mkdir -p $tree/bin && cp /bin/busybox $tree/bin/busybox
  i=0
  while [ $i -lt 500 ]; do
    mkdir -p $tree/$dir/d$i && (cd $tree/$dir/d$i && touch $(seq -f 'f%g' 1 100))
    i=$((i + 1))
  done
done
nfiles=$(find rootfs -type f | wc -l)
fresh; sepm-install --cache-dir "$cache" -p "$work/r" -n oci:img:l1 > /dev/null
pol=$(echo "$work"/r/etc/selinux/default/policy/policy.*)
content=$(checkpolicy -M -b -C -o /dev/stdout "$pol" 2> /dev/null | sed -n 's/^(type \(web_[0-9a-f]*\.content\))$/\1/p' | head -n 1)
for lvl in s0 s0:c1; do
  printf '/bin/busybox\t--\tsystem_u:object_r:%s:%s\n/data(/.*)?\tsystem_u:object_r:%s:%s\n' \
    "$(sepm-install -p "$work/r" --list --json | jq -r '[.images[0].modules[] | select(startswith("sepm_base_"))][0] | sub("^sepm_"; "") + ".exec"')" "$lvl" "$content" "$lvl" > "fc.$lvl"
done
# A counter per tree in a file (each call runs in a command
# substitution's subshell): every relabel of a tree changes its level.
alternate () {
  n=$(($(cat "$work/runs.$1" 2> /dev/null || echo 0) + 1)); echo $n > "$work/runs.$1"
  if [ $((n % 2)) = 1 ]; then echo s0:c1; else echo s0; fi
}
sepm_journal () { sepm-install --cache-dir "$cache" -p "$work/r" -n --rootfs "$1" --level "$(alternate "$1")" oci:img:l1; }
sepm_in_place () { sepm-install --cache-dir "$cache" -p "$work/r" -n --relabel-in-place --rootfs "$1" --level "$(alternate "$1")" oci:img:l1; }
sepm_norelabel () { sepm-install --cache-dir "$cache" -p "$work/r" -n oci:img:l1; }
setfiles_relabel () { setfiles -c "$pol" -r "$work/$1" "fc.$(alternate "$1")" "$work/$1"; }
# Side by side: each round runs every contender once, in turn, so that a
# machine shared with other work slows them alike; the fastest round of
# each counts.
keep_best () {
  var=$1; shift
  t=$(best_of 1 "$@")
  eval "old=\${$var:-}"
  if [ -z "$old" ] || [ "$(echo "$t < $old" | bc -l)" = 1 ]; then eval "$var=$t"; fi
}
round=0
while [ $round -lt "$runs" ]; do
  keep_best norelabel_t sepm_norelabel
  for tree in rootfs rootfs2; do
    keep_best journal_$tree sepm_journal $tree
    keep_best in_place_$tree sepm_in_place $tree
    keep_best setfiles_$tree setfiles_relabel $tree
  done
  round=$((round + 1))
done
label=$(getfattr -n security.selinux --only-values rootfs/data/d7/f42 2> /dev/null | tr -d '\0')
case "$label" in *"$content"*) ;; *) echo "bench: the files were not relabelled ($label)" >&2; exit 1 ;; esac

printf '%-72s %8s\n' "what" "seconds"
printf '%-72s %8s\n' "sepm-install: 3 modules, 2 layers, templates, one transaction" "$install_t"
printf '%-72s %8s\n' "semodule -i of the same CIL files and the templates, one call" "$one_t"
printf '%-72s %8s\n' "semodule -i, three separate calls" "$three_t"
printf '%-72s %8s\n' "sepm-install without --rootfs (installed already)" "$norelabel_t"
for tree in rootfs rootfs2; do
  if [ $tree = rootfs ]; then what="$nfiles files, every label changes"; else what="$nfiles files, one label changes"; fi
  eval "sw=\$journal_$tree ip=\$in_place_$tree sf=\$setfiles_$tree"
  printf '%-72s %8s\n' "sepm-install --rootfs, journalled ($what)" "$sw"
  printf '%-72s %8s\n' "sepm-install --rootfs --relabel-in-place ($what)" "$ip"
  printf '%-72s %8s\n' "setfiles -r, restorecon's machinery, same file_contexts ($what)" "$sf"
done
echo
echo "sepm-install vs one semodule -i: $(printf "%.2f" "$(echo "$install_t / $one_t" | bc -l)")x as long (goal <= 1.05)"
echo "three semodule -i calls vs sepm-install: $(ratio "$three_t" "$install_t")x as long (goal about 3)"
for tree in rootfs rootfs2; do
  eval "sw=\$journal_$tree ip=\$in_place_$tree sf=\$setfiles_$tree"
  if [ $tree = rootfs ]; then what="every label changes"; goal=3; else what="one label changes"; goal=1.2; fi
  sw_only=$(echo "$sw - $norelabel_t" | bc -l); ip_only=$(echo "$ip - $norelabel_t" | bc -l)
  r=$(printf '%.2f' "$(echo "$sw_only / $sf" | bc -l)")
  ok=met; [ "$(echo "$r <= $goal" | bc -l)" = 1 ] || ok=MISSED
  echo "$what: the relabel alone, journalled $(printf '%.3f' "$sw_only") s, with restorecon $(printf '%.3f' "$ip_only") s," \
    "setfiles -r $sf s; journalled/setfiles = ${r}x (goal <= $goal: $ok), restorecon/setfiles = $(ratio "$ip_only" "$sf")x"
done
