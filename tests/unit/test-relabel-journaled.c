/* The journalled relabel of a root filesystem in place: labels and
 * everything else about each file, what a killed run's journal makes the
 * next run do, and that a refused relabel leaves the tree as it was. */
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
#include "libsepm/relabel_journal.h"
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

/* Nothing beside the tree: neither the journal nor its temporary name. */
static bool
nothing_beside (void)
{
  cleanup_free char *journal = xasprintf ("%s/.sepm-relabel.rootfs", top);
  cleanup_free char *tmp = xasprintf ("%s/.sepm-relabel-new.rootfs", top);
  return access (journal, F_OK) < 0 && access (tmp, F_OK) < 0;
}

static void
test_labels_in_place_and_keeps_the_rest (void)
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
  /* Labelled in place: every file keeps its inode. */
  CU_ASSERT_EQUAL (ino_of ("/etc-passwd"), unmatched);
  CU_ASSERT_EQUAL (ino_of ("/var/www/index.html"), matched);
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
  CU_ASSERT (nothing_beside ());
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

/* What an earlier sepm's killed swap left beside the tree: only in the way. */
static void
test_an_old_staging_tree_is_removed (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  cleanup_free char *left = xasprintf ("%s/.sepm-relabel.rootfs/var/www", top);
  CU_ASSERT_EQUAL_FATAL (sepm_mkdir_p (left, 0700, &err), 0);
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.changed, 6);
  CU_ASSERT_EQUAL (stats.recovered, 0);
  CU_ASSERT (nothing_beside ());
}

static void
write_journal (ino_t root, const char *path, const char *label)
{
  struct sepm_relabel_journal_entry e = { ino_of (path), S_IFREG, (char *) "", (char *) label, (char *) path };
  struct sepm_relabel_journal j = { root, &e, 1 };
  sepm_error_t err = NULL;
  int fd = open (top, O_RDONLY | O_DIRECTORY);

  CU_ASSERT_EQUAL (sepm_relabel_journal_write (fd, ".sepm-relabel-new.rootfs", ".sepm-relabel.rootfs", &j, &err), 0);
  close (fd);
}

/* A killed run's journal is applied before anything else (roll forward):
 * its labels are set without being planned again, and it is removed. */
static void
test_a_killed_runs_journal_is_finished_first (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  write_journal (ino_of (""), "/var/www/index.html", "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.recovered, 1);
  CU_ASSERT_EQUAL (stats.changed, 5);
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT (nothing_beside ());
  /* A journal for another tree that took the name is stale: dropped. */
  make_tree ();
  write_journal (ino_of ("") + 1, "/var/www/index.html", "system_u:object_r:shadow_t:s0");
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.recovered, 0);
  CU_ASSERT_EQUAL (stats.changed, 6);
  CU_ASSERT (nothing_beside ());
  /* A journal whose entry names a file that is no longer the one planned
   * (another inode now) leaves that file to the plan. */
  make_tree ();
  write_journal (ino_of (""), "/etc-passwd", "system_u:object_r:shadow_t:s0");
  CU_ASSERT_EQUAL (rename (at ("/etc-passwd"), at ("/etc-passwd.old")), 0);
  put ("/etc-passwd", "root:x:0:0\n");
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.recovered, 0);
  CU_ASSERT_STRING_EQUAL (label_of ("/etc-passwd"), "");
  /* A directory on the journal's path replaced by a link out of the tree
   * (to the very file planned): the link is not followed. */
  make_tree ();
  write_journal (ino_of (""), "/var/www/index.html", "system_u:object_r:shadow_t:s0");
  cleanup_free char *moved = xasprintf ("%s/www-outside", top);
  CU_ASSERT_EQUAL_FATAL (rename (at ("/var/www"), moved), 0);
  CU_ASSERT_EQUAL_FATAL (symlink (moved, at ("/var/www")), 0);
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.recovered, 0);
  cleanup_free char *outside_file = xasprintf ("%s/index.html", moved);
  char value[64] = "";
  CU_ASSERT (lgetxattr (outside_file, "security.selinux", value, sizeof value - 1) < 0);
}

