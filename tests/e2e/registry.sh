#!/bin/sh
# The docker:// transport against Debian's docker-registry on 127.0.0.1,
# with TLS from a CA made here: token auth (the distribution token flow,
# tests/e2e/token-server.py), Basic auth (htpasswd) and no auth.  Images
# are pushed with skopeo.  Each verdict read from a registry must be the
# one read from the local layout.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/registry-lib.sh"
image_test
for tool in docker-registry openssl python3 curl htpasswd jq semodule; do
  command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
done
isolate_credentials

make_ca
start_registry tok token || exit 1
start_registry open none || exit 1
start_registry basic basic || exit 1
TOK="127.0.0.1:$tok_PORT"
OPEN="127.0.0.1:$open_PORT"
BASIC="127.0.0.1:$basic_PORT"
TLS="--cert-dir $T/certs"
CREDS="--creds alice:secret"

# The images: an honest one built by sepm-build, a hostile one embedded
# without sepm-build's checks (lib.sh's policy_image).
busybox_image
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n' > labels
# shellcheck disable=SC2086
sepm-build $POL -q -m "$M/templated-web.cil" -l labels oci:img:base oci:img:web > /dev/null \
  || { echo "FAIL: sepm-build" >&2; exit 1; }
policy_image hostile web "$M/web-exceeds.cil"
for reg in "$TOK" "$BASIC"; do
  push --dest-creds alice:secret oci:img:web "docker://$reg/web:v1"
  push --dest-creds alice:secret oci:img:hostile "docker://$reg/hostile:v1"
done
push oci:img:web "docker://$OPEN/web:v1"
push oci:img:base "docker://$OPEN/base:v1"
push oci:img:hostile "docker://$OPEN/hostile:v1"

# verdict REF...: exit status and the sorted rule ids of a --json run.
verdict () {
  # shellcheck disable=SC2086
  run sepm-verify $POL --json "$@"
  echo "$rc $(jq -r '[.image.findings[]?.rule, .modules[]?.findings[]?.rule] | sort | join(",")' "$T/out" 2> /dev/null)"
}
local_web=$(verdict oci:img:web)
local_hostile=$(verdict oci:img:hostile)
[ "${local_web%% *}" = 0 ] && [ "${local_hostile%% *}" = 1 ] \
  && pass "the local verdicts: web admitted, hostile rejected ($local_hostile)" \
  || fail "local verdicts: web '$local_web', hostile '$local_hostile'"

# shellcheck disable=SC2086
got=$(verdict $TLS $CREDS "docker://$TOK/web:v1")
[ "$got" = "$local_web" ] && pass "token auth, by tag: the local verdict" || { fail "token auth: '$got'"; cat "$T/err" >&2; }
# shellcheck disable=SC2086
got=$(verdict $TLS $CREDS "docker://$TOK/hostile:v1")
[ "$got" = "$local_hostile" ] && pass "token auth: the hostile image's findings, as local" \
  || { fail "hostile via registry: '$got', local '$local_hostile'"; cat "$T/err" >&2; }
grep -q "token GRANTED repository%3Aweb%3Apull" "$tok_TOKEN_LOG" \
  && pass "the token asked for is repository:web:pull" || { fail "token scope"; cat "$tok_TOKEN_LOG" >&2; }
expect_jq "$T/out" ".verdict == \"reject\" and .image.reference == \"docker://$TOK/hostile:v1\"" "the JSON report names the reference"

digest=$(skopeo inspect --cert-dir "$T/certs" --creds alice:secret "docker://$TOK/web:v1" | jq -r .Digest)
# shellcheck disable=SC2086
got=$(verdict $TLS $CREDS "docker://$TOK/web@$digest")
[ "$got" = "$local_web" ] && pass "by digest: the local verdict" || { fail "by digest: '$got'"; cat "$T/err" >&2; }
# shellcheck disable=SC2086
got=$(verdict $TLS "docker://$OPEN/web:v1")
[ "$got" = "$local_web" ] && pass "no auth: the local verdict" || { fail "no auth: '$got'"; cat "$T/err" >&2; }
# shellcheck disable=SC2086
got=$(verdict $TLS $CREDS "docker://$BASIC/hostile:v1")
[ "$got" = "$local_hostile" ] && pass "Basic auth: the local verdict" || { fail "Basic auth: '$got'"; cat "$T/err" >&2; }

