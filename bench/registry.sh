#!/bin/sh
# sepm-verify docker:// against the way without it: skopeo copy from the
# registry to an OCI layout, then sepm-verify oci:.  Debian's
# docker-registry on 127.0.0.1 with TLS (tests/e2e/registry-lib.sh), no
# auth; a small image (busybox) and one with a 64 MiB layer of random
# bytes.  Both sides verify with a warm cache.
. "$(dirname "$0")/lib.sh"
registry_bench
busybox_layout
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > "$work/labels"
# shellcheck disable=SC2086
sepm-build -q $POL -m "$top/tests/modules/templated-web.cil" -l "$work/labels" oci:"$work/img:base" oci:"$work/img:small" > /dev/null
head -c $((64 << 20)) /dev/urandom > "$work/bundle/rootfs/var/www/big.bin"
umoci repack --image "$work/img:base" "$work/bundle" > /dev/null
# shellcheck disable=SC2086
sepm-build -q $POL -m "$top/tests/modules/templated-web.cil" -l "$work/labels" oci:"$work/img:base" oci:"$work/img:big" > /dev/null
for tag in small big; do
  push oci:"$work/img:$tag" "docker://$REG/web:$tag"
done

copy_only () {
  rm -rf "$work/copy"
  skopeo copy -q --src-cert-dir "$work/certs" "docker://$REG/web:$1" oci:"$work/copy:$1" > /dev/null
}
copy_then_verify () {
  copy_only "$1"
  # shellcheck disable=SC2086
  sepm-verify $POL oci:"$work/copy:$1"
}
# shellcheck disable=SC2086
sepm-verify $POL --cert-dir "$work/certs" "docker://$REG/web:small" > /dev/null   # warm the cache
printf '%-48s %8s %8s\n' "what" "small" "64 MiB"
for tag in small big; do
  # shellcheck disable=SC2086
  eval "direct_$tag=\$(strict=1 best_of 5 sepm-verify $POL --cert-dir $work/certs docker://$REG/web:$tag)"
  eval "copied_$tag=\$(strict=1 best_of 5 copy_then_verify $tag)"
  eval "skopeo_$tag=\$(strict=1 best_of 5 copy_only $tag)"
done
# shellcheck disable=SC2154
{
  printf '%-48s %8s %8s\n' "sepm-verify docker:// (streamed)" "$direct_small" "$direct_big"
  printf '%-48s %8s %8s\n' "skopeo copy docker:// oci: + sepm-verify oci:" "$copied_small" "$copied_big"
  printf '%-48s %8s %8s\n' "  of which skopeo copy alone" "$skopeo_small" "$skopeo_big"
  echo
  echo "docker:// vs copy + verify: small $(printf %.2f "$(echo "$direct_small / $copied_small" | bc -l)")x the time," \
       "64 MiB $(printf %.2f "$(echo "$direct_big / $copied_big" | bc -l)")x (goal: at most 1.0x)"
}
