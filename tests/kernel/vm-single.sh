# Started by the engine directly in the module's entry domain, on a root
# filesystem mounted with one context= label (container_file_t), as podman
# does.  No file carries a module label, so no transition fires: the domain
# must stay the entry domain, inside its bounds.
show () {
  name=$1; shift
  echo -n "KT $name "; "$@"; echo
}
outcome () {
  name=$1; shift
  if "$@"; then r=ok; else r=denied; fi
  echo; echo "KT $name $r"
}
show single.current cat /proc/self/attr/current
show single.exec.current /kt/single/kt/process/cat /proc/self/attr/current
outcome single.reads /kt/single/bin/busybox cat /kt/single/var/www/index.html
outcome single.writes sh -c 'echo x > /kt/single/var/www/written'
outcome single.exceed /kt/single/bin/busybox cat /kt/secret
echo "KT single.end"
