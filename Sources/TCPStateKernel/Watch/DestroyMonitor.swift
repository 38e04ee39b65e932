import CMnl
import Glibc
import TCPStateModel
import TCPStateWire

/// Subscribes to sock_diag's TCP destroy notifications (multicast groups
/// SKNLGRP_INET_TCP_DESTROY and SKNLGRP_INET6_TCP_DESTROY): every full
/// socket, as it is freed, with its final tcp_info. Works without root.
/// A socket closed by RST reports peer port 0 (tcp_disconnect clears it).
public final class DestroyMonitor {
  /// `enum sknetlink_groups`: INET_TCP_DESTROY is 1, INET6_TCP_DESTROY is 3; bind() takes a bit mask.
  static let groups: UInt32 = 1 << 0 | 1 << 2

  let socket: NetlinkSocket
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 8)
  /// Times the kernel could not deliver because our buffer was full (ENOBUFS).
  public private(set) var overruns = 0
  public private(set) var problems = 0

  public init() throws(KernelError) {
    socket = try NetlinkSocket(groups: Self.groups)
    // Bursts of thousands of closes: ask for a large buffer (forced when privileged).
    socket.setReceiveBuffer(bytes: 32 * 1024 * 1024)
    let flags = fcntl(socket.fileDescriptor, F_GETFL)
    _ = fcntl(socket.fileDescriptor, F_SETFL, flags | O_NONBLOCK)
  }

  deinit { buffer.deallocate() }

  public var fileDescriptor: Int32 { socket.fileDescriptor }

  /// Reads every pending notification without blocking.
  public func drain(_ handle: (Socket) throws -> Void) rethrows {
    var received: [Socket] = []
    let processor = DumpBufferProcessor(
      onSocket: {
        received.append($0)
        return true
      }, onProblem: { [weak self] _ in self?.problems += 1 })
    while true {
      let count = mnl_socket_recvfrom(socket.handle, buffer.baseAddress, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        if errno == ENOBUFS {
          overruns += 1
          continue
        }
        break
      }
      guard count > 0 else { break }
      _ = try? processor.process(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    }
    for socket in received { try handle(socket) }
  }
}
