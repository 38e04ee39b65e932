#pragma once
#include <malloc.h>

/// glibc's malloc tuning, which Swift's Glibc module does not import.
static inline void tcpstate_malloc_limit_arenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }
static inline void tcpstate_malloc_trim(void) { malloc_trim(0); }
/// Keeps every allocation on the heap (glibc caps M_MMAP_THRESHOLD at 32 MB,
/// so only switching mmap off keeps bigger ones there) and up to `bytes` of
/// freed memory in the process, so a buffer freed and allocated again is not
/// faulted in page by page each time.
static inline void tcpstate_malloc_keep(int bytes) {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, bytes);
}
