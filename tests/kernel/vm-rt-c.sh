# The third container a runtime starts: bundle a's config with
# noNewPrivileges false (/kt/bundles/c).  The forced module's domains
# without no_new_privs: kt_exceed's grant is still masked by its bounds
# (and is not, without them: the nobounds boot), and kt_unbounded, which
# the first container's no_new_privs refuses, is entered.
show nnp sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/self/status
outcome exceed.entered /kt/exceed/grep -q ':kt_exceed:' /proc/self/attr/current
outcome bounds.exceed-reads /kt/exceed/cat /kt/secret
outcome unbounded.entered /kt/unbounded/grep -q ':kt_unbounded:' /proc/self/attr/current
echo "KT ${KT_P}end"
