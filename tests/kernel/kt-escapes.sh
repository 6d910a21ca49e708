# Sourced by init in kernel_t after the container has run (escapes.sh): the
# kernel's own answers, through selinuxfs, on what the corpus's real
# escapes would change.  kernel_t holds check_context and compute_av.

# kt_context NAME CONTEXT: "KT NAME valid" when the loaded policy accepts
# CONTEXT (a user's range bounds the levels its contexts may have).
kt_context () {
  if echo -n "$2" > /sys/fs/selinux/context 2> /dev/null; then r=valid; else r=invalid; fi
  echo "KT $1 $r"
}

# kt_av SCON TCON CLASS: the kernel's access decision, "ALLOWED FLAGS" in
# hex (security_compute_av: bounds masking included; flag 1 is permissive).
kt_av () {
  exec 3<> /sys/fs/selinux/access
  echo -n "$1 $2 $(cat /sys/fs/selinux/class/$3/index)" >&3
  read -r allowed decided auditallow auditdeny seqno flags <&3
  exec 3<&-
  echo "$allowed $flags"
}

# kt_perm NAME SCON TCON CLASS PERM: "KT NAME allowed|denied".
kt_perm () {
  set -- "$1" "$2" "$3" "$4" "$5" $(kt_av "$2" "$3" "$4")
  bit=$(cat /sys/fs/selinux/class/$4/perms/$5)
  if [ $((0x$6 & (1 << (bit - 1)))) != 0 ]; then r=allowed; else r=denied; fi
  echo "KT $1 $r"
}

kt_context escape.user-base "user_u:user_r:user_t:s0"
kt_context escape.user-range "user_u:user_r:user_t:s0-s0:c0.c1023"
kt_perm escape.sshd-bounds system_u:system_r:sshd_t:s0 system_u:object_r:faillog_t:s0 file write
entry=$(cat /mnt/kt/entry-domain)
set -- $(kt_av "system_u:system_r:$entry:s0:c1,c2" "system_u:object_r:container_file_t:s0:c1,c2" file)
if [ $((0x$2 & 1)) != 0 ]; then r=yes; else r=no; fi
echo "KT escape.web-permissive $r"
