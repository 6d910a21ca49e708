/* The process heap, set up for libsepol's way of using it: hundreds of
 * megabytes in small allocations, touched once.  A tool's main calls
 * this first. */
#ifndef SEPM_HEAP_H
#define SEPM_HEAP_H

#include <stddef.h>

/* Reserve BYTES of heap address space (not memory: nothing is touched)
 * and ask the kernel to back it with transparent huge pages, so that
 * the first touches fault once per 2 MiB instead of once per 4 KiB.  A
 * fork (the contained compile) inherits it.  Advisory: on any failure
 * the heap is as it was, only slower. */
void sepm_heap_prefer_huge_pages (size_t bytes);

/* Give back the heap's free top, the unused part of a reservation: a
 * child under a memory limit (the contained compile) calls it first, so
 * that what it inherited unused is never memory outside its limit. */
void sepm_heap_release_reserve (void);

/* What the tools reserve: fast mode's compile of the slice and a module
 * fits, a whole store's (exact mode, semodule) does not need to. */
#define SEPM_HEAP_RESERVE ((size_t) 1024 << 20)

#endif
