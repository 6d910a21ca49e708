/* A main() for the fuzz harnesses when they are built without libFuzzer
 * (a plain `./configure`): run each file named on the command line, or
 * each file in each directory named, through the harness, then
 * $SEPM_FUZZ_MUTATIONS (default 200) variants of it made by a fixed
 * pseudo-random sequence (bit flips, byte stores, truncations, repeated
 * chunks).  That is how `make check` exercises the harnesses on every
 * build, the same inputs each time; `--enable-fuzzing` links libFuzzer's
 * main() instead. */
#include <config.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static uint64_t prng = 0x9e3779b97f4a7c15ull;

static uint64_t
next_random (void)
{
  /* xorshift64: the same sequence on every run. */
  prng ^= prng << 13;
  prng ^= prng >> 7;
  prng ^= prng << 17;
  return prng;
}

/* Run variants of DATA: each applies one to four small changes. */
static void
run_mutations (const uint8_t *data, size_t size, unsigned long count)
{
  uint8_t *buf = malloc (2 * size + 16);

  if (buf == NULL)
    return;
  for (unsigned long k = 0; k < count; k++)
    {
      size_t len = size;
      memcpy (buf, data, size);
      for (int changes = 1 + next_random () % 4; changes > 0; changes--)
        {
          size_t at = len ? next_random () % len : 0;
          switch (next_random () % 4)
            {
            case 0:
              if (len)
                buf[at] ^= (uint8_t) (1u << (next_random () % 8));
              break;
            case 1:
              if (len)
                buf[at] = (uint8_t) next_random ();
              break;
            case 2:
              len = at;
              break;
            default:
              {
                size_t chunk = len - at < 16 ? len - at : 16;
                if (len + chunk <= 2 * size + 16)
                  {
                    memmove (buf + at + chunk, buf + at, len - at);
                    len += chunk;
                  }
              }
            }
        }
      LLVMFuzzerTestOneInput (buf, len);
    }
  free (buf);
}

static unsigned long mutations = 200;

static int
run_file (const char *path)
{
  FILE *f = fopen (path, "rb");
  struct stat st;
  uint8_t *buf;
  size_t got;

  if (f == NULL || fstat (fileno (f), &st) < 0)
    {
      perror (path);
      if (f)
        fclose (f);
      return -1;
    }
  buf = malloc (st.st_size ? st.st_size : 1);
  got = buf ? fread (buf, 1, st.st_size, f) : 0;
  fclose (f);
  if (buf == NULL || got != (size_t) st.st_size)
    {
      fprintf (stderr, "%s: short read\n", path);
      free (buf);
      return -1;
    }
  LLVMFuzzerTestOneInput (buf, got);
  run_mutations (buf, got, mutations);
  free (buf);
  return 0;
}

static int
run_path (const char *path, size_t *count)
{
  struct stat st;
  struct dirent **names;
  int n, rc = 0;

  if (stat (path, &st) < 0)
    {
      perror (path);
      return -1;
    }
  if (!S_ISDIR (st.st_mode))
    {
      (*count)++;
      return run_file (path);
    }
  n = scandir (path, &names, NULL, alphasort);
  if (n < 0)
    {
      perror (path);
      return -1;
    }
  for (int i = 0; i < n; i++)
    {
      if (names[i]->d_name[0] != '.')
        {
          char *child;
          if (asprintf (&child, "%s/%s", path, names[i]->d_name) < 0)
            rc = -1;
          else
            {
              if (run_path (child, count) < 0)
                rc = -1;
              free (child);
            }
        }
      free (names[i]);
    }
  free (names);
  return rc;
}

int
main (int argc, char **argv)
{
  size_t count = 0;
  int rc = 0;
  const char *m = getenv ("SEPM_FUZZ_MUTATIONS");

  if (m && *m)
    mutations = strtoul (m, NULL, 10);
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-' && run_path (argv[i], &count) < 0)
      rc = 1;
  printf ("%s: %zu inputs replayed, %lu variants of each\n", argv[0], count, mutations);
  return rc;
}
