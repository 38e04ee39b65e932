import CMnl
import Glibc

/// A `NETLINK_SOCK_DIAG` socket: the transport to the kernel. libmnl opens
/// and binds it (with an automatic port id, which it reads back for the
/// framer's checks), sends to the kernel's address and receives, checking
/// that a datagram came from the kernel and was not truncated (ENOSPC);
/// the framing and decoding of what arrives is Swift's (`NetlinkFramer`).
/// Closed on deinit, so an early exit (`| head`, an error) leaves nothing open.
public final class NetlinkSocket: NetlinkTransport {
  let handle: OpaquePointer
  public let portID: UInt32
  public private(set) var overruns = 0

  /// Opens and binds the socket; `groups` subscribes to multicast groups
  /// (e.g. the TCP destroy notifications) at bind time. A non-blocking
  /// socket's `receive` returns nil when nothing is queued: lookups read the
  /// replies their send already queued, the destroy monitor drains what
  /// arrived since its last poll.
  public init(groups: UInt32 = 0, nonBlocking: Bool = false) throws(KernelError) {
    let flags = Int32(SOCK_CLOEXEC.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
    guard let handle = mnl_socket_open2(NETLINK_SOCK_DIAG, flags) else {
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

  /// Wraps a NETLINK_SOCK_DIAG descriptor made elsewhere (inside another
  /// namespace, see `NamespaceHandle`) and binds it; the socket owns it from here.
  public init(descriptor: Int32, groups: UInt32 = 0) throws(KernelError) {
    guard let handle = mnl_socket_fdopen(descriptor) else {
      let code = errno
      close(descriptor)
      throw KernelError("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", errno: code)
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
    let sent = bytes.withUnsafeBytes { request in
      retryingOnInterrupt { mnl_socket_sendto(handle, request.baseAddress, request.count) }
    }
    guard sent >= 0 else { throw KernelError("sendto(NETLINK_SOCK_DIAG)", errno: errno) }
  }

  public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(KernelError) -> Int? {
    while true {
      let count = retryingOnInterrupt { mnl_socket_recvfrom(handle, buffer.baseAddress, buffer.count) }
      if count >= 0 { return count }
      switch errno {
      case EAGAIN: return nil
      case ENOBUFS: overruns += 1
      case let code: throw KernelError("recvmsg(NETLINK_SOCK_DIAG)", errno: code)
      }
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
