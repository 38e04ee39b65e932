#ifndef TCPSTATE_NETNS_H
#define TCPSTATE_NETNS_H

/// setns(fd, CLONE_NEWNET) for the calling thread. Returns 0 or -errno.
/// (Swift's Glibc module does not import setns: it is behind _GNU_SOURCE.)
int tcpstate_enter_netns(int fd);

/// statfs(2)'s f_type for `path` (NSFS_MAGIC for a namespace file), or -errno.
/// (Swift's Glibc module does not import <sys/vfs.h>.)
long tcpstate_fs_type(const char *path);

#endif
