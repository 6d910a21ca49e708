#!/bin/sh
# Build the web-server sample: busybox httpd behind a master script.
. "$(dirname "$0")/../common.sh"
new_rootfs base
mkdir -p "$rootfs/usr/sbin" "$rootfs/var/www" "$rootfs/var/log/web"
cp /bin/busybox "$rootfs/usr/sbin/httpd"
cp "$here/web-master" "$rootfs/usr/sbin/web-master"
chmod 755 "$rootfs/usr/sbin/web-master"
echo '<h1>served by web.worker</h1>' > "$rootfs/var/www/index.html"
repack base
umoci config --image "$layout:base" --config.entrypoint /usr/sbin/web-master > /dev/null
sepm-build "$@" -m "$here/web.cil" -l "$here/labels" -e web.process "oci:$layout:base" "oci:$layout:sample"
