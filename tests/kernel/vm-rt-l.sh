# The learn sample's container (learn.sh), from bundle l: the learn image
# as sepm-install --bundle prepared it, at s0:c1,c2, with the host's
# /etc/motd (etc_t) mounted as the container's, through crun only.  Its
# workload, /usr/sbin/learn-app, moves into the module's entry domain and
# prints a line a step; each becomes "KT crun.l.learn.STEP ok|failed",
# and its exit status "KT crun.l.learn.exit N".
show container.current cat /proc/self/attr/current
{ /usr/sbin/learn-app; echo "learn-app: exit $?"; } | sed "s/^learn-app: /KT ${KT_P}learn./"
echo "KT ${KT_P}end"
