# Runs in container_engine_t, as a container engine would: start the
# container's first process in container_t at s0:c1,c2 (setexeccon, then
# exec), and start the image's entry domain directly on the single-label
# mount.  Their output comes back through a pipe this engine owns: the
# templates' stdio macro lets a module's domains use it.  (A context read
# from /proc ends in a NUL, dropped here.)
exec > /kt/out/engine.log 2>&1
echo "KT engine.current $(tr -d '\0' < /proc/self/attr/current)"
# setexec: read the attribute first, so that the write's O_CREAT finds the
# file and does not ask (and audit) a create in /proc.  The scripts come on
# standard input: a script file the shell opened itself would be a
# descriptor the next domain may not use.
setexec () { read -r old < /proc/self/attr/exec; echo -n "$1" > /proc/self/attr/exec; }
# KT_ONLY=runtimes (the learn boot, learn.sh): the runtimes' containers alone.
if [ "${KT_ONLY:-}" != runtimes ]; then
  ( setexec "system_u:system_r:container_t:s0:c1,c2"
    exec /bin/sh -s < /kt/vm-container.sh ) 2>&1 | tr -d '\0' > /kt/out/container.log
  entry=$(cat /kt/entry-domain)
  ( setexec "system_u:system_r:$entry:s0:c1,c2"
    exec /kt/single/bin/sh -s < /kt/vm-single.sh ) 2>&1 | tr -d '\0' > /kt/out/single.log
fi
# The same checks through crun and runc (not on the escapes boot).
[ -f /kt/escapes-only ] || . /kt/vm-runtimes.sh
# And podman's, on the boot that asks for them (KT_PODMAN).
[ -z "${KT_PODMAN:-}" ] || . /kt/vm-podman.sh
