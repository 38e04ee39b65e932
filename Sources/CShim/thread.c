#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>

#include "tcpstate_thread.h"

int tcpstate_gettid(void) { return (int)syscall(SYS_gettid); }
