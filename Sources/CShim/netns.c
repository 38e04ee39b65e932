#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/vfs.h>
#include <linux/netlink.h>

#include "tcpstate_netns.h"

int tcpstate_enter_netns(int fd) { return setns(fd, CLONE_NEWNET) == 0 ? 0 : -errno; }

long tcpstate_fs_type(const char *path) {
  struct statfs fs;
  return statfs(path, &fs) == 0 ? (long)fs.f_type : -errno;
}

struct netns_socket {
  int nsfd, flags, fd, err, stage;
};

static void *netns_socket_run(void *argument) {
  struct netns_socket *request = argument;
  if (setns(request->nsfd, CLONE_NEWNET) != 0) {
    request->err = errno;
    request->stage = 1;
    return NULL;
  }
  request->fd = socket(AF_NETLINK, SOCK_RAW | request->flags, NETLINK_SOCK_DIAG);
  if (request->fd < 0) {
    request->err = errno;
    request->stage = 2;
  }
  return NULL;
}

int tcpstate_sock_diag_socket_in(int nsfd, int flags, int *stage) {
  struct netns_socket request = {nsfd, flags, -1, 0, 0};
  pthread_t thread;
  int created = pthread_create(&thread, NULL, netns_socket_run, &request);
  if (created != 0) {
    *stage = 0;
    return -created;
  }
  pthread_join(thread, NULL);
  if (request.fd < 0) {
    *stage = request.stage;
    return -request.err;
  }
  return request.fd;
}
