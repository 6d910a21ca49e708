#!/bin/sh
# Hostile images (docs/security.md): each is refused with the expected
# finding or error, and nothing is written.
. "$top_srcdir/tests/e2e/lib.sh"
image_test
busybox_image 'mkdir -p dev && mknod dev/evil c 1 3'
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > labels
# shellcheck disable=SC2086
sepm-build $POL -m "$M/templated-web.cil" -l labels oci:img:base oci:img:web > /dev/null || fail "the honest image builds"

# derive TAG CMD: a new layer on top of img:web, made by CMD in its rootfs, as img:TAG.
derive () {
  rm -rf "d-$1"
  umoci unpack --image img:web "d-$1" > /dev/null
  (cd "d-$1/rootfs" && eval "$2")
  umoci repack --image "img:$1" "d-$1" > /dev/null
}

# A whiteout deletes the labelled file.
derive whiteout 'rm bin/busybox'
# shellcheck disable=SC2086
expect_rc 1 "a layer that deletes a labelled file" sepm-verify $POL oci:img:whiteout
expect_grep "$T/out" "./bin/busybox. does not exist in the image \[labels.path\]" "the finding is labels.path"
# The same path in several layers: the topmost one is what is labelled.
derive replaced-dir 'rm bin/busybox && mkdir bin/busybox'
# shellcheck disable=SC2086
expect_rc 1 "a layer that turns the labelled file into a directory" sepm-verify $POL oci:img:replaced-dir
expect_grep "$T/out" "is not of the kind .--. in the image \[labels.path\]" "the finding is labels.path"
derive replaced-file 'echo "#!/bin/sh" > bin/busybox'
# shellcheck disable=SC2086
expect_rc 0 "a layer that replaces the labelled file with another file" sepm-verify $POL oci:img:replaced-file

# Device nodes are the runtime's.
before=$(cat img/index.json)
printf '/dev/evil\t-c\tweb.content\n' > dev-labels
# shellcheck disable=SC2086
expect_rc 1 "a label for a device node (-c)" sepm-build $POL -m "$M/templated-web.cil" -l dev-labels oci:img:base
expect_grep "$T/out" "labels device nodes \[labels.device\]" "the finding is labels.device"
printf '/dev/evil\tweb.content\n' > dev-labels2
# shellcheck disable=SC2086
expect_rc 1 "a label for a path that is a device node" sepm-build $POL -m "$M/templated-web.cil" -l dev-labels2 oci:img:base
expect_grep "$T/out" "is a device node in the image \[labels.device\]" "the finding is labels.device"
# A regular expression without a file kind reaches device nodes too: what
# libselinux would label is what counts.
printf '/dev(/.*)?\tweb.content\n' > dev-labels3
# shellcheck disable=SC2086
expect_rc 1 "a regular expression that matches a device node" sepm-build $POL -m "$M/templated-web.cil" -l dev-labels3 oci:img:base
expect_grep "$T/out" "labels device node ./dev/evil. in the image \[labels.device\]" "the finding is labels.device"

# Duplicate module names across layers.
# shellcheck disable=SC2086
expect_rc 1 "a second module named web on top of the first" sepm-build $POL -m "$M/templated-web.cil" oci:img:web
expect_grep "$T/out" "image.module-name" "the finding is image.module-name"
[ "$(cat img/index.json)" = "$before" ] && pass "nothing was written after the refusals" || fail "the layout changed after a refusal"

# A layer made by hand (tar), as the third attack round did: what a
# runtime's unpacker makes of it is what the checks judge.
# layer_image TAG DIR TAR-ARGS...: img:TAG, img:base plus a layer of DIR.
layer_image () {
  tag=$1; dir=$2; shift 2
  tar -C "$dir" -cf "$tag.tar" "$@"
  umoci raw add-layer --image img:base --tag "$tag" "$tag.tar" > /dev/null
}
# A hard link to a device node is that device.
mkdir -p hl/x hl/data && mknod hl/x/sda b 8 0 && ln hl/x/sda hl/data/sda
layer_image hldev hl x data
printf '/data(/.*)?\tweb.content\n' > hl-labels
# shellcheck disable=SC2086
expect_rc 1 "a label on a hard link to a device node" sepm-build $POL -m "$M/templated-web.cil" -l hl-labels oci:img:hldev
expect_grep "$T/out" "labels device node ./data/sda. in the image \[labels.device\]" "the finding is labels.device"
# Two names of one file with two types: sepm-install could not relabel it.
mkdir -p hc/data && echo x > hc/data/a && ln hc/data/a hc/data/b
layer_image hlconf hc data
printf '/data/a\t--\tweb.content\n/data/b\t--\tweb.exec\n' > hc-labels
# shellcheck disable=SC2086
expect_rc 1 "labels that give one hard-linked file two types" sepm-build $POL -m "$M/templated-web.cil" -l hc-labels oci:img:hlconf
expect_grep "$T/out" "are one file (a hard link) .*\[labels.hardlink\]" "the finding is labels.hardlink"
# An entry under a symbolic link lands under the link's target.
mkdir -p sl/real && echo x > sl/real/f && ln -s real sl/d
layer_image symparent sl d real/f --transform 's|^real/f$|d/f|r'
printf '/d/f\t--\tweb.content\n' > sl-labels
# shellcheck disable=SC2086
expect_rc 1 "an entry that passes through a symbolic link" sepm-build $POL -m "$M/templated-web.cil" -l sl-labels oci:img:symparent
expect_grep "$T/out" "passes through the symbolic link ./d.: .*\[image.layers\]" "the finding is image.layers"


