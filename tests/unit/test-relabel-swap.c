/* The relabel that swaps in a relabelled copy of a root filesystem: labels
 * and everything else about each file, which files stay the same inode,
 * and that a refused or failed relabel leaves the tree as it was. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "unit.h"
#include "libsepm/relabel.h"
#include "libsepm/tree_walk.h"
#include "libsepm/util.h"

static const char labels[] =
  "/bin/busybox\t--\tsystem_u:object_r:bin_t:s0\n"
  "/var/www(/.*)?\tsystem_u:object_r:httpd_sys_content_t:s0\n"
  "/link\t-l\tsystem_u:object_r:httpd_sys_content_t:s0\n";

static char top[64];
static char rootfs[128];

static char *
at (const char *rel)
{
  static char buf[4][512];
  static int i;
  i = (i + 1) % 4;
  snprintf (buf[i], sizeof buf[i], "%s%s", rootfs, rel);
  return buf[i];
}

static char *
label_of (const char *rel)
{
  static char buf[4][256];
  static int i;
  ssize_t n;

  i = (i + 1) % 4;
  n = lgetxattr (at (rel), "security.selinux", buf[i], sizeof buf[i] - 1);
  buf[i][n < 0 ? 0 : n] = '\0';
  return buf[i];
}

static ino_t
ino_of (const char *rel)
{
  struct stat st;
  return lstat (at (rel), &st) < 0 ? 0 : st.st_ino;
}

static void
put (const char *rel, const char *text)
{
  FILE *f = fopen (at (rel), "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL (f);
  fputs (text, f);
  fclose (f);
}

static void
make_tree (void)
{
  sepm_error_t err = NULL;
  cleanup_free char *cmd = xasprintf ("rm -rf %s && mkdir -p %s", top, top);

  CU_ASSERT_EQUAL_FATAL (system (cmd), 0);
  snprintf (rootfs, sizeof rootfs, "%s/rootfs", top);
  CU_ASSERT_EQUAL_FATAL (sepm_mkdir_p (at ("/bin"), 0755, &err), 0);
  CU_ASSERT_EQUAL_FATAL (sepm_mkdir_p (at ("/var/www/img"), 0755, &err), 0);
  put ("/bin/busybox", "#!/bin/true\n");
  CU_ASSERT_EQUAL (link (at ("/bin/busybox"), at ("/bin/sh")), 0);
  put ("/var/www/index.html", "hello\n");
  put ("/etc-passwd", "root:x:0:0\n");
  CU_ASSERT_EQUAL (symlink ("/etc/passwd", at ("/link")), 0);
  CU_ASSERT_EQUAL (mkfifo (at ("/var/www/fifo"), 0640), 0);
  CU_ASSERT_EQUAL (chmod (at ("/bin/busybox"), 04751), 0);
  CU_ASSERT_EQUAL (chown (at ("/var/www/index.html"), 1000, 1001), 0);
  CU_ASSERT_EQUAL (setxattr (at ("/bin/busybox"), "user.origin", "image", 5, 0), 0);
  CU_ASSERT_EQUAL (setxattr (at ("/var/www"), "user.kept", "yes", 3, 0), 0);
  struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
  CU_ASSERT_EQUAL (utimensat (AT_FDCWD, at ("/var/www/index.html"), old, 0), 0);
  CU_ASSERT_EQUAL (utimensat (AT_FDCWD, at ("/var/www"), old, 0), 0);
  CU_ASSERT_EQUAL (lsetxattr (at ("/bin/busybox"), "security.selinux", "system_u:object_r:container_file_t:s0", 38, 0), 0);
}

static int
relabel (struct sepm_relabel_stats *stats, sepm_error_t *err)
{
  return sepm_relabel_rootfs (rootfs, labels, NULL, false, stats, err);
}

static void
test_labels_a_copy_and_keeps_the_rest (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;
  struct stat st;

  make_tree ();
  ino_t unmatched = ino_of ("/etc-passwd"), matched = ino_of ("/var/www/index.html");
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.entries, 11);
  /* busybox (two names, one file), www, img, index.html, fifo, link */
  CU_ASSERT_EQUAL (stats.changed, 6);
  CU_ASSERT_STRING_EQUAL (label_of ("/bin/busybox"), "system_u:object_r:bin_t:s0");
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/fifo"), "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/img"), "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT_STRING_EQUAL (label_of ("/link"), "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT_STRING_EQUAL (label_of ("/etc-passwd"), "");
  /* The file no label matches is the same inode; a relabelled one is new. */
  CU_ASSERT_EQUAL (ino_of ("/etc-passwd"), unmatched);
  CU_ASSERT_NOT_EQUAL (ino_of ("/var/www/index.html"), matched);
  /* Hard links stay one file, with its set-id bit and attributes. */
  CU_ASSERT_EQUAL (ino_of ("/bin/sh"), ino_of ("/bin/busybox"));
  CU_ASSERT_STRING_EQUAL (label_of ("/bin/sh"), "system_u:object_r:bin_t:s0");
  CU_ASSERT_EQUAL (lstat (at ("/bin/busybox"), &st), 0);
  CU_ASSERT_EQUAL (st.st_mode & 07777, 04751);
  CU_ASSERT_EQUAL (st.st_nlink, 2);
  char value[16] = "";
  CU_ASSERT_EQUAL (getxattr (at ("/bin/busybox"), "user.origin", value, sizeof value), 5);
  CU_ASSERT_EQUAL (getxattr (at ("/var/www"), "user.kept", value, sizeof value), 3);
  CU_ASSERT_EQUAL (lstat (at ("/var/www/index.html"), &st), 0);
  CU_ASSERT_EQUAL (st.st_uid, 1000);
  CU_ASSERT_EQUAL (st.st_gid, 1001);
  CU_ASSERT_EQUAL (st.st_mtim.tv_sec, 1000000000);
  CU_ASSERT_EQUAL (st.st_size, 6);
  CU_ASSERT_EQUAL (lstat (at ("/var/www"), &st), 0);
  CU_ASSERT_EQUAL (st.st_mtim.tv_sec, 1000000000);
  CU_ASSERT_EQUAL (lstat (at ("/var/www/fifo"), &st), 0);
  CU_ASSERT (S_ISFIFO (st.st_mode));
  char target[64] = "";
  CU_ASSERT_EQUAL (readlink (at ("/link"), target, sizeof target), 11);
  CU_ASSERT_STRING_EQUAL (target, "/etc/passwd");
  /* Nothing is left beside it. */
  cleanup_free char *staging = xasprintf ("%s/.sepm-relabel.rootfs", top);
  CU_ASSERT_EQUAL (access (staging, F_OK), -1);
}

