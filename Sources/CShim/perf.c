#define _GNU_SOURCE
#include "tcpstate_perf.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const uint64_t sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW;

uint64_t tcpstate_perf_sample_type(void) { return sample_type; }

int tcpstate_perf_open_tracepoint(uint64_t tracepoint_id, int cpu, uint32_t wakeup_events) {
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_TRACEPOINT;
  attr.config = tracepoint_id;
  attr.sample_period = 1;
  attr.sample_type = sample_type;
  attr.disabled = 1;
  attr.wakeup_events = wakeup_events;
  attr.use_clockid = 1;
  attr.clockid = CLOCK_MONOTONIC;
  long fd = syscall(SYS_perf_event_open, &attr, -1 /* any process */, cpu, -1, PERF_FLAG_FD_CLOEXEC);
  return fd < 0 ? -errno : (int)fd;
}

int tcpstate_perf_enable(int fd) { return ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) < 0 ? -errno : 0; }
int tcpstate_perf_disable(int fd) { return ioctl(fd, PERF_EVENT_IOC_DISABLE, 0) < 0 ? -errno : 0; }

uint64_t tcpstate_ring_load_head(const void *page) {
  const struct perf_event_mmap_page *meta = page;
  return __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
}

void tcpstate_ring_store_tail(void *page, uint64_t tail) {
  struct perf_event_mmap_page *meta = page;
  __atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
}

static volatile sig_atomic_t stop_signal = 0;

static void on_stop(int signo) { stop_signal = signo; }

void tcpstate_install_stop_handlers(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGHUP, &action, NULL);
}

int tcpstate_stop_signal(void) { return stop_signal; }