# Credentials: missing, wrong, and from auth files.
# shellcheck disable=SC2086
expect_rc 2 "token auth without credentials is an error" sepm-verify $POL $TLS "docker://$TOK/web:v1"
expect_grep "$T/err" "unauthorized" "it says unauthorized"
expect_grep "$T/err" "Pass --creds" "and how to give credentials"
# shellcheck disable=SC2086
expect_rc 2 "a wrong password is refused" sepm-verify $POL $TLS --creds alice:wrong "docker://$TOK/web:v1"
expect_grep "$T/err" "refused the credentials of .alice. (from --creds)" "the message names the user and where the credentials came from"
# shellcheck disable=SC2086
expect_rc 2 "Basic auth without credentials is an error" sepm-verify $POL $TLS "docker://$BASIC/web:v1"
# shellcheck disable=SC2086
expect_rc 2 "Basic auth with a wrong password is an error" sepm-verify $POL $TLS --creds alice:nope "docker://$BASIC/web:v1"
auth=$(printf 'alice:secret' | base64)
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$TOK" "$auth" > "$T/auth.json"
# shellcheck disable=SC2086
expect_rc 0 "--authfile gives the credentials" sepm-verify $POL $TLS --authfile "$T/auth.json" "docker://$TOK/web:v1"
# shellcheck disable=SC2086
expect_rc 0 "REGISTRY_AUTH_FILE gives them" env REGISTRY_AUTH_FILE="$T/auth.json" sepm-verify $POL $TLS "docker://$TOK/web:v1"
mkdir -p "$XDG_RUNTIME_DIR/containers"
cp "$T/auth.json" "$XDG_RUNTIME_DIR/containers/auth.json"
# shellcheck disable=SC2086
expect_rc 0 "\$XDG_RUNTIME_DIR/containers/auth.json gives them" sepm-verify $POL $TLS "docker://$TOK/web:v1"
rm "$XDG_RUNTIME_DIR/containers/auth.json"
mkdir -p "$HOME/.docker"
printf '{"auths":{"https://%s/v1/":{"auth":"%s"}}}\n' "$TOK" "$auth" > "$HOME/.docker/config.json"
# shellcheck disable=SC2086
expect_rc 0 "~/.docker/config.json gives them (a docker-style key)" sepm-verify $POL $TLS "docker://$TOK/web:v1"
rm -r "$HOME/.docker"
# shellcheck disable=SC2086
expect_rc 2 "--creds wins over the auth file" sepm-verify $POL $TLS --creds alice:wrong --authfile "$T/auth.json" "docker://$TOK/web:v1"
if grep -rq "sepm-test-token-\|secret" "$T/out" "$T/err"; then fail "a token or the password was printed"; else pass "no token or password in the output"; fi

# TLS
expect_rc 2 "an unknown CA is refused" sepm-verify $POL $CREDS "docker://$TOK/web:v1"
expect_grep "$T/err" "x509" "the message says x509"
expect_grep "$T/err" "cert-dir" "and names --cert-dir"
expect_rc 0 "--tls-verify=false turns the check off" sepm-verify $POL $CREDS --tls-verify=false "docker://$TOK/web:v1"
# shellcheck disable=SC2086
expect_rc 2 "a bad --tls-verify value is a usage error" sepm-verify $POL --tls-verify=maybe "docker://$TOK/web:v1"

# Not there
# shellcheck disable=SC2086
expect_rc 2 "an unknown tag is an error" sepm-verify $POL $TLS "docker://$OPEN/web:v2"
expect_grep "$T/err" "manifest unknown: no tag .v2. in web" "it says which tag is missing, where"
# shellcheck disable=SC2086
expect_rc 2 "an unknown repository is an error" sepm-verify $POL $TLS "docker://$OPEN/nothing:v1"

# An index of two platforms (the same image for both, as skopeo copy
# --all keeps it); sepm picks the host's, or the one asked for.
mdesc=$(jq -c '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "web")' img/index.json)
jq -nc --argjson d "$mdesc" '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [($d | del(.annotations) + {platform: {os: "linux", architecture: "amd64"}}),
              ($d | del(.annotations) + {platform: {os: "linux", architecture: "arm64", variant: "v8"}})]}' > "$T/index.blob"
ihex=$(sha256sum < "$T/index.blob" | cut -d' ' -f1)
cp "$T/index.blob" "img/blobs/sha256/$ihex"
jq --arg d "sha256:$ihex" --argjson s "$(stat -c %s "$T/index.blob")" \
  '.manifests += [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s,
                   annotations: {"org.opencontainers.image.ref.name": "multi"}}]' img/index.json > "$T/index.new"
mv "$T/index.new" img/index.json
push --all oci:img:multi "docker://$OPEN/web:multi"
# shellcheck disable=SC2086
got=$(verdict $TLS --override-arch amd64 "docker://$OPEN/web:multi")
[ "$got" = "$local_web" ] && pass "through an index (amd64): the local verdict" || { fail "index amd64: '$got'"; cat "$T/err" >&2; }
# shellcheck disable=SC2086
got=$(verdict $TLS --override-arch arm64 "docker://$OPEN/web:multi")
[ "$got" = "$local_web" ] && pass "through an index (arm64, any variant)" || { fail "index arm64: '$got'"; cat "$T/err" >&2; }
# shellcheck disable=SC2086
expect_rc 2 "a platform the index lacks is an error" sepm-verify $POL $TLS --override-arch s390x "docker://$OPEN/web:multi"
expect_grep "$T/err" "no image for linux/s390x (it has: linux/amd64, linux/arm64/v8)" "it lists the platforms there are"

