# The checks in a podman container, started by vm-podman.sh directly in
# the image's entry domain (--security-opt label=type:ENTRY,
# label=level:s0:c1,c2).  Comes on standard input after vm-lib.sh and a
# line setting KT_P.  The root filesystem is the image's own: busybox, the
# sample's binaries, its content and log directory.
#  - podman.rootfs: the tree sepm-install --rootfs unpacked and labelled,
#    used as it is (podman run --rootfs): the image's labels are there.
#  - podman.image: the image from podman's store, mounted with one
#    context= label (container_file_t): they are not.
show current cat /proc/self/attr/current
# The worker binary (/usr/sbin/httpd, busybox run as grep): in which domain
# does it run?  It answers with its exit status; its descriptors are on
# content both domains may read (it may use none of the engine's).
outcome exec-is-worker sh -c \
  'exec -a grep /usr/sbin/httpd -q "\.worker:s0:c1,c2" /proc/self/attr/current < /var/www/index.html 1<&0 2<&0'
outcome exec-is-process sh -c \
  'exec -a grep /usr/sbin/httpd -q "\.process:s0:c1,c2" /proc/self/attr/current < /var/www/index.html 1<&0 2<&0'
# The module grants the entry domain its log directory, not the content.
outcome writes-logs sh -c 'echo x >> /var/log/web/kt.log'
outcome writes-content sh -c 'echo x > /var/www/written'
echo "KT ${KT_P}end"
