# The container's first process, in container_t at s0:c1,c2.  Each check
# prints "KT NAME RESULT"; tests/kernel/expect.sh says what it wants.
#
# /kt/D/CMD is busybox (applet CMD) in a file labelled with domain D's
# entry type, so running it moves the process into D.
. /kt/vm-lib.sh
show container.current cat /proc/self/attr/current
# The corpus's real escapes (escapes.sh); on the escapes boot, alone.
[ -f /kt/vm-escapes.sh ] && . /kt/vm-escapes.sh
if [ -f /kt/escapes-only ]; then echo "KT container.end"; exit 0; fi

# 1. Transitions on exec: the module's entry domain, then its child.  The
# child may use only its parent's descriptors, not the engine's pipe, so it
# starts with none (glibc opens /dev/full and /dev/null for them) and
# answers with its exit status.
show process.current /kt/process/cat /proc/self/attr/current
outcome worker.current-is-worker /kt/process/sh -c \
  '/kt/worker/grep -q "\.worker:s0:c1,c2" /proc/self/attr/current <&- >&- 2>&-'
# The sample itself: web-master (web.process) writes its log and becomes
# httpd (web.worker), which serves the content.
/usr/sbin/web-master <&- >&- 2>&- &
for i in 1 2 3 4 5 6 7 8 9 10; do
  wget -q -O /kt/out/fetched.html http://127.0.0.1:8080/index.html && break
  sleep 1
done
outcome sample.served grep -q "served by web.worker" /kt/out/fetched.html
outcome sample.master-log /kt/process/sh -c \
  'read line < /var/log/web/master.log && [ "$line" = "web-master: starting httpd" ]'

# 2. Least privilege: container_t may write the image's files, the module's
# entry domain may not; it may write its own logs.
outcome lp.container-writes sh -c 'echo x > /kt/out/by-container'
outcome lp.process-writes /kt/process/sh -c 'echo x > /kt/out/by-process'
outcome lp.process-logs /kt/process/sh -c 'echo x >> /var/log/web/kt.log'

# 3. Bounds: kt_exceed is granted kt_secret, container_t is not.
show exceed.current /kt/exceed/cat /proc/self/attr/current
outcome bounds.exceed-reads /kt/exceed/cat /kt/secret

# 4. MCS: the same type at the container's level and at another one.
outcome mcs.same-level /kt/process/cat /kt/mcs/same.html
outcome mcs.other-level /kt/process/cat /kt/mcs/other.html

# 6. no_new_privs: a bounded transition still happens, an unbounded one is
# refused (the exec fails).
show nnp.process.current setpriv --nnp /kt/process/cat /proc/self/attr/current
show unbounded.current /kt/unbounded/cat /proc/self/attr/current
outcome nnp.unbounded setpriv --nnp /kt/unbounded/cat /proc/self/attr/current
echo "KT container.end"
