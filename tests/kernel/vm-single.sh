# Started by the engine directly in the module's entry domain, on a root
# filesystem mounted with one context= label (container_file_t), as podman
# does.  No file carries a module label, so no transition fires: the domain
# must stay the entry domain, inside its bounds.
. /kt/vm-lib.sh
show single.current cat /proc/self/attr/current
show single.exec.current /kt/single/kt/process/cat /proc/self/attr/current
outcome single.reads /kt/single/bin/busybox cat /kt/single/var/www/index.html
outcome single.writes sh -c 'echo x > /kt/single/var/www/written'
outcome single.exceed /kt/single/bin/busybox cat /kt/secret
echo "KT single.end"
