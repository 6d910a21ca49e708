# Sourced by vm-engine.sh, in container_engine_t: the same checks through
# real runtimes, Debian's crun and runc (/kt/rt, with their libraries), on
# the bundles sepm-install --bundle prepared (and c, bundle a without
# no_new_privs).  The runtime sets the
# bundle's process.selinuxLabel itself.  KT_SECOND names the second
# container's bundle: b (s0:c3,c4), or a (the first one's level) on the
# negative-control boot.
#
# rt_run RUNTIME ROLE BUNDLE: start a container from /kt/bundles/BUNDLE
# with vm-rt-ROLE.sh on its standard input; output in /kt/out/RUNTIME-ROLE.log.
# The runtime's exit status is the container process's: "KT RUNTIME.ROLE.exit N".
rt_run () {
  ( { echo "KT_RT=$1 KT_P=$1.$2."; cat /kt/vm-lib.sh "/kt/vm-rt-$2.sh"; } \
      | /kt/rt/$1 run --bundle "/kt/bundles/$3" "kt-$1-$2" 2>&1
    echo "KT $1.$2.exit $?" ) | tr -d '\0' > "/kt/out/$1-$2.log"
}
for rt in crun runc; do
  rt_run $rt a a
  rt_run $rt b "${KT_SECOND:-b}"
  rt_run $rt c c
done
