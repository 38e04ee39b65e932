#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/vfs.h>

#include "tcpstate_netns.h"

int tcpstate_enter_netns(int fd) { return setns(fd, CLONE_NEWNET) == 0 ? 0 : -errno; }

long tcpstate_fs_type(const char *path) {
  struct statfs fs;
  return statfs(path, &fs) == 0 ? (long)fs.f_type : -errno;
}
