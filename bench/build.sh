#!/bin/sh
# sepm-build against umoci config --config.label on a 100 MB image, and
# the throughput of reading an image with every blob checked.
. "$(dirname "$0")/lib.sh"
cd "$work"
umoci init --layout img > /dev/null
umoci new --image img:base > /dev/null
umoci unpack --image img:base bundle > /dev/null
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
head -c 104857600 /dev/urandom > bundle/rootfs/big
umoci repack --image img:base bundle > /dev/null
size=$(du -sb img/blobs | cut -f1)
printf '/bin/busybox\t--\tweb.exec\n' > labels
tpl="$top/policy-templates/refpolicy/sepm.cil"
module="$top/tests/modules/templated-web.cil"
cache="$work/cache"
value=$(head -c 3000 /dev/urandom | base64 -w0)
# warm the verification cache
sepm-build --cache-dir "$cache" -p "$root" --templates "$tpl" -m "$module" -l labels oci:img:base oci:warm:v1 > /dev/null

build=$(best_of 3 sepm-build --cache-dir "$cache" -p "$root" --templates "$tpl" -m "$module" -l labels oci:img:base oci:out:v1)
n=0
umoci_label () { n=$((n + 1)); umoci config --image img:base --tag "labelled$n" --config.label "io.sepm.policy.v1.0=$value"; }
umoci_t=$(best_of 3 umoci_label)
read_t=$(best_of 3 sepm-verify --cache-dir "$cache" -p "$root" oci:img:base)

printf '%-52s %8s\n' "what" "seconds"
printf '%-52s %8s\n' "umoci config --config.label (no blob checked)" "$umoci_t"
printf '%-52s %8s\n' "sepm-build: check every blob, verify, embed, write" "$build"
printf '%-52s %8s\n' "sepm-verify on the image (every blob checked)" "$read_t"
echo
echo "image: $((size / 1048576)) MiB of blobs"
echo "sepm-build vs umoci config: $(ratio "$build" "$umoci_t")x as long"
echo "blob checking: $(printf '%.0f' "$(echo "$size / 1048576 / $read_t" | bc -l)") MiB/s (compressed digest and diff_id in one pass)"