static void
test_a_second_run_writes_nothing (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  ino_t root = ino_of (""), file = ino_of ("/var/www/index.html");
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.changed, 0);
  CU_ASSERT_EQUAL (ino_of (""), root);
  CU_ASSERT_EQUAL (ino_of ("/var/www/index.html"), file);
}

static void
test_leftovers_of_a_killed_run_are_removed (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  cleanup_free char *left = xasprintf ("%s/.sepm-relabel.rootfs/var/www", top);
  CU_ASSERT_EQUAL_FATAL (sepm_mkdir_p (left, 0700, &err), 0);
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.changed, 6);
  *strstr (left, "/var") = '\0';
  CU_ASSERT_EQUAL (access (left, F_OK), -1);
}

static void
test_hard_links_that_disagree_are_refused (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  CU_ASSERT_EQUAL (link (at ("/bin/busybox"), at ("/var/www/busybox")), 0);
  ino_t root = ino_of ("");
  CU_ASSERT_EQUAL (relabel (&stats, &err), -1);
  CU_ASSERT_PTR_NOT_NULL_FATAL (err);
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, "make the labels agree"));
  CU_ASSERT_PTR_NOT_NULL (strstr (err->msg, "/var/www/busybox"));
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (ino_of (""), root);
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "");
}

/* A file that cannot be linked (immutable) stops the relabel half-way
 * through building the copy: the tree is untouched and nothing stays
 * beside it. */
static void
test_a_failed_build_changes_nothing (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;
  int flags = FS_IMMUTABLE_FL;

  make_tree ();
  int fd = open (at ("/etc-passwd"), O_RDONLY);
  CU_ASSERT_FATAL (fd >= 0);
  if (ioctl (fd, FS_IOC_SETFLAGS, &flags) < 0)
    {
      close (fd);
      return;
    }
  ino_t root = ino_of ("");
  CU_ASSERT_EQUAL (relabel (&stats, &err), -1);
  CU_ASSERT_PTR_NOT_NULL (err && strstr (err->msg, "/etc-passwd"));
  sepm_error_release (&err);
  flags = 0;
  CU_ASSERT_EQUAL (ioctl (fd, FS_IOC_SETFLAGS, &flags), 0);
  close (fd);
  CU_ASSERT_EQUAL (ino_of (""), root);
  CU_ASSERT_STRING_EQUAL (label_of ("/bin/busybox"), "system_u:object_r:container_file_t:s0");
  cleanup_free char *staging = xasprintf ("%s/.sepm-relabel.rootfs", top);
  CU_ASSERT_EQUAL (access (staging, F_OK), -1);
}

