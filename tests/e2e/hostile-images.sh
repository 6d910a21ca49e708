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

# Duplicate module names across layers.
# shellcheck disable=SC2086
expect_rc 1 "a second module named web on top of the first" sepm-build $POL -m "$M/templated-web.cil" oci:img:web
expect_grep "$T/out" "image.module-name" "the finding is image.module-name"
[ "$(cat img/index.json)" = "$before" ] && pass "nothing was written after the refusals" || fail "the layout changed after a refusal"

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

finish
