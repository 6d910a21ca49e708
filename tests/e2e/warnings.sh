#!/bin/sh
# Warnings: what is admitted but cannot work as written (docs/verification.md,
# "Warnings").  Each is printed, never changes the verdict, and with
# --Werror rejects in all three tools, before anything is written.
. "$top_srcdir/tests/e2e/lib.sh"
image_test

# An image whose every module domain can be entered: busybox as the entry
# program and a worker program, both labelled.
busybox_image 'mkdir -p usr/sbin && cp bin/busybox usr/sbin/worker'
printf '/bin/busybox\t--\tweb.exec\n/usr/sbin/worker\t--\tweb.worker_exec\n/var/www(/.*)?\tweb.content\n' > labels
# shellcheck disable=SC2086
expect_rc 0 "a complete image builds" sepm-build $POL -m "$M/templated-web.cil" -l labels -e web.process oci:img:base oci:img:ok
# shellcheck disable=SC2086
expect_rc 0 "and is admitted" sepm-verify $POL --Werror --json oci:img:ok
expect_jq "$T/out" '[.modules[].findings[], .image.findings[]] == []' "it has no warning, so --Werror admits it"

# No entry domain: admitted and written, with a warning naming the option.
# shellcheck disable=SC2086
expect_rc 0 "an image without an entry domain is written" sepm-build $POL -m "$M/templated-web.cil" -l labels oci:img:base oci:img:noentry
expect_grep "$T/out" "warning: no entry domain is set.*\[image.entrypoint-unset\]" "sepm-build warns that no entry domain is set"
expect_grep "$T/out" "hint: .*--entrypoint" "and says which option sets it"
expect_grep "$T/out" "^wrote oci:img:noentry" "a warning does not stop the write"
# shellcheck disable=SC2086
expect_rc 1 "with --Werror the warning rejects" sepm-build $POL --Werror -m "$M/templated-web.cil" -l labels oci:img:base oci:img:noentry2
expect_grep "$T/out" "error: no entry domain is set" "and is printed as an error"
skopeo inspect oci:img:noentry2 > /dev/null 2>&1 && fail "--Werror still wrote the image" || pass "--Werror writes nothing"
# shellcheck disable=SC2086
expect_rc 0 "sepm-verify admits it with the warning" sepm-verify $POL --json oci:img:noentry
expect_jq "$T/out" '.verdict == "admit" and ([.image.findings[] | select(.rule == "image.entrypoint-unset") | .severity] == ["warning"])' \
  "the JSON marks it a warning, and the verdict is admit"
# shellcheck disable=SC2086
expect_rc 1 "sepm-verify --Werror rejects it" sepm-verify $POL --Werror --json oci:img:noentry
expect_jq "$T/out" '.verdict == "reject" and ([.image.findings[].severity] | unique) == ["error"]' "--Werror makes the warning an error"

# A label that matches no file, and an exec type no file has.
printf '/bin/busybox\t--\tweb.exec\n/var/www(/.*)?\tweb.content\n/opt/site(/.*)?\tweb.content\n' > labels2
# shellcheck disable=SC2086
expect_rc 0 "labels that miss are admitted" sepm-build $POL -m "$M/templated-web.cil" -l labels2 -e web.process oci:img:base oci:img:miss
expect_grep "$T/out" ":3: warning: \`/opt/site(/.\*)?\` labels no file of the image \[labels.unmatched\]" \
  "a label that matches no file is named with its line"
expect_grep "$T/out" "warning: \`web.worker_exec\`, whose execution enters \`web.worker\`, labels no file" \
  "an exec type that labels no file is named with the domain it enters"
grep -q "labels.unmatched.*var/www\|/bin/busybox.*labels.unmatched" "$T/out" && fail "a label that matches files was called unmatched" \
  || pass "labels that match files are not warned about"
# A label that matches files, but that a later label wins for each of them.
printf '/bin/busybox\t--\tweb.exec\n/usr/sbin/worker\t--\tweb.worker_exec\n/var/www/.*\tweb.content\n/var/www(/.*)?\tweb.content\n' > labels3
# shellcheck disable=SC2086
expect_rc 0 "a shadowed label is admitted" sepm-build $POL -m "$M/templated-web.cil" -l labels3 -e web.process oci:img:base oci:img:shadow
expect_grep "$T/out" ":3: warning: \`/var/www/.\*\` labels no file of the image" "a label a later one always wins over is named"
grep -q ":4: warning: .*labels.unmatched" "$T/out" && fail "the label that wins was called unmatched" || pass "the label that wins is not"

# A domain nothing enters, and a child that may write what its parent only reads.
cat > web2.cil <<'CIL'
(block web
  (blockinherit sepm.v1.app)
  (type worker)
  (type worker_exec)
  (type content)
  (type idle)
  (typebounds process idle)
  (call sepm.v1.domain_identity (idle))
  (call sepm.v1.child_domain (process exec worker worker_exec))
  (call sepm.v1.object (file content))
  (call sepm.v1.read_files (process content))
  (call sepm.v1.manage_files (worker content))
)
CIL
# shellcheck disable=SC2086
expect_rc 0 "a module with a child that writes what its parent reads is admitted" sepm-verify $POL --json web2.cil
expect_jq "$T/out" '.verdict == "admit" and ([.modules[0].findings[] | select(.rule == "bounds.anchor" and .severity == "warning")
                      | .message | test("web.worker may .*write.* web.content \\(file\\), which its parent web.process may not")]
                      | any)' "bounds.anchor names the child, the file, the permission and the parent"
# shellcheck disable=SC2086
expect_rc 1 "--Werror rejects the module" sepm-verify $POL --Werror web2.cil
# shellcheck disable=SC2086
expect_rc 0 "the image with it builds" sepm-build $POL -m web2.cil -l labels -e web.process oci:img:base oci:img:idle
expect_grep "$T/out" "warning: nothing enters \`web.idle\`.*\[domain.unreachable\]" "a domain nothing enters is named"
grep -q "nothing enters \`web.\(process\|worker\)\`" "$T/out" && fail "an entered domain was called unreachable" \
  || pass "the entry domain and the worker are not called unreachable"

# sepm-install: a warning is printed, and with --Werror nothing changes.
cp -a "$SEPM_FIXTURE_ROOT" root
before=$(store_digest root)
expect_rc 1 "sepm-install --Werror refuses an image with a warning" \
  sepm-install -p "$T/root" --cache-dir "$T/cache" -n --Werror oci:img:noentry
[ "$(store_digest root)" = "$before" ] && pass "and leaves the store as it was" || fail "the refused install changed the store"
expect_rc 0 "without --Werror it installs" sepm-install -p "$T/root" --cache-dir "$T/cache" -n oci:img:noentry
expect_grep "$T/out" "warning: no entry domain is set" "and prints the warning"
finish
