#!/bin/sh
# sepm-build's ways to give policy besides a labels file: filecon
# statements moved out of the module, the image's entry domain, and the
# base policy sepm ships for a machine without SELinux.
. "$top_srcdir/tests/e2e/lib.sh"
image_test

busybox_image

policy_of () {  # policy_of REF N: the decoded JSON of label N
  skopeo inspect --config "$1" | jq -r ".config.Labels[\"io.sepm.policy.v1.$2\"]" | base64 -d | gunzip
}

# A DEST in the source's layout without a tag would take the source's
# tag off it: refused, and the layout is left as it was.
index_before=$(cat img/index.json)
# shellcheck disable=SC2086
expect_rc 2 "a DEST without a tag in the source's layout is refused" sepm-build $POL -m "$M/templated-web.cil" oci:img:base oci:img
expect_grep "$T/err" "names no tag" "the message says DEST has no tag"
expect_grep "$T/err" "oci:.*:NEWTAG" "and how to give one"
[ "$(cat img/index.json)" = "$index_before" ] && pass "the source's tag stays on the source" || fail "the layout's index changed"
# In another layout it takes the source's tag, and says so.
# shellcheck disable=SC2086
expect_rc 0 "a DEST without a tag in another layout" sepm-build $POL -m "$M/templated-web.cil" oci:img:base oci:other
expect_grep "$T/out" "^wrote oci:other:base (label" "it prints the reference written, with the tag it got"

# filecon statements in the module become labels, and leave the module.
sed 's|^)$|  (filecon "/bin/busybox" file (system_u object_r exec ((s0) (s0))))\n  (filecon "/var/www(/.*)?" any (system_u object_r content ((s0) (s0))))\n)|' \
  "$M/templated-web.cil" > fc-web.cil
grep -q filecon fc-web.cil || fail "the test module has no filecon"
# shellcheck disable=SC2086
expect_rc 0 "a module with filecons is embedded" sepm-build $POL -m fc-web.cil -e web.process oci:img:base oci:fc:v1
expect_grep "$T/out" "admitted (1 module, entry domain web.process)" "the report names the entry domain"
policy_of oci:fc:v1 0 > fc.json
expect_jq fc.json '.labels == [{"kind":"--","path":"/bin/busybox","type":"web.exec"},
                              {"kind":"","path":"/var/www(/.*)?","type":"web.content"}]' "the filecons became the entry's labels"
# The canonical form keeps every statement on its line (docs/verification.md).
content_line=$(grep -n '(type content)' fc-web.cil | cut -d: -f1)
expect_jq fc.json '(.modules[0].cil | contains("filecon") | not)
                   and ((.modules[0].cil | split("\n") | map(test("^\\(type content\\)$")) | index(true)) + 1) == '"$content_line" \
  "the embedded module has no filecon left, and keeps its lines"
expect_jq fc.json '.entrypoint == "web.process"' "the entry domain is recorded"
# shellcheck disable=SC2086
expect_rc 0 "sepm-verify admits the image" sepm-verify $POL --json oci:fc:v1
expect_jq "$T/out" '.image.entrypoint == "web.process" and .verdict == "admit"' "sepm-verify reports the entry domain"

# What a filecon may not do.
sed 's|^)$|  (filecon "/etc/shadow" file (system_u object_r .shadow_t ((s0) (s0))))\n)|' "$M/templated-web.cil" > fc-system.cil
before=$(cat img/index.json)
# shellcheck disable=SC2086
expect_rc 2 "a filecon with a system type is refused" sepm-build $POL -m fc-system.cil oci:img:base
expect_grep "$T/err" "fc-system.cil:1[0-9]: filecon ./etc/shadow.: the type must be a module type" "the error names the module's line"
sed 's|^)$|  (filecon "/bin/busybox" file (system_u object_r .other.exec ((s0) (s0))))\n)|' "$M/templated-web.cil" > fc-other.cil
# shellcheck disable=SC2086
expect_rc 1 "a filecon with another module's type is refused" sepm-build $POL -m fc-other.cil oci:img:base
expect_grep "$T/out" "fc-other.cil:1[0-9]: error: .other.exec. is not a file type of these modules; use one of .*\[labels.type\]" \
  "the finding names the module's line"
sed 's|^)$|  (optional hidden (filecon "/etc/passwd" file (system_u object_r content ((s0) (s0)))))\n)|' "$M/templated-web.cil" > fc-optional.cil
# shellcheck disable=SC2086
expect_rc 1 "a filecon hidden in an optional stays, and is rejected" sepm-build $POL -m fc-optional.cil oci:img:base
expect_grep "$T/out" "system.filecon" "the finding is system.filecon"
sed 's|^)$|  (filecon "/bin/../etc/passwd" file (system_u object_r content ((s0) (s0))))\n)|' "$M/templated-web.cil" > fc-dotdot.cil
# shellcheck disable=SC2086
expect_rc 2 "a filecon path with .. is an input error" sepm-build $POL -m fc-dotdot.cil oci:img:base
expect_grep "$T/err" "fc-dotdot.cil:1[0-9]: filecon ./bin/../etc/passwd.: the path has a .\.\.. component" "the error names file, line and problem"
# shellcheck disable=SC2086
expect_rc 1 "an entry domain that is a file type is refused" sepm-build $POL -m "$M/templated-web.cil" -e web.content oci:img:base
expect_grep "$T/out" "entrypoint .web.content. is not a domain of these modules \[image.entrypoint\]" "the finding is image.entrypoint"
# shellcheck disable=SC2086
expect_rc 1 "an entry domain of the system is refused" sepm-build $POL -m "$M/templated-web.cil" -e container_t oci:img:base
[ "$(cat img/index.json)" = "$before" ] && pass "nothing was written after the refusals" || fail "the image changed after a refusal"

# The shipped base policy: a maintainer's machine without SELinux.
BASE="--cache-dir $T/cache --templates $TPL"
# shellcheck disable=SC2086
expect_rc 0 "--base FILE admits the web module" sepm-build $BASE --base "$top_srcdir/policy-templates/refpolicy/base.pol.xz" \
  -m "$M/templated-web.cil" oci:img:base oci:based:v1
# shellcheck disable=SC2086
expect_rc 1 "--base FILE still rejects a module beyond container_t" sepm-verify $BASE \
  --base "$top_srcdir/policy-templates/refpolicy/base.pol.xz" "$M/web-exceeds.cil"
expect_grep "$T/out" "bounds.exceeds" "the finding is bounds.exceeds"
expect_rc 0 "--base refpolicy finds the shipped base and templates" \
  env SEPM_DATA_DIR="$top_srcdir" sepm-verify --cache-dir "$T/cache" --base refpolicy --json "$M/templated-web.cil"
expect_jq "$T/out" '.verdict == "admit" and (.policy | tostring | contains("base.pol.xz"))' "the report names the base policy"
expect_rc 2 "an unknown base is an error" sepm-verify --base nosuch "$M/templated-web.cil"
expect_grep "$T/err" "no base policy .nosuch." "the error names it"
expect_rc 2 "--base and -p together are a usage error" sepm-verify --base refpolicy -p / "$M/templated-web.cil"

finish
