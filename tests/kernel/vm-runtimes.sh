# Sourced by vm-engine.sh, in container_engine_t: the same checks through
# real runtimes, Debian's crun and runc (/kt/rt, with their libraries), on
# the bundles sepm-install --bundle prepared (and c, bundle a without
# no_new_privs).  The runtime sets the
# bundle's process.selinuxLabel itself.  KT_RUNS lists the containers
# this boot starts, ROLE:BUNDLE: all three (a:a b:b c:c) on the enforcing
# boot; a negative control starts only those whose checks must flip, and
# the nomcs boot starts the second one from the first one's bundle (b:a,
# both at one level).
#
# rt_run RUNTIME ROLE BUNDLE: start a container from /kt/bundles/BUNDLE
# with vm-rt-ROLE.sh on its standard input; output in /kt/out/RUNTIME-ROLE.log.
# The runtime's exit status is the container process's: "KT RUNTIME.ROLE.exit N".
rt_run () {
  ( { echo "KT_RT=$1 KT_P=$1.$2."; cat /kt/vm-lib.sh "/kt/vm-rt-$2.sh"; } \
      | /kt/rt/$1 run --bundle "/kt/bundles/$3" "kt-$1-$2" 2>&1
    echo "KT $1.$2.exit $?" ) | tr -d '\0' > "/kt/out/$1-$2.log"
}
# ROLE:BUNDLE:RUNTIME: only that runtime starts it (the learn container,
# learn.sh: crun).
for rt in crun runc; do
  for run in $KT_RUNS; do
    case $run in *:*:*) [ "${run##*:}" = "$rt" ] || continue; run=${run%:*} ;; esac
    rt_run $rt "${run%:*}" "${run#*:}"
  done
done