# Policy recorded for layers the image does not have: labels copied onto
# an image whose base layer was rebuilt (the base layer it names is gone).
value=$(skopeo inspect --config oci:img:web | jq -r '.config.Labels["io.sepm.policy.v1.0"]')
umoci new --image img:rebuilt > /dev/null
umoci unpack --image img:rebuilt rb > /dev/null
mkdir -p rb/rootfs/bin && cp /bin/busybox rb/rootfs/bin/busybox && echo rebuilt > rb/rootfs/README
umoci repack --image img:rebuilt rb > /dev/null
umoci config --image img:rebuilt --config.label "io.sepm.policy.v1.0=$value" > /dev/null
# shellcheck disable=SC2086
expect_rc 1 "policy for a base layer the image no longer has" sepm-verify $POL oci:img:rebuilt
expect_grep "$T/out" "image.layers" "the finding is image.layers"

# A config that claims other diff_ids: its digest is right, its word is not.
cp -a img claims
mdig=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "web") | .digest' claims/index.json | cut -d: -f2)
cdig=$(jq -r .config.digest "claims/blobs/sha256/$mdig" | cut -d: -f2)
jq -c '.rootfs.diff_ids[0] = "sha256:'"$(printf x | sha256sum | cut -d' ' -f1)"'"' "claims/blobs/sha256/$cdig" > cfg
ncdig=$(sha256sum < cfg | cut -d' ' -f1); cp cfg "claims/blobs/sha256/$ncdig"
jq -c '.config.digest = "sha256:'"$ncdig"'" | .config.size = '"$(stat -c %s cfg)" "claims/blobs/sha256/$mdig" > man
nmdig=$(sha256sum < man | cut -d' ' -f1); cp man "claims/blobs/sha256/$nmdig"
jq -c '(.manifests[] | select(.digest == "sha256:'"$mdig"'")) |= (.digest = "sha256:'"$nmdig"'" | .size = '"$(stat -c %s man)"')' \
  claims/index.json > idx && cp idx claims/index.json
# shellcheck disable=SC2086
expect_rc 2 "a config whose diff_ids are not its layers'" sepm-verify $POL oci:claims:web
expect_grep "$T/err" "diff_id" "the error names the diff_id"

# Path traversal in a layer's entries, and a hard link out of the root.
mkdir -p raw && echo x > raw/x && ln raw/x raw/hl
tar -C raw -cf dotdot.tar --transform 's|^x$|../../escape|' x
add_raw_layer web dotdot dotdot.tar
# shellcheck disable=SC2086
expect_rc 2 "a layer entry with .. is refused" sepm-verify $POL oci:img:dotdot
expect_grep "$T/err" "entry .\.\./\.\./escape. climbs out of the root filesystem" "the error names the entry"
tar -P -C raw -cf hardlink.tar --transform 's|^x$|../../etc/shadow|Rh' x hl
add_raw_layer web hardlink hardlink.tar
# shellcheck disable=SC2086
expect_rc 2 "a hard link out of the root filesystem is refused" sepm-verify $POL oci:img:hardlink
expect_grep "$T/err" "is a hard link to .\.\./\.\./etc/shadow., out of the root filesystem" "the error names the link"
[ ! -e "$T/../escape" ] && [ ! -e escape ] && pass "nothing was written outside" || fail "an entry escaped"

# The work one image may cost: entries and uncompressed bytes per layer
# and per image, and the decompression ratio (a bomb).  A layer of 100 MiB
# of zeros gzips to about 100 KiB.
derive bomb 'mkdir -p var/bomb && head -c 104857600 /dev/zero > var/bomb/zeros && touch var/bomb/a var/bomb/b var/bomb/c'
# shellcheck disable=SC2086
expect_rc 0 "the zero-filled layer passes the default limits" sepm-verify $POL oci:img:bomb
# shellcheck disable=SC2086
expect_rc 2 "a layer past the decompression ratio" env SEPM_LAYER_MAX_RATIO=100 sepm-verify $POL oci:img:bomb
expect_grep "$T/err" "more than 100 times its size, a decompression bomb (SEPM_LAYER_MAX_RATIO)" "the error names the ratio"
# shellcheck disable=SC2086
expect_rc 2 "a layer past the uncompressed size" env SEPM_LAYER_MAX_MIB=50 sepm-verify $POL oci:img:bomb
expect_grep "$T/err" "more than 50 MiB (SEPM_LAYER_MAX_MIB)" "the error names the size limit"
# shellcheck disable=SC2086
expect_rc 2 "an image past the total uncompressed size" env SEPM_IMAGE_MAX_MIB=90 sepm-verify $POL oci:img:bomb
expect_grep "$T/err" "SEPM_IMAGE_MAX_MIB" "the error names the image limit"
# shellcheck disable=SC2086
expect_rc 2 "a layer past the entry count" env SEPM_LAYER_MAX_ENTRIES=3 sepm-verify $POL oci:img:bomb
expect_grep "$T/err" "more than 3 entries (SEPM_LAYER_MAX_ENTRIES)" "the error names the entry limit"
# shellcheck disable=SC2086
expect_rc 2 "an image past the total entry count" env SEPM_IMAGE_MAX_ENTRIES=8 sepm-verify $POL oci:img:bomb
expect_grep "$T/err" "SEPM_IMAGE_MAX_ENTRIES" "the error names the image entry limit"
before=$(cat img/index.json)
# shellcheck disable=SC2086
expect_rc 2 "sepm-build refuses the bomb" env SEPM_LAYER_MAX_RATIO=100 sepm-build $POL -m "$M/templated-web.cil" oci:img:bomb oci:img:bomb-out
[ "$(cat img/index.json)" = "$before" ] && pass "and writes nothing" || fail "sepm-build wrote the index"

finish
