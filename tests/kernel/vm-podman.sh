# Sourced by vm-engine.sh, in container_engine_t: Debian's podman (with
# conmon and the guest's crun) starts two containers directly in the
# image's entry domain, with vm-pm.sh on their standard input:
#  - podman.rootfs: the command sepm-install --rootfs printed
#    (/kt/pm/command, the host's path of the tree replaced by the guest's);
#  - podman.image: the image from podman's overlay store, the command
#    sepm-install prints for stores.
# The output is in /kt/out/podman-ROLE.log, podman's own errors included;
# "KT podman.ROLE.exit N" is podman's exit status (the container's).
# pm_run ROLE PODMAN-ARGUMENTS...
pm_run () {
  role=$1; shift
  ( { echo "KT_P=podman.$role."; cat /kt/vm-lib.sh /kt/vm-pm.sh; } \
      | HOME=/root /usr/bin/podman "$@" 2>&1
    echo "KT podman.$role.exit $?" ) | tr -d '\0' > "/kt/out/podman-$role.log"
}
entry=$(cat /kt/entry-domain)
# shellcheck disable=SC2046
pm_run rootfs $(cat /kt/pm/command) /bin/sh -s
pm_run image run --security-opt "label=type:$entry" --security-opt label=level:s0:c1,c2 \
  -i --network none --security-opt unmask=/proc/kcore --name kt-pm-image --entrypoint /bin/sh localhost/web:sample -s
