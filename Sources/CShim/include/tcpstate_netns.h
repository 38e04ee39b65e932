#ifndef TCPSTATE_NETNS_H
#define TCPSTATE_NETNS_H

/// setns(fd, CLONE_NEWNET) for the calling thread. Returns 0 or -errno.
/// (Swift's Glibc module does not import setns: it is behind _GNU_SOURCE.)
int tcpstate_enter_netns(int fd);

/// statfs(2)'s f_type for `path` (NSFS_MAGIC for a namespace file), or -errno.
/// (Swift's Glibc module does not import <sys/vfs.h>.)
long tcpstate_fs_type(const char *path);

/// A NETLINK_SOCK_DIAG socket created inside the network namespace `nsfd`
/// names, by a thread made for it that enters the namespace and ends: the
/// caller's thread never moves, so nothing has to be restored (a socket keeps
/// the namespace it was created in). `flags` are socket(2) type flags
/// (SOCK_CLOEXEC, SOCK_NONBLOCK). Returns the descriptor, or -errno with
/// `*stage` saying which step failed: 0 the thread, 1 setns, 2 socket.
int tcpstate_sock_diag_socket_in(int nsfd, int flags, int *stage);

#endif
