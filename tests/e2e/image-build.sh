#!/bin/sh
# sepm-build and sepm-verify on real OCI images, built on the spot from
# Debian's busybox-static with umoci, and checked with skopeo and umoci.
. "$top_srcdir/tests/e2e/lib.sh"
image_test

# A base image: busybox and a web root.
busybox_image
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > labels

# shellcheck disable=SC2086
expect_rc 0 "sepm-build embeds a verified module" sepm-build $POL -m "$M/templated-web.cil" -l labels oci:img:base oci:built:v1
expect_grep "$T/out" "wrote oci:built:v1 (label io.sepm.policy.v1.0, manifest sha256:" "it names the label and the new manifest"
digest1=$(sed -n 's/.*manifest \(sha256:[0-9a-f]*\)).*/\1/p' "$T/out")

run skopeo inspect --config oci:built:v1
expect_jq "$T/out" '.config.Labels["io.sepm.policy.v1.0"] | type == "string" and length > 100' \
  "skopeo inspect shows the policy label"
expect_rc 0 "umoci unpacks the built image" umoci unpack --image built:v1 unpacked
[ -x unpacked/rootfs/bin/busybox ] && pass "the unpacked rootfs has the image's files" || fail "the unpacked rootfs has the image's files"
# shellcheck disable=SC2086
expect_rc 0 "sepm-verify admits the built image" sepm-verify $POL oci:built:v1
# shellcheck disable=SC2086
expect_rc 0 "sepm-verify --json on the image" sepm-verify $POL --json oci:built:v1
expect_jq "$T/out" '.verdict == "admit" and (.modules | length) == 1 and .modules[0].name == "web"
                     and ([.image.findings[] | select(.severity != "warning")] | length) == 0' \
  "the JSON lists the image's module and no finding that rejects"

# Reproducible: the same inputs give the same manifest.
# shellcheck disable=SC2086
run sepm-build $POL -m "$M/templated-web.cil" -l labels oci:img:base oci:built2:v1
digest2=$(sed -n 's/.*manifest \(sha256:[0-9a-f]*\)).*/\1/p' "$T/out")
[ -n "$digest1" ] && [ "$digest1" = "$digest2" ] && pass "building twice gives the same manifest digest ($digest1)" \
  || fail "building twice gave $digest1 and $digest2"

# oci -> docker-archive -> oci keeps the policy, and it still verifies.
skopeo copy -q oci:built:v1 docker-archive:"$T/d.tar":web:v1 > /dev/null 2>&1
skopeo copy -q docker-archive:"$T/d.tar" oci:back:v1 > /dev/null 2>&1
# shellcheck disable=SC2086
expect_rc 0 "the policy survives oci -> docker-archive -> oci" sepm-verify $POL oci:back:v1

# A derived image: a new layer on top, with its own module.
umoci unpack --image built:v1 bundle2 > /dev/null
mkdir -p bundle2/rootfs/usr/bin && cp /bin/busybox bundle2/rootfs/usr/bin/tool
umoci repack --image built:v1 bundle2 > /dev/null
printf '/usr/bin/tool\t--\tapp.tool_exec\n' > labels2
# shellcheck disable=SC2086
expect_rc 0 "a derived image adds its own module on top of the base's" \
  sepm-build $POL -m "$M/layer-app-web.cil" -l labels2 oci:built:v1
run skopeo inspect --config oci:built:v1
expect_jq "$T/out" '.config.Labels | has("io.sepm.policy.v1.0") and has("io.sepm.policy.v1.1")' \
  "the base's entry is kept and the derived one added"
# shellcheck disable=SC2086
expect_rc 0 "sepm-verify sees both modules, each bound to its layers" sepm-verify $POL --json oci:built:v1
expect_jq "$T/out" '(.modules | length) == 2 and ([.modules[].verdict] | unique) == ["admit"]' "two modules in the report, both admitted"
expect_jq "$T/out" '(.image.layers | length) == 2
                    and (.image.layers[0].modules[0] | endswith(":io.sepm.policy.v1.0:web"))
                    and (.image.layers[1].modules[0] | endswith(":io.sepm.policy.v1.1:app"))' \
  "each layer is listed with the module built on it"