/* A journal cut short is never applied in part. */
static void
test_a_damaged_journal_is_refused (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;

  make_tree ();
  write_journal (ino_of (""), "/var/www/index.html", "system_u:object_r:httpd_sys_content_t:s0");
  cleanup_free char *journal = xasprintf ("%s/.sepm-relabel.rootfs", top);
  struct stat st;
  CU_ASSERT_EQUAL_FATAL (stat (journal, &st), 0);
  CU_ASSERT_EQUAL_FATAL (truncate (journal, st.st_size - 2), 0);
  CU_ASSERT_EQUAL (relabel (&stats, &err), -1);
  CU_ASSERT_PTR_NOT_NULL (err && strstr (err->msg, "is damaged"));
  CU_ASSERT_PTR_NOT_NULL (err && err->hint);
  sepm_error_release (&err);
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "");
  CU_ASSERT_STRING_EQUAL (label_of ("/bin/busybox"), "system_u:object_r:container_file_t:s0");
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

/* A label that cannot be set (an immutable file) stops the relabel
 * half-way: its journal stays, and the next run, once the file can be
 * labelled, sets every label it lists before planning. */
static void
test_a_relabel_stopped_half_way_is_finished_next_time (void)
{
  struct sepm_relabel_stats stats;
  sepm_error_t err = NULL;
  int flags = FS_IMMUTABLE_FL;

  make_tree ();
  int fd = open (at ("/var/www/index.html"), O_RDONLY);
  CU_ASSERT_FATAL (fd >= 0);
  if (ioctl (fd, FS_IOC_SETFLAGS, &flags) < 0)
    {
      close (fd);
      return;
    }
  CU_ASSERT_EQUAL (relabel (&stats, &err), -1);
  CU_ASSERT_PTR_NOT_NULL (err && strstr (err->msg, "/var/www/index.html"));
  CU_ASSERT_PTR_NOT_NULL (err && strstr (err->msg, "the next run finishes it"));
  sepm_error_release (&err);
  flags = 0;
  CU_ASSERT_EQUAL (ioctl (fd, FS_IOC_SETFLAGS, &flags), 0);
  close (fd);
  cleanup_free char *journal = xasprintf ("%s/.sepm-relabel.rootfs", top);
  CU_ASSERT_EQUAL (access (journal, F_OK), 0);
  CU_ASSERT_EQUAL_FATAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (stats.recovered, 6);
  CU_ASSERT_EQUAL (stats.changed, 0);
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT (nothing_beside ());
}

/* A mount point inside the tree is refused (what is mounted there is not
 * the image's); the tree itself mounted is relabelled, its journal beside
 * it on the parent's filesystem. */
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
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "");
  CU_ASSERT_EQUAL_FATAL (mount (rootfs, rootfs, NULL, MS_BIND, NULL), 0);
  CU_ASSERT_EQUAL (relabel (&stats, &err), 0);
  CU_ASSERT_EQUAL (umount (rootfs), 0);
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "system_u:object_r:httpd_sys_content_t:s0");
  CU_ASSERT (nothing_beside ());
}

/* A labelled path that is a hard link to a file outside the root
 * filesystem is refused before anything is written: its label is the
 * shared inode's (restorecon would relabel the file outside too). */
static void
test_a_hard_link_out_is_refused (void)
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
  CU_ASSERT_EQUAL (relabel (&stats, &err), -1);
  CU_ASSERT_PTR_NOT_NULL (err && strstr (err->msg, "/var/www/shadow` has 2 names but 1 inside the tree"));
  sepm_error_release (&err);
  char value[64] = "";
  CU_ASSERT_EQUAL (lgetxattr (outside, "security.selinux", value, sizeof value - 1), 29);
  CU_ASSERT_STRING_EQUAL (value, "system_u:object_r:shadow_t:s0");
  CU_ASSERT_STRING_EQUAL (label_of ("/var/www/index.html"), "");
  CU_ASSERT (nothing_beside ());
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
    { "relabels in place and keeps the rest", test_labels_in_place_and_keeps_the_rest },
    { "a second run writes nothing", test_a_second_run_writes_nothing },
    { "an old staging tree is removed", test_an_old_staging_tree_is_removed },
    { "a killed run's journal is finished first", test_a_killed_runs_journal_is_finished_first },
    { "a damaged journal is refused", test_a_damaged_journal_is_refused },
    { "hard links that disagree are refused", test_hard_links_that_disagree_are_refused },
    { "a relabel stopped half-way is finished next time", test_a_relabel_stopped_half_way_is_finished_next_time },
    { "mount points inside are refused", test_mount_points_are_refused },
    { "a hard link out is refused", test_a_hard_link_out_is_refused },
    { "removal never follows a link out", test_remove_never_follows_a_link_out },
    { NULL, NULL },
  };

  if (geteuid () != 0)
    {
      fprintf (stderr, "SKIP: setting security.selinux needs root\n");
      return 77;
    }
  return unit_run_in_temp_dir ("relabel-journaled", tests, "sepm-relabel", top, sizeof top);
}
