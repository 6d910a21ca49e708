# Sourced by the guest's check scripts.  A module domain may use only the
# engine's pipe, so each check writes to standard output directly: no
# $(...), whose pipe would belong to the calling domain, and no /dev/null.
# In a runtime's container KT_P names the runtime and the container
# ("crun.a."), set on the script's first line (vm-runtimes.sh).
# show NAME CMD...: "KT NAME " and what CMD prints (a context).
show () {
  name=$1; shift
  echo -n "KT ${KT_P:-}$name "; "$@"; echo
}
# outcome NAME CMD...: "ok" if CMD succeeds, else "denied".
outcome () {
  name=$1; shift
  if "$@"; then r=ok; else r=denied; fi
  echo; echo "KT ${KT_P:-}$name $r"
}