# The archive transports, read and written in place.
skopeo copy -q oci:img:base oci-archive:"$T/arch-o.tar":base > /dev/null 2>&1
skopeo copy -q oci:img:base docker-archive:"$T/arch-d.tar":web:v1 > /dev/null 2>&1
for ref in oci-archive:"$T/arch-o.tar" docker-archive:"$T/arch-d.tar":web:v1; do
  # shellcheck disable=SC2086
  expect_rc 0 "sepm-build writes $ref in place" sepm-build $POL -m "$M/templated-web.cil" -l labels "$ref"
  # shellcheck disable=SC2086
  expect_rc 0 "sepm-verify admits $ref" sepm-verify $POL "$ref"
  run skopeo inspect --config "$ref"
  expect_jq "$T/out" '.config.Labels | has("io.sepm.policy.v1.0")' "skopeo reads the policy label from $ref"
  # The JSON names the manifest for every transport: skopeo's digest where
  # the image has a manifest, the config's in a docker-archive (which has
  # none; docs/json.md).
  digest_want=$(skopeo inspect --format '{{.Digest}}' "$ref" 2> /dev/null)
  case $ref in docker-archive:*) digest_want=$(skopeo inspect --raw "$ref" 2> /dev/null | jq -r '.config.digest') ;; esac
  # shellcheck disable=SC2086
  expect_rc 0 "sepm-verify --json $ref" sepm-verify $POL --json "$ref"
  expect_jq "$T/out" ".image.manifest_digest == \"$digest_want\" and (\"$digest_want\" | test(\"^sha256:[0-9a-f]{64}$\"))" \
    "the JSON's manifest_digest for $ref is $digest_want"
done
[ -z "$(ls "${TMPDIR:-/tmp}" | grep '^sepm-image\.')" ] && pass "no extracted archive is left behind" \
  || fail "extracted archives were left in ${TMPDIR:-/tmp}"

# Hostile archives: an entry that climbs out, a link that points out, a truncated tar.
mkdir -p evil && printf x > evil/file
tar -C evil -cf evil-dotdot.tar --transform 's|^file$|../escape|' file 2> /dev/null
expect_rc 2 "an archive entry with .. is refused" sepm-verify $POL oci-archive:"$T/evil-dotdot.tar"
ln -s /etc/shadow evil/link && tar -C evil -cf evil-link.tar link
expect_rc 2 "an archive link that points outside is refused" sepm-verify $POL oci-archive:"$T/evil-link.tar"
expect_grep "$T/err" "inner link" "the error names the entry"
[ ! -e "$T/escape" ] && pass "nothing was written outside" || fail "an entry escaped the extraction directory"
head -c 300000 "$T/arch-o.tar" > "$T/short.tar"
expect_rc 2 "a truncated archive is refused" sepm-verify $POL oci-archive:"$T/short.tar"

# What must not be written.
before=$(cat img/index.json)
printf '/bin/busybox\t--\tshadow_t.x\n' > bad-type
# shellcheck disable=SC2086
expect_rc 1 "a label naming a type the modules lack is a finding" sepm-build $POL -m "$M/templated-web.cil" -l bad-type oci:img:base
expect_grep "$T/out" "labels.type" "the finding is labels.type"
printf '/bin/busybox\t--\tweb.exec\n/etc(/.*)?\tetc_t\n' > system-type
# shellcheck disable=SC2086
expect_rc 1 "a label with a system type is a policy finding" sepm-build $POL -m "$M/templated-web.cil" -l system-type oci:img:base
expect_grep "$T/out" "system-type:2: error: \`etc_t\` is not a file type of these modules; use one of .*\`web.content\`" \
  "it names the line and the types the modules offer"
