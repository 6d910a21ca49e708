#!/bin/sh
# stage-rootfs.sh ROOTFS KERNEL_DIR BLOCK LEVEL: add the kernel test's own
# files under ROOTFS/kt, labelled for the domains that use them.  BLOCK is
# the web module's installed block (web_HASH); LEVEL the container's.
#
# kt/bb/D is busybox labelled with domain D's entry type; kt/D/CMD links
# to it, so that running kt/D/CMD moves into D and runs applet CMD.
set -eu
rootfs=$1; kdir=$2; W=$3; level=$4
kt=$rootfs/kt
label () { setfattr -h -n security.selinux -v "system_u:object_r:$1" "$2"; }
mkdir -p "$kt/out" "$kt/bb" "$kt/mcs" "$kt/single" "$rootfs/proc" "$rootfs/dev"
setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:$level" "$rootfs/proc" "$rootfs/dev"
# The devices a runtime gives every container.  glibc needs them: a
# process entered by a transition runs with AT_SECURE (the policy grants
# no noatsecure), and then glibc reopens closed standard descriptors on
# /dev/full and /dev/null, or halts.
# refpolicy labels /dev/full null_device_t.
for dev in null:3:null_device_t zero:5:zero_device_t full:7:null_device_t; do
  IFS=: read -r name minor type <<DEV
$dev
DEV
  rm -f "$rootfs/dev/$name"
  mknod -m 666 "$rootfs/dev/$name" c 1 "$minor"
  label "$type:s0" "$rootfs/dev/$name"
done

# domain_binary NAME TYPE CMD...
domain_binary () {
  name=$1; type=$2; shift 2
  cp /bin/busybox "$kt/bb/$name"
  mkdir -p "$kt/$name"
  for cmd in "$@"; do ln -sf "../bb/$name" "$kt/$name/$cmd"; done
  find "$kt/$name" -exec setfattr -h -n security.selinux -v "system_u:object_r:container_file_t:$level" {} +
  label "$type" "$kt/bb/$name"
}
domain_binary init "init_exec_t:s0" sh
domain_binary engine "container_engine_exec_t:s0" sh
domain_binary process "$W.exec:$level" sh cat
domain_binary worker "$W.worker_exec:$level" grep
domain_binary exceed "kt_exceed_exec:$level" cat grep
domain_binary unbounded "kt_unbounded_exec:$level" cat grep

cp "$kdir"/vm-init.sh "$kdir"/vm-engine.sh "$kdir"/vm-lib.sh "$kdir"/vm-container.sh "$kdir"/vm-single.sh "$kt/"
echo "$W.process" > "$kt/entry-domain"
echo secret > "$kt/secret"
echo same > "$kt/mcs/same.html"
echo other > "$kt/mcs/other.html"
for f in "$kt" "$kt/out" "$kt/bb" "$kt/single" "$kt"/vm-*.sh "$kt/entry-domain"; do
  label "container_file_t:$level" "$f"
done
# init_t and container_engine_t read their scripts as configuration.
label "etc_t:s0" "$kt/vm-init.sh"
label "etc_t:s0" "$kt/vm-engine.sh"
label "kt_secret:$level" "$kt/secret"
label "$W.content:$level" "$kt/mcs"
label "$W.content:$level" "$kt/mcs/same.html"
label "$W.content:s0:c3,c4" "$kt/mcs/other.html"
