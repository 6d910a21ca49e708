#!/bin/sh
# The image maintainer's real build tools: Debian's buildah (and podman
# build) on a Containerfile.  The path that works (docs/image-format.md,
# "Containerfiles"): build, `buildah push IMAGE oci:DIR:TAG`, then
# sepm-build on the built image.  Also: --dockerfile's LABEL line on a
# FROM image that already has the files, a multi-stage build FROM a sepm
# image keeps the base's policy, a later layer that breaks an inherited
# label is refused, and a second entry goes on top of a built image.
# buildah's storage is private to the test (CONTAINERS_STORAGE_CONF).
. "$top_srcdir/tests/e2e/lib.sh"
image_test
for tool in buildah podman jq; do
  command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done
cat > "$T/storage.conf" <<EOF
[storage]
driver = "vfs"
graphroot = "$T/storage"
runroot = "$T/run"
EOF
export CONTAINERS_STORAGE_CONF="$T/storage.conf" BUILDAH_ISOLATION=chroot
export SEPM_DATA_DIR="$top_srcdir"
W="$top_srcdir/samples/web-server"

# config_label REF KEY: a config label's value, read by skopeo.
config_label () { skopeo inspect --config "$1" | jq -r --arg k "$2" '.config.Labels[$k] // empty'; }
# diff_ids REF: the image's diff_ids, one line.
diff_ids () { skopeo inspect --config "$1" | jq -c '.rootfs.diff_ids'; }
# label_diff_ids REF N: the diff_ids entry N was built for.
label_diff_ids () { config_label "$1" "io.sepm.policy.v1.$2" | base64 -d | gunzip | jq -c '.diff_ids'; }
# build TAG CONTEXT [BUILD-TOOL]: build CONTEXT/Containerfile as
# localhost/TAG, then push it to oci:$T/built:TAG.
build () {
  tool=${3:-buildah}
  # shellcheck disable=SC2086
  if $tool build --quiet --pull=never --tag "localhost/$1" "$2" > "$T/build.log" 2>&1 \
      && $tool push --quiet "localhost/$1" "oci:$T/built:$1" >> "$T/build.log" 2>&1; then
    return 0
  fi
  fail "$tool build of $1"
  tail -n 20 "$T/build.log" >&2
  return 1
}

# 1. The sample: buildah build, buildah push, sepm-build on the result.
# shellcheck disable=SC2086
expect_rc 0 "the containerfile sample builds with buildah and sepm-build" \
  sh "$top_srcdir/samples/containerfile/build.sh" "$T/cf" $POL
# shellcheck disable=SC2086
expect_rc 0 "sepm-verify admits the image built from a Containerfile" sepm-verify $POL --json "oci:$T/cf:sample"
expect_jq "$T/out" '[.modules[].name] == ["web"] and .image.entrypoint == "web.process"' \
  "the built image: the web module and its entry domain"
built_ids=$(diff_ids "oci:$T/cf:built")
base_layers=$(diff_ids "oci:$T/cf:base" | jq length)
[ "$(label_diff_ids "oci:$T/cf:sample" 0)" = "$built_ids" ] && [ "$(echo "$built_ids" | jq length)" -gt "$base_layers" ] \
  && pass "the policy is bound to every layer of the build (the base's and the Containerfile's)" \
  || fail "label diff_ids $(label_diff_ids "oci:$T/cf:sample" 0), image $built_ids"
value0=$(config_label "oci:$T/cf:sample" io.sepm.policy.v1.0)
[ -n "$value0" ] || { fail "no policy label on the sample"; finish; exit 1; }

# Into buildah's store and back out: the label survives unchanged.
skopeo copy -q "oci:$T/cf:built" "containers-storage:localhost/web:built" > /dev/null 2>&1 \
  && skopeo copy -q "oci:$T/cf:sample" "containers-storage:localhost/web:sepm" > /dev/null 2>&1 \
  || fail "skopeo copy into containers-storage"
[ "$(buildah inspect --format '{{index .OCIv1.Config.Labels "io.sepm.policy.v1.0"}}' localhost/web:sepm)" = "$value0" ] \
  && pass "containers-storage keeps the policy label byte for byte" || fail "the label changed in containers-storage"

# The same, read straight from buildah's store: the same label.
# shellcheck disable=SC2086
expect_rc 0 "sepm-build reads the built image from containers-storage: and writes a layout" \
  sepm-build $POL -m "$W/web.cil" -l "$W/labels" -e web.process containers-storage:localhost/web:built \
  "oci:$T/fromstore:sepm"
[ "$(config_label "oci:$T/fromstore:sepm" io.sepm.policy.v1.0)" = "$value0" ] \
  && pass "from the store: the label sepm-build writes on the pushed layout, byte for byte" \
  || fail "from the store: the label differs"

