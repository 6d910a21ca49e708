#!/bin/sh
# Build the multi-layer sample: a base image with its module, then an app
# layer on top (made with umoci, as a derived image would be) with its own.
. "$(dirname "$0")/../common.sh"
new_rootfs base
mkdir -p "$rootfs/usr/bin"
cat > "$rootfs/usr/bin/entry" <<'SH'
#!/bin/sh
# The base image's entry point: run whatever the layers above installed.
exec /usr/bin/report "$@"
SH
chmod 755 "$rootfs/usr/bin/entry"
repack base
umoci config --image "$layout:base" --config.entrypoint /usr/bin/entry > /dev/null
sepm-build "$@" -m "$here/base.cil" -l "$here/base.labels" -e shell.process "oci:$layout:base" "oci:$layout:base-sepm"

# The app layer, derived from the built base: its labels inherit the base's policy.
unpack_rootfs base-sepm
mkdir -p "$rootfs/var/lib/report"
cat > "$rootfs/usr/bin/report" <<'SH'
#!/bin/sh
# The app layer's tool: keep a report in its own data directory.
date > /var/lib/report/last
cat /var/lib/report/last
SH
chmod 755 "$rootfs/usr/bin/report"
repack base-sepm
sepm-build "$@" -m "$here/app.cil" -l "$here/app.labels" "oci:$layout:base-sepm" "oci:$layout:sample"
