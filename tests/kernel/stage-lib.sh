# Sourced by the stage-*.sh scripts, which add host binaries to the
# guest's root filesystem.

# label TYPE:LEVEL PATH: the file's SELinux label (on the name itself).
label () { setfattr -h -n security.selinux -v "system_u:object_r:$1" "$2"; }

# copy_libs ROOTFS BINARY: BINARY's shared libraries (ldd) where the
# guest's dynamic loader looks, labelled as refpolicy labels them; those
# already there are kept.
copy_libs () {
  for lib in $(ldd "$2" | grep -o '/[^ ]*'); do
    [ -e "$1$lib" ] && continue
    mkdir -p "$1$(dirname "$lib")"
    cp -L "$lib" "$1$lib"
    case $lib in
      */ld-linux*) label ld_so_t:s0 "$1$lib" ;;
      *) label lib_t:s0 "$1$lib" ;;
    esac
  done
}
