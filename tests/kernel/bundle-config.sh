#!/bin/sh
# bundle-config.sh BUNDLE: trim umoci's config.json for the guest, before
# sepm-install --bundle adds its labels.  Everything else stays umoci's
# (namespaces, capabilities, mounts, noNewPrivileges: true).
#  - no terminal: the guest has no pty for the runtime to hand over; the
#    engine reads the container's output from a pipe it owns.
#  - /bin/sh -s: the checks come on standard input (vm-runtimes.sh), so
#    no script file is a descriptor the next domain would have to use.
#  - /shared: one directory both containers mount (a volume), where the
#    MCS check puts what one container wrote in front of the other.
#  - /proc/kcore unmasked: refpolicy lets no engine mount on proc_kcore_t
#    (mounton, getattr: denied).  container_t may not read proc_kcore_t
#    anyway, so the mask adds nothing under this policy; the test changes
#    the bundle rather than add policy for the engine.
set -eu
c=$1/config.json
jq '.process.terminal = false | .process.args = ["/bin/sh", "-s"]
    | .mounts += [{"destination": "/shared", "type": "bind", "source": "/kt/shared",
                   "options": ["rbind", "rw"]}]
    | .linux.maskedPaths -= ["/proc/kcore"]' "$c" > "$c.new"
mv "$c.new" "$c"
