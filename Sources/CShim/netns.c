#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>

#include "tcpstate_netns.h"

int tcpstate_enter_netns(int fd) { return setns(fd, CLONE_NEWNET) == 0 ? 0 : -errno; }
