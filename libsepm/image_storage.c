#include <config.h>
#include "image_storage.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "image_archive.h"
#include "util.h"

/* There is no C reader of containers/storage: its layers are kept
 * unpacked, and their tars are rebuilt from tar-split metadata in Go.
 * skopeo, which owns that format, exports the image into a private
 * layout; sepm then checks that layout like any other (every blob
 * against its digest, every layer against its diff_id), and what it
 * checks is what it installs. */

#define MAX_STORAGE_REF 4096
#define MAX_SKOPEO_STDERR 4096

extern char **environ;

static int
check_ref (const char *ref, sepm_error_t *err)
{
  size_t n = strlen (ref);
  cleanup_free char *shown = sepm_printable (ref, 200);

  if (n == 0)
    return sepm_error_make (err, 0, "`containers-storage:`: name an image (containers-storage:IMAGE[:TAG])");
  if (n > MAX_STORAGE_REF)
    return sepm_error_make (err, 0, "`containers-storage:%s`: longer than %d bytes", shown, MAX_STORAGE_REF);
  /* The name goes into messages and into skopeo's argv (never a shell). */
  for (const char *p = ref; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return sepm_error_make (err, 0, "`containers-storage:%s`: control characters in an image name", shown);
  return 0;
}

/* Run skopeo with ARGV; its stderr, shortened, is the error on failure. */
static int
run_skopeo (char *const argv[], sepm_error_t *err)
{
  posix_spawn_file_actions_t fa;
  struct sepm_buf msg = { 0 };
  int fds[2], status = 0, rc;
  pid_t pid;
  char chunk[512];
  ssize_t n;

  if (pipe2 (fds, O_CLOEXEC) < 0)
    return sepm_error_make (err, errno, "create a pipe for skopeo");
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen (&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2 (&fa, fds[1], STDERR_FILENO);
  rc = posix_spawnp (&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&fa);
  close (fds[1]);
  if (rc != 0)
    {
      close (fds[0]);
      sepm_error_make (err, rc, "cannot run skopeo");
      return sepm_error_set_hint (err, "containers-storage: is read through skopeo: apt-get install skopeo.");
    }
  while ((n = read (fds[0], chunk, sizeof chunk)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      if (msg.len < MAX_SKOPEO_STDERR)
        sepm_buf_append (&msg, chunk, (size_t) n);
    }
  close (fds[0]);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    {
      free (msg.data);
      return 0;
    }
  /* skopeo's last line says why; keep it short and printable. */
  while (msg.len && (msg.data[msg.len - 1] == '\n' || msg.data[msg.len - 1] == '\0'))
    msg.data[--msg.len] = '\0';
  char *last = msg.data && strrchr (msg.data, '\n') ? strrchr (msg.data, '\n') + 1 : msg.data;
  /* A logrus line: time="..." level=fatal msg="WHY" */
  char *m = last ? strstr (last, "msg=\"") : NULL;
  if (m && strrchr (m + 5, '"'))
    {
      last = m + 5;
      *strrchr (last, '"') = '\0';
    }
  cleanup_free char *why = sepm_printable (last && *last ? last : "skopeo failed", 400);
  free (msg.data);
  sepm_error_make (err, 0, "skopeo could not export the image: %s", why);
  return sepm_error_set_hint (err, "List the store's images with `podman images` (as the user whose store it "
                              "is; CONTAINERS_STORAGE_CONF names another store), or name a store as "
                              "containers-storage:[DRIVER@ROOT+RUNROOT]IMAGE.");
}

int
sepm_image_storage_export (const char *ref, char **dir, sepm_error_t *err)
{
  *dir = NULL;
  if (check_ref (ref, err) < 0)
    return -1;
  char *target = sepm_private_tmpdir ("sepm-image", err);
  if (target == NULL)
    return sepm_error_wrap (err, "export `containers-storage:%s`", ref);
  cleanup_free char *src = xasprintf ("containers-storage:%s", ref);
  cleanup_free char *dst = xasprintf ("oci:%s/layout:image", target);
  char *argv[] = { (char *) "skopeo", (char *) "copy", (char *) "--quiet", src, dst, NULL };
  if (run_skopeo (argv, err) < 0)
    {
      sepm_image_archive_remove_dir (target);
      free (target);
      return -1;
    }
  *dir = target;
  return 0;
}
