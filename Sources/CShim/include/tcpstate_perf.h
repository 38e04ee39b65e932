#ifndef TCPSTATE_PERF_H
#define TCPSTATE_PERF_H

#include <stdint.h>

/// perf_event_open(2) for one tracepoint on one CPU: sample type TIME | RAW |
/// TID | CPU, every event sampled, CLOCK_MONOTONIC timestamps, a wakeup per
/// `wakeup_events` samples. Created disabled. Returns the fd or -errno.
/// (syscall() and ioctl() are variadic, which Swift cannot call.)
int tcpstate_perf_open_tracepoint(uint64_t tracepoint_id, int cpu, uint32_t wakeup_events);

/// PERF_EVENT_IOC_ENABLE / DISABLE. Returns 0 or -errno.
int tcpstate_perf_enable(int fd);
int tcpstate_perf_disable(int fd);

/// The ring buffer's head, read with acquire ordering (the kernel writes it).
uint64_t tcpstate_ring_load_head(const void *page);
/// The ring buffer's tail, stored with release ordering (we consume up to it).
void tcpstate_ring_store_tail(void *page, uint64_t tail);

/// Sample-type bits as the records will carry them, for the decoder.
uint64_t tcpstate_perf_sample_type(void);

/// Stop requests from SIGINT, SIGTERM and SIGHUP, kept in a sig_atomic_t.
/// Installs handlers (without SA_RESTART, so blocking calls return EINTR).
void tcpstate_install_stop_handlers(void);
/// The signal that asked us to stop, or 0.
int tcpstate_stop_signal(void);

#endif
