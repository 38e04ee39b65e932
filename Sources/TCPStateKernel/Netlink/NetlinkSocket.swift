import CMnl
import Glibc

/// A `NETLINK_SOCK_DIAG` socket, opened and driven through libmnl. Closed on
/// deinit, so an early exit (`| head`, an error) leaves nothing open.
public final class NetlinkSocket {
  let handle: OpaquePointer
  public let portID: UInt32

  /// Opens and binds the socket; `groups` subscribes to multicast groups
  /// (e.g. the TCP destroy notifications) at bind time.
  public init(groups: UInt32 = 0) throws(KernelError) {
    guard let handle = mnl_socket_open(NETLINK_SOCK_DIAG) else {
      throw KernelError("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", errno: errno)
    }
    guard mnl_socket_bind(handle, groups, pid_t(MNL_SOCKET_AUTOPID)) == 0 else {
      let code = errno
      mnl_socket_close(handle)
      throw KernelError("bind(NETLINK_SOCK_DIAG)", errno: code)
    }
    self.handle = handle
    self.portID = mnl_socket_get_portid(handle)
  }

  deinit { mnl_socket_close(handle) }

  public var fileDescriptor: Int32 { mnl_socket_get_fd(handle) }

  public func send(_ bytes: [UInt8]) throws(KernelError) {
    let sent = bytes.withUnsafeBytes { mnl_socket_sendto(handle, $0.baseAddress, $0.count) }
    guard sent >= 0 else { throw KernelError("sendto(NETLINK_SOCK_DIAG)", errno: errno) }
  }

  /// Receives one datagram (one or more netlink messages); retries on EINTR.
  public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(KernelError) -> Int {
    while true {
      let count = mnl_socket_recvfrom(handle, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      if errno == EINTR { continue }
      throw KernelError("recvmsg(NETLINK_SOCK_DIAG)", errno: errno)
    }
  }

  /// Raises the receive buffer; SO_RCVBUFFORCE (CAP_NET_ADMIN) first, then SO_RCVBUF.
  @discardableResult
  public func setReceiveBuffer(bytes: Int32) -> Bool {
    var size = bytes
    let length = socklen_t(MemoryLayout<Int32>.size)
    if setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVBUFFORCE, &size, length) == 0 { return true }
    return setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVBUF, &size, length) == 0
  }

  /// Asks the kernel for extended acks (error text) and capped error replies.
  public func enableExtendedAcks() {
    var on: Int32 = 1
    let length = socklen_t(MemoryLayout<Int32>.size)
    _ = mnl_socket_setsockopt(handle, NETLINK_EXT_ACK, &on, length)
    _ = mnl_socket_setsockopt(handle, NETLINK_CAP_ACK, &on, length)
  }
}
