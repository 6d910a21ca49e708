#!/bin/sh
# Build the cgi-helper sample: busybox httpd with one CGI script.
. "$(dirname "$0")/../common.sh"
new_rootfs base
mkdir -p "$rootfs/usr/sbin" "$rootfs/var/www/cgi-bin" "$rootfs/srv/cgi-data"
cp /bin/busybox "$rootfs/usr/sbin/httpd"
echo '<a href="/cgi-bin/hello">hello</a>' > "$rootfs/var/www/index.html"
echo 'hello from cgi.script' > "$rootfs/srv/cgi-data/greeting"
cat > "$rootfs/var/www/cgi-bin/hello" <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
cat /srv/cgi-data/greeting
SH
chmod 755 "$rootfs/var/www/cgi-bin/hello"
repack base
umoci config --image "$layout:base" --config.entrypoint /usr/sbin/httpd --config.cmd=-f \
  --config.cmd=-p --config.cmd=8080 --config.cmd=-h --config.cmd=/var/www > /dev/null
sepm-build "$@" -m "$here/cgi.cil" -l "$here/labels" -e cgi.process "oci:$layout:base" "oci:$layout:sample"