printf '/bin/busybox\t--\tweb.exec\n/bin/busybox\t--\tweb.content\n' > twice
# shellcheck disable=SC2086
expect_rc 2 "two labels of one file are refused" sepm-build $POL -m "$M/templated-web.cil" -l twice oci:img:base
expect_grep "$T/err" "twice:1: \`/bin/busybox\` is labelled twice .*(line 1) and .*(line 2)" "the error names the labels file's lines"
grep -q "/tmp\|file_contexts" "$T/err" && fail "the conflict names a temporary file" || pass "and no temporary file"
printf '/bin/nothing-here\t--\tweb.exec\n' > missing
# shellcheck disable=SC2086
expect_rc 1 "a label for a path the image lacks is a finding" sepm-build $POL -m "$M/templated-web.cil" -l missing oci:img:base
expect_grep "$T/out" "labels.path" "the finding is labels.path"
printf '/bin/busybox\t-d\tweb.exec\n' > wrong-kind
# shellcheck disable=SC2086
expect_rc 1 "a label of the wrong file kind is a finding" sepm-build $POL -m "$M/templated-web.cil" -l wrong-kind oci:img:base
# shellcheck disable=SC2086
expect_rc 1 "a module beyond container_t is not embedded" sepm-build $POL -m "$M/web-exceeds.cil" oci:img:base
[ "$(cat img/index.json)" = "$before" ] && pass "nothing was written after the refusals" || fail "the image changed after a refusal"

# Tampering: every blob is checked against its digest.
cp -a built tampered
layer=$(jq -r '.layers[0].digest' "tampered/blobs/sha256/$(jq -r '.manifests[0].digest' tampered/index.json | cut -d: -f2)" | cut -d: -f2)
printf 'X' | dd of="tampered/blobs/sha256/$layer" bs=1 seek=100 conv=notrunc 2> /dev/null
# shellcheck disable=SC2086
expect_rc 2 "a tampered layer cannot be verified" sepm-verify $POL oci:tampered:v1
expect_grep "$T/err" "does not match its digest" "the error names the digest mismatch"
cp -a built tampered2
cfg=$(jq -r '.config.digest' "tampered2/blobs/sha256/$(jq -r '.manifests[0].digest' tampered2/index.json | cut -d: -f2)" | cut -d: -f2)
sed -i 's/io.sepm.policy.v1.0/io.sepm.policy.v1.7/' "tampered2/blobs/sha256/$cfg"
# shellcheck disable=SC2086
expect_rc 2 "a tampered config cannot be verified" sepm-verify $POL oci:tampered2:v1
# A manifest that names a blob the layout lacks.
cp -a built missing-blob
rm "missing-blob/blobs/sha256/$(jq -r .config.digest "missing-blob/blobs/sha256/$(jq -r '.manifests[0].digest' missing-blob/index.json | cut -d: -f2)" | cut -d: -f2)"
# shellcheck disable=SC2086
expect_rc 2 "a manifest naming a missing blob cannot be verified" sepm-verify $POL oci:missing-blob:v1
expect_grep "$T/err" "config sha256:" "the error names the missing blob"
# A truncated layer.
cp -a built short-layer
layer=$(jq -r '.layers[0].digest' "short-layer/blobs/sha256/$(jq -r '.manifests[0].digest' short-layer/index.json | cut -d: -f2)" | cut -d: -f2)
head -c 5000 "short-layer/blobs/sha256/$layer" > short && cat short > "short-layer/blobs/sha256/$layer"
# shellcheck disable=SC2086
expect_rc 2 "a truncated layer cannot be verified" sepm-verify $POL oci:short-layer:v1
# A config over the 4 MiB registries accept.
head -c 3500000 /dev/urandom | base64 -w0 > big-label
umoci config --image img:base --tag big --config.label "big=$(head -c 100000 big-label)" > /dev/null
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46; do
  umoci config --image img:big --config.label "big$i=$(head -c 100000 big-label)" > /dev/null
done
# shellcheck disable=SC2086
expect_rc 2 "a config over 4 MiB is refused" sepm-verify $POL oci:img:big
expect_grep "$T/err" "larger than the limit" "the error names the limit"

# A policy label that is not base64.
umoci config --image img:base --tag bad --config.label io.sepm.policy.v1.0=not-base64! > /dev/null
# shellcheck disable=SC2086
expect_rc 2 "a policy label that is not base64 cannot be read" sepm-verify $POL oci:img:bad
expect_grep "$T/err" "not valid base64" "the error says so"
expect_rc 2 "an unknown transport is a usage error" sepm-verify $POL docker://busybox

finish
