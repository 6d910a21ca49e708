# Helpers for the end-to-end tests: each test is a shell script that drives
# the real binaries and exits 0 (pass), 1 (fail) or 77 (skip).
set -u

T=$(mktemp -d "${TMPDIR:-/tmp}/sepm-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAILED=0
PASSED=0

fail () { echo "FAIL: $*" >&2; FAILED=$((FAILED + 1)); }
pass () { echo "ok: $*"; PASSED=$((PASSED + 1)); }

# run CMD...: runs CMD, keeps its exit status in $rc and its output in
# $T/out and $T/err.
run () {
  rc=0
  "$@" > "$T/out" 2> "$T/err" || rc=$?
  case " $* " in *" --json "*) check_schema "$*" ;; esac
}

# check_schema WHAT: $T/out, the output of a --json run, follows
# docs/sepm-report.schema.json (docs/json.md) and is never empty.
check_schema () {
  if [ ! -s "$T/out" ]; then
    fail "--json printed nothing: $1"
  elif ! python3 "${top_srcdir:-.}/tests/json/validate.py" "${top_srcdir:-.}/docs/sepm-report.schema.json" \
      "$T/out" > "$T/schema" 2>&1; then
    fail "--json output does not follow the schema: $1"
    sed 's/^/  schema: /' "$T/schema" | head -n 10 >&2
  fi
}

# expect_rc WANT DESCRIPTION CMD...
expect_rc () {
  want=$1; what=$2; shift 2
  run "$@"
  if [ "$rc" = "$want" ]; then
    pass "$what"
  else
    fail "$what: exit $rc, wanted $want"
    sed 's/^/  stdout: /' "$T/out" | head -n 20 >&2
    sed 's/^/  stderr: /' "$T/err" | head -n 20 >&2
  fi
}

# expect_grep FILE PATTERN DESCRIPTION
expect_grep () {
  if grep -q -e "$2" "$1"; then
    pass "$3"
  else
    fail "$3: '$2' not in $(basename "$1")"
    sed 's/^/  | /' "$1" | head -n 20 >&2
  fi
}

need_root () {
  [ "$(id -u)" = 0 ] || { echo "SKIP: needs root" >&2; exit 77; }
}

finish () {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}

# expect_jq FILE FILTER DESCRIPTION: FILE is non-empty JSON and FILTER is true.
expect_jq () {
  if [ -s "$1" ] && jq -e "$2" "$1" > /dev/null 2>&1; then
    pass "$3"
  else
    fail "$3"
    head -c 1500 "$1" >&2
  fi
}

# busybox_image [EXTRA...]: the image img:base in $T/img, made with umoci
# from Debian's busybox-static: /bin/busybox and a web root.  Each EXTRA
# is a shell command run in the root filesystem before it is packed.
busybox_image () {
  umoci init --layout "$T/img" > /dev/null
  umoci new --image "$T/img:base" > /dev/null
  umoci unpack --image "$T/img:base" "$T/img-bundle" > /dev/null
  mkdir -p "$T/img-bundle/rootfs/bin" "$T/img-bundle/rootfs/var/www"
  cp /bin/busybox "$T/img-bundle/rootfs/bin/busybox"
  echo hello > "$T/img-bundle/rootfs/var/www/index.html"
  for extra in "$@"; do (cd "$T/img-bundle/rootfs" && eval "$extra"); done
  umoci repack --image "$T/img:base" "$T/img-bundle" > /dev/null
}

# policy_image TAG NAME FILE [NAME FILE]...: img:TAG in $T/img, img:base
# (busybox_image) with each FILE embedded as module NAME as sepm-build
# would embed it (its canonical form; the first is kept as $T/TAG.cil) but
# without sepm-build's checks: how a hostile image reaches a registry or
# a host.  A text with no canonical form is embedded as it is, for the
# host to refuse.
policy_image () {
  tag=$1; shift
  echo '[]' > "$T/$tag.mods"
  first=1
  while [ $# -ge 2 ]; do
    "$top_builddir/tests/tools/cil-canonical" "$2" > "$T/$tag.m.cil" 2> /dev/null || cp "$2" "$T/$tag.m.cil"
    [ "$first" = 1 ] && cp "$T/$tag.m.cil" "$T/$tag.cil"
    first=0
    jq -c --rawfile cil "$T/$tag.m.cil" --arg sha "$(sha256sum < "$T/$tag.m.cil" | cut -d' ' -f1)" \
      --arg n "$1" '. + [{name:$n, cil:$cil, sha256:$sha}]' "$T/$tag.mods" > "$T/$tag.mods.new"
    mv "$T/$tag.mods.new" "$T/$tag.mods"
    shift 2
  done
  value=$(jq -c --argjson d "$(skopeo inspect --config "oci:$T/img:base" | jq -c '.rootfs.diff_ids')" \
            '{version:1, diff_ids:$d, modules:., labels:[]}' "$T/$tag.mods" | gzip -9n | base64 -w0)
  umoci config --image "$T/img:base" --tag "$tag" --config.label "io.sepm.policy.v1.0=$value" > /dev/null
}

# add_raw_layer FROM TO TAR: image img:TO is img:FROM plus TAR as an
# uncompressed layer, every digest made right (what umoci would refuse to
# write).
add_raw_layer () {
  m=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "'"$1"'") | .digest' img/index.json | cut -d: -f2)
  c=$(jq -r .config.digest "img/blobs/sha256/$m" | cut -d: -f2)
  l=$(sha256sum < "$3" | cut -d' ' -f1); cp "$3" "img/blobs/sha256/$l"
  jq -c '.rootfs.diff_ids += ["sha256:'"$l"'"]' "img/blobs/sha256/$c" > raw-cfg
  nc=$(sha256sum < raw-cfg | cut -d' ' -f1); cp raw-cfg "img/blobs/sha256/$nc"
  jq -c '.config.digest = "sha256:'"$nc"'" | .config.size = '"$(stat -c %s raw-cfg)"'
    | .layers += [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:'"$l"'", "size": '"$(stat -c %s "$3")"'}]' \
    "img/blobs/sha256/$m" > raw-man
  nm=$(sha256sum < raw-man | cut -d' ' -f1); cp raw-man "img/blobs/sha256/$nm"
  jq -c '.manifests += [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:'"$nm"'",
    "size": '"$(stat -c %s raw-man)"', "annotations": {"org.opencontainers.image.ref.name": "'"$2"'"}}]' img/index.json > raw-idx
  cp raw-idx img/index.json
}

# block_of FILE: the name of the module's block.
block_of () { sed -n 's/^(block \([a-z0-9_]*\).*/\1/p' "$1" | head -n 1; }

# store_digest ROOT: one digest of everything libsemanage and sepm-install
# write under ROOT: the store, what it installs under etc/selinux, and
# sepm's state (not the lock files, which hold no state).
store_digest () {
  (cd "$1" && find etc/selinux var/lib/selinux var/lib/sepm -type f ! -name '*.LOCK' ! -name '*.lock' 2> /dev/null | sort \
     | xargs sha256sum) | sha256sum
}

# The image tests' common ground: root, umoci and skopeo, the test modules
# and templates, and the fixture policy ($POL) to verify against.
image_test () {
  need_root
  for tool in umoci skopeo; do
    command -v $tool > /dev/null || { echo "SKIP: needs $tool" >&2; exit 77; }
  done
  M="$top_srcdir/tests/modules"
  TPL="$top_srcdir/policy-templates/refpolicy/sepm.cil"
  POL="--cache-dir $SEPM_TEST_CACHE -p $SEPM_FIXTURE_ROOT --templates $TPL"
  cd "$T"
}
