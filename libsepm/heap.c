#include <config.h>
#include "heap.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* glibc serves blocks below the mmap threshold (at most 32 MiB on 64-bit)
 * from the brk heap. */
#define BLOCK (16u << 20)
#define HUGE_PAGE ((uintptr_t) 2 << 20)

void
sepm_heap_release_reserve (void)
{
  malloc_trim (0);
}

void
sepm_heap_prefer_huge_pages (size_t bytes)
{
  size_t n = bytes / BLOCK;
  void **blocks = calloc (n + 1, sizeof (void *));
  uintptr_t start, end;

  if (blocks == NULL || getenv ("SEPM_NO_HUGE_PAGES"))
    {
      free (blocks);
      return;
    }
  /* Blocks from brk, and a heap that is not given back when they are
   * freed: the reservation stays one region the advice covers.  The
   * profile measured: fast mode spends a fifth of its time in page
   * faults on 4 KiB pages (bench/verify.sh). */
  mallopt (M_MMAP_THRESHOLD, 2 * BLOCK);
  mallopt (M_TRIM_THRESHOLD, (int) (bytes < INT32_MAX / 2 ? 2 * bytes : INT32_MAX));
  start = (uintptr_t) sbrk (0);
  for (size_t i = 0; i < n; i++)
    blocks[i] = malloc (BLOCK);
  end = (uintptr_t) sbrk (0);
  for (size_t i = 0; i < n; i++)
    free (blocks[i]);
  free (blocks);
  start = (start + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  if (start != (uintptr_t) -1 && end > start)
    madvise ((void *) start, end - start, MADV_HUGEPAGE);
}
