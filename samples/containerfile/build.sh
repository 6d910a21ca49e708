#!/bin/sh
# Build the web-server sample from a Containerfile with buildah, then embed
# its policy in the built image with sepm-build:
#   buildah build  ->  buildah push IMAGE oci:LAYOUT:built
#   sepm-build ... oci:LAYOUT:built oci:LAYOUT:sample
# buildah uses its usual storage (CONTAINERS_STORAGE_CONF names another),
# and RUN steps use chroot isolation unless BUILDAH_ISOLATION says otherwise.
. "$(dirname "$0")/../common.sh"
for tool in buildah skopeo; do
  command -v $tool > /dev/null || { echo "$0: $tool not found (apt-get install $tool)" >&2; exit 2; }
done
web=$(cd "$here/../web-server" && pwd)

# The FROM image: busybox as /bin/busybox and /bin/sh (common.sh).
new_rootfs base
repack base

# The build context: the Containerfile, busybox as httpd, the master script.
mkdir "$work/context"
cp "$here/Containerfile" "$web/web-master" "$work/context/"
cp /bin/busybox "$work/context/httpd"
echo '<h1>served by web.worker, built by buildah</h1>' > "$work/context/index.html"

# buildah names an oci: FROM image after its directory, and refuses a
# directory with capital letters: give the base a name in the store first.
base="localhost/sepm-sample-base:$$"
image="localhost/sepm-sample-containerfile:$$"
trap 'buildah rmi "$image" "$base" > /dev/null 2>&1; rm -rf "$work"' EXIT
skopeo copy --quiet "oci:$layout:base" "containers-storage:$base"
BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot} buildah build --quiet --pull=never --build-arg "BASE=$base" \
  --tag "$image" "$work/context" > /dev/null
buildah push --quiet "$image" "oci:$layout:built"
sepm-build "$@" -m "$web/web.cil" -l "$web/labels" -e web.process "oci:$layout:built" "oci:$layout:sample"
