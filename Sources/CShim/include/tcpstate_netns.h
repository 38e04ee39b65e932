#ifndef TCPSTATE_NETNS_H
#define TCPSTATE_NETNS_H

/// setns(fd, CLONE_NEWNET) for the calling thread. Returns 0 or -errno.
/// (Swift's Glibc module does not import setns: it is behind _GNU_SOURCE.)
int tcpstate_enter_netns(int fd);

#endif
