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

# 1-4 and the no_new_privs refusal, as every way in runs them.
. /kt/vm-checks.sh

# 6. no_new_privs (this shell has none; the runtimes' containers do): a
# bounded transition still happens under setpriv --nnp, and the unbounded
# domain, refused under no_new_privs (vm-checks.sh), is entered without it.
show nnp.process.current setpriv --nnp /kt/process/cat /proc/self/attr/current
show unbounded.current /kt/unbounded/cat /proc/self/attr/current
echo "KT container.end"