# Tampered bytes, served by the registry itself: a layer, the config.
push oci:img:web "docker://$OPEN/tamper-layer:v1"
push oci:img:web "docker://$OPEN/tamper-config:v1"
layer=$(jq -r '.layers[-1].digest' "img/blobs/sha256/$(echo "$mdesc" | jq -r '.digest | ltrimstr("sha256:")')")
config=$(jq -r '.config.digest' "img/blobs/sha256/$(echo "$mdesc" | jq -r '.digest | ltrimstr("sha256:")')")
flip () { printf 'X' | dd of="$1" bs=1 seek=40 conv=notrunc 2> /dev/null; }
cp "$(blob_file open "$layer")" "$T/layer.saved"
flip "$(blob_file open "$layer")"
# shellcheck disable=SC2086
expect_rc 2 "a tampered layer served by the registry is refused" sepm-verify $POL $TLS "docker://$OPEN/tamper-layer:v1"
expect_grep "$T/err" "corrupt or was tampered with" "it says the layer does not match its digest"
cp "$T/layer.saved" "$(blob_file open "$layer")"
cp "$(blob_file open "$config")" "$T/config.saved"
flip "$(blob_file open "$config")"
# shellcheck disable=SC2086
expect_rc 2 "a tampered config is refused" sepm-verify $POL $TLS "docker://$OPEN/tamper-config:v1"
expect_grep "$T/err" "corrupt or tampered" "it says the config does not match its digest"
cp "$T/config.saved" "$(blob_file open "$config")"
# shellcheck disable=SC2086
expect_rc 0 "restored, the image is admitted again" sepm-verify $POL $TLS "docker://$OPEN/tamper-config:v1"

# sepm-install from the registry, on a copy of the fixture root.
cp -a "$SEPM_FIXTURE_ROOT" "$T/root"
expect_rc 0 "sepm-install installs from docker:// with credentials" \
  sepm-install -p "$T/root" --cache-dir "$T/cache" -n $TLS $CREDS "docker://$TOK/web:v1"
semodule -p "$T/root" -s default -l | grep -q "^sepm_web_" && pass "the module is in the store" || fail "no sepm_web_ module installed"
before=$(store_digest "$T/root")
expect_rc 1 "sepm-install refuses the hostile image from the registry" \
  sepm-install -p "$T/root" --cache-dir "$T/cache" -n $TLS $CREDS "docker://$TOK/hostile:v1"
[ "$(store_digest "$T/root")" = "$before" ] && pass "the refusal changed nothing" || fail "the store changed"
expect_rc 2 "sepm-install without credentials is an error that changes nothing" \
  sepm-install -p "$T/root" --cache-dir "$T/cache" -n $TLS "docker://$TOK/web:v1"
[ "$(store_digest "$T/root")" = "$before" ] && pass "nothing changed" || fail "the store changed"

# sepm-build reads a registry for --dockerfile, and writes to none.
# shellcheck disable=SC2086
expect_rc 0 "sepm-build --dockerfile reads a docker:// base" \
  sepm-build $POL $TLS --dockerfile -m "$M/templated-web.cil" -l labels "docker://$OPEN/base:v1"
expect_grep "$T/out" "^LABEL " "it prints a LABEL line"
# shellcheck disable=SC2086
expect_rc 2 "sepm-build does not write to a registry" \
  sepm-build $POL $TLS -m "$M/templated-web.cil" -l labels "docker://$OPEN/base:v1"
expect_grep "$T/err" "reads a registry only with --dockerfile" "it says why"

# A registry that stops answering, or is gone: an error, not a hang.
kill -STOP "$open_PID"
start=$(date +%s)
# shellcheck disable=SC2086
expect_rc 2 "a stopped registry is an error" env SEPM_HTTP_CONNECT_TIMEOUT=2 SEPM_HTTP_STALL_TIMEOUT=2 \
  sepm-verify $POL $TLS "docker://$OPEN/web:v1"
expect_grep "$T/err" "timed out" "it says the registry timed out"
[ $(($(date +%s) - start)) -lt 30 ] && pass "within the timeouts" || fail "took $(($(date +%s) - start)) s"
kill -CONT "$open_PID"
kill -9 "$open_PID"
wait "$open_PID" 2> /dev/null
# shellcheck disable=SC2086
expect_rc 2 "a registry that is gone is an error" sepm-verify $POL $TLS "docker://$OPEN/web:v1"
expect_grep "$T/err" "cannot connect" "it says it cannot connect"

finish