# 2. A multi-stage build FROM the sepm image keeps the base's policy.
mkdir ms
cp /bin/busybox ms/helper
cat > ms/Containerfile <<'EOF'
FROM localhost/web:sepm AS build
RUN echo built > /artifact
FROM localhost/web:sepm
COPY --from=build /artifact /var/www/artifact
COPY helper /usr/lib/cgi-bin/helper
EOF
if build ms ms; then
  [ "$(config_label "oci:$T/built:ms" io.sepm.policy.v1.0)" = "$value0" ] \
    && pass "multi-stage: the final image carries the base's policy label unchanged" \
    || fail "multi-stage: the base's label is gone or changed"
  diff_ids "oci:$T/built:ms" | jq -e --argjson b "$built_ids" '.[:($b | length)] == $b and length > ($b | length)' > /dev/null \
    && pass "multi-stage: the base's diff_ids are a strict prefix of the final image's" \
    || fail "multi-stage diff_ids $(diff_ids "oci:$T/built:ms")"
  # shellcheck disable=SC2086
  expect_rc 0 "sepm-verify admits the multi-stage image on the base's policy" sepm-verify $POL --json "oci:$T/built:ms"
  expect_jq "$T/out" '[.modules[].name] == ["web"] and .image.entrypoint == "web.process"' \
    "multi-stage: the base's module and entry domain"

  # A second entry on top of the built image, for the file it added.
  cat > helper.cil <<'EOF'
(block helper
  (blockinherit sepm.v1.app)
  (call sepm.v1.image_files (process))
  (call sepm.v1.stdio (process))
)
EOF
  printf '/usr/lib/cgi-bin/helper\t--\thelper.exec\n' > helper.labels
  # shellcheck disable=SC2086
  expect_rc 0 "sepm-build adds an entry on top of the multi-stage image" \
    sepm-build $POL -m helper.cil -l helper.labels "oci:$T/built:ms" "oci:$T/built:ms-sepm"
  # shellcheck disable=SC2086
  expect_rc 0 "sepm-verify admits both entries" sepm-verify $POL --json "oci:$T/built:ms-sepm"
  expect_jq "$T/out" '[.image.layers[].modules[] | split(":")[-1]] == ["web", "helper"]
                     and (.image.layers[-1].modules[0] | endswith(":helper"))' \
    "the image has the base's entry on the base's layers, the new one on the last"
  [ "$(label_diff_ids "oci:$T/built:ms-sepm" 1)" = "$(diff_ids "oci:$T/built:ms")" ] \
    && pass "the new entry is bound to every layer, the base's entry to the base's" \
    || fail "entry 1's diff_ids $(label_diff_ids "oci:$T/built:ms-sepm" 1)"
fi

# 3. A later layer that turns a labelled file into a link (a whiteout and
# a symlink written by buildah) breaks the inherited label: refused.
mkdir broken
cat > broken/Containerfile <<'EOF'
FROM localhost/web:sepm
RUN rm /usr/sbin/httpd && ln -s /bin/busybox /usr/sbin/httpd
EOF
if build broken broken; then
  # shellcheck disable=SC2086
  expect_rc 1 "sepm-verify refuses an image whose layer broke an inherited label" sepm-verify $POL "oci:$T/built:broken"
  expect_grep "$T/out" "/usr/sbin/httpd. is not of the kind .--. in the image \[labels.path\]" \
    "the finding names the file and labels.path"
fi

# 4. --dockerfile: a LABEL line computed on the FROM image, which already
# has every labelled file.  buildah and podman build give an image
# carrying exactly the label sepm-build writes itself.
# shellcheck disable=SC2086
expect_rc 0 "sepm-build --dockerfile on a FROM image with the files" \
  sepm-build $POL --dockerfile -m "$W/web.cil" -l "$W/labels" -e web.process "oci:$T/cf:built"
cp "$T/out" label-line
grep -q '^LABEL io.sepm.policy.v1.0="[A-Za-z0-9+/=]*"$' label-line && [ "$(wc -l < label-line)" = 1 ] \
  && pass "--dockerfile prints one LABEL line" || fail "--dockerfile printed: $(head -c 200 label-line)"
for tool in buildah podman; do
  mkdir "label-$tool"
  { echo "FROM localhost/web:built"; cat label-line; } > "label-$tool/Containerfile"
  build "label-$tool" "label-$tool" "$tool" || continue
  [ "$(config_label "oci:$T/built:label-$tool" io.sepm.policy.v1.0)" = "$value0" ] \
    && pass "$tool build with the LABEL line: the label sepm-build writes on the built image" \
    || fail "$tool build: the label differs from sepm-build's"
  # shellcheck disable=SC2086
  expect_rc 0 "sepm-verify admits the $tool build with the LABEL line" sepm-verify $POL "oci:$T/built:label-$tool"
done

# 5. --dockerfile on a FROM image without the files: refused, and the hint
# says how to embed after the build instead.
# shellcheck disable=SC2086
expect_rc 1 "--dockerfile refuses labels for files the FROM image lacks" \
  sepm-build $POL --dockerfile -m "$W/web.cil" -l "$W/labels" -e web.process "oci:$T/cf:base"
expect_grep "$T/out" "/usr/sbin/httpd. does not exist in the image \[labels.path\]" "the finding names the missing file"
expect_grep "$T/out" "hint: --dockerfile checks the labels against SOURCE.*buildah push IMAGE oci:DIR:TAG" \
  "the hint gives the build-then-embed path"
[ "$(grep -c 'httpd. does not exist' "$T/out")" = 1 ] \
  && pass "each missing file is reported once" || fail "a missing file is reported $(grep -c 'httpd. does not exist' "$T/out") times"

finish