/* A mount point inside the tree, or the tree itself mounted, cannot move
 * with a swap. */
static void
test_mount_points_are_refused (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  if (mount ("none", at ("/var/www/img"), "tmpfs", 0, NULL) < 0)
    return;
  CU_ASSERT_EQUAL (relabel (&stats, &err), -1);
  CU_ASSERT_PTR_NOT_NULL (err && strstr (err->msg, "/var/www/img` is a mount point"));
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (umount (at ("/var/www/img")), 0);
  CU_ASSERT_EQUAL_FATAL (mount (rootfs, rootfs, NULL, MS_BIND, NULL), 0);
  CU_ASSERT_EQUAL (relabel (&stats, &err), -1);
  CU_ASSERT_PTR_NOT_NULL (err && strstr (err->msg, "--relabel-in-place"));
  sepm_error_release (&err);
  CU_ASSERT_EQUAL (umount (rootfs), 0);
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "");
}

/* A labelled path that is a hard link to a file outside the root
 * filesystem: the root filesystem gets a relabelled copy, the file outside
 * keeps its label (restorecon, in place, would relabel the shared inode). */
static void
test_a_hard_link_out_is_copied_not_relabelled (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  cleanup_free char *outside = xasprintf ("%s/shadow", top);
  FILE *f = fopen (outside, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL (f);
  fputs ("secret\n", f);
  fclose (f);
  CU_ASSERT_EQUAL_FATAL (lsetxattr (outside, "security.selinux", "system_u:object_r:shadow_t:s0", 29, 0), 0);
  CU_ASSERT_EQUAL_FATAL (link (outside, at ("/var/www/shadow")), 0);
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/shadow"), "system_u:object_r:httpd_sys_content_t:s0");
  char value[64] = "";
  CU_ASSERT_EQUAL (lgetxattr (outside, "security.selinux", value, sizeof value - 1), 29);
  CU_ASSERT_STRING_EQUAL (value, "system_u:object_r:shadow_t:s0");
  struct stat in, out;
  CU_ASSERT_EQUAL (lstat (at ("/var/www/shadow"), &in), 0);
  CU_ASSERT_EQUAL (lstat (outside, &out), 0);
  CU_ASSERT_NOT_EQUAL (in.st_ino, out.st_ino);
  CU_ASSERT_EQUAL (out.st_nlink, 1);
}

static void
test_remove_never_follows_a_link_out (void)
{
  sepm_error_t err = NULL;

  make_tree ();
  cleanup_free char *outside = xasprintf ("%s/outside", top);
  CU_ASSERT_EQUAL_FATAL (sepm_mkdir_p (outside, 0755, &err), 0);
  cleanup_free char *kept = xasprintf ("%s/kept", outside);
  FILE *f = fopen (kept, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL (f);
  fclose (f);
  CU_ASSERT_EQUAL (symlink (outside, at ("/var/out")), 0);
  int fd = open (top, O_RDONLY | O_DIRECTORY);
  CU_ASSERT_EQUAL (sepm_tree_walk_remove (fd, "rootfs", &err), 0);
  close (fd);
  CU_ASSERT_EQUAL (access (rootfs, F_OK), -1);
  CU_ASSERT_EQUAL (access (kept, F_OK), 0);
}

int
main (void)
{
  static const struct unit_test tests[] = {
    { "relabels a copy and keeps the rest", test_labels_a_copy_and_keeps_the_rest },
    { "a second run writes nothing", test_a_second_run_writes_nothing },
    { "leftovers of a killed run are removed", test_leftovers_of_a_killed_run_are_removed },
    { "hard links that disagree are refused", test_hard_links_that_disagree_are_refused },
    { "a failed build changes nothing", test_a_failed_build_changes_nothing },
    { "mount points are refused", test_mount_points_are_refused },
    { "a hard link out is copied, not relabelled", test_a_hard_link_out_is_copied_not_relabelled },
    { "removal never follows a link out", test_remove_never_follows_a_link_out },
    { NULL, NULL },
  };

  if (geteuid () != 0)
    {
      fprintf (stderr, "SKIP: setting security.selinux needs root\n");
      return 77;
    }
  return unit_run_in_temp_dir ("relabel-swap", tests, "sepm-relabel", top, sizeof top);
}
