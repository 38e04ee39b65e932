#pragma once
#include <malloc.h>

/// glibc's malloc tuning, which Swift's Glibc module does not import.
static inline void tcpstate_malloc_limit_arenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }
static inline void tcpstate_malloc_trim(void) { malloc_trim(0); }
