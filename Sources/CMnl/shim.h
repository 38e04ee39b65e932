#ifndef TCPSTATE_CMNL_SHIM_H
#define TCPSTATE_CMNL_SHIM_H
// libmnl plus the UAPI headers sock_diag needs. <linux/tcp.h> is left out on
// purpose: its struct tcp_info clashes with Glibc's; CShim has a renamed copy.
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>
#include <sys/socket.h>
#endif
