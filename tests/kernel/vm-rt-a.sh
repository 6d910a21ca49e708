# The first container a runtime starts, from the bundle sepm-install
# prepared (/kt/bundles/a): container_t at its level, under the
# no_new_privs the bundle asks for (process.noNewPrivileges: true).  Comes
# on standard input after vm-lib.sh and a line setting KT_RT and KT_P.
show container.current cat /proc/self/attr/current
show nnp sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/self/status
# Every transition below happens under no_new_privs.
. /kt/vm-checks.sh
# 4b. What this container writes in the volume both mount (/shared): the
# file takes this container's level, so the other one may not read it.
outcome mcs.a-writes sh -c "echo from-a > /shared/$KT_RT"
echo "KT ${KT_P}end"
