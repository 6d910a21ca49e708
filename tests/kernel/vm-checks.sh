# Sourced in container_t at s0:c1,c2 by every way in (the shell engine,
# crun, runc): the checks on the image's domains.  Each prints
# "KT NAME RESULT"; tests/kernel/expect.sh says what it wants.
# 1. Transitions on exec: the module's entry domain, then its child.  The
# child may use only its parent's descriptors, not the engine's pipe, so
# its standard descriptors are the parent's, on content both may read, and
# it answers with its exit status.  (Not closed: glibc would reopen them on
# /dev/full and /dev/null, which in a runtime's /dev carry the mount label,
# container_file_t, that the child may not write.)
show process.current /kt/process/cat /proc/self/attr/current
outcome worker.current-is-worker /kt/process/sh -c \
  '/kt/worker/grep -q "\.worker:s0:c1,c2" /proc/self/attr/current < /kt/mcs/same.html 1<&0 2<&0'
# 2. Least privilege: container_t may write the image's files, the module's
# entry domain may not; it may write its own logs.
outcome lp.container-writes sh -c 'echo x > /kt/out/by-container'
outcome lp.process-writes /kt/process/sh -c 'echo x > /kt/out/by-process'
outcome lp.process-logs /kt/process/sh -c 'echo x >> /var/log/web/kt.log'

# 3. Bounds: kt_exceed is granted kt_secret, container_t is not.
# Entered at all: under no_new_privs (the runtimes') only its typebounds
# let it in, so without them this is the check that flips there.
outcome exceed.entered /kt/exceed/grep -q ':kt_exceed:' /proc/self/attr/current
outcome bounds.exceed-reads /kt/exceed/cat /kt/secret

# 4. MCS: the same type at the container's level and at another one.
outcome mcs.same-level /kt/process/cat /kt/mcs/same.html
outcome mcs.other-level /kt/process/cat /kt/mcs/other.html

# 6. no_new_privs: the unbounded domain is refused (the exec fails).
outcome nnp.unbounded setpriv --nnp /kt/unbounded/cat /proc/self/attr/current
