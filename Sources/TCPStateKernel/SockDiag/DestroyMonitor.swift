import TCPStateModel
import TCPStateWire

/// Subscribes to sock_diag's TCP destroy notifications (multicast groups
/// SKNLGRP_INET_TCP_DESTROY and SKNLGRP_INET6_TCP_DESTROY): every full
/// socket, as it is freed, with its final tcp_info. Works without root.
/// A socket closed by RST reports peer port 0 (tcp_disconnect clears it).
public final class DestroyMonitor {
  /// `enum sknetlink_groups`: INET_TCP_DESTROY is 1, INET6_TCP_DESTROY is 3; bind() takes a bit mask.
  static let groups: UInt32 = 1 << 0 | 1 << 2

  let transport: any NetlinkTransport
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 8)
  /// Notifications that did not decode cleanly.
  public private(set) var problems = 0
  /// The first such problem, and the last receive error, for the report.
  public private(set) var firstProblem: DumpProblem?
  public private(set) var lastError: KernelError?

  public init() throws(KernelError) {
    let socket = try NetlinkSocket(groups: Self.groups, nonBlocking: true)
    // Bursts of thousands of closes: ask for a large buffer (forced when privileged).
    socket.setReceiveBuffer(bytes: 32 * 1024 * 1024)
    transport = socket
  }

  /// Notifications from `transport` (a `ReplayTransport` in tests).
  public init(transport: any NetlinkTransport) {
    self.transport = transport
  }

  deinit { buffer.deallocate() }

  public var fileDescriptor: Int32 { transport.fileDescriptor }

  /// Times the kernel could not deliver because our buffer was full (ENOBUFS).
  public var overruns: Int { transport.overruns }

  /// Reads every pending notification without blocking.
  public func drain(_ handle: (Socket) throws -> Void) rethrows {
    var received: [Socket] = []
    let processor = DumpBufferProcessor(
      onSocket: {
        received.append($0)
        return true
      },
      onProblem: { [weak self] problem in
        guard let self else { return }
        problems += 1
        if firstProblem == nil { firstProblem = problem }
      })
    do {
      while let count = try transport.receive(into: buffer), count > 0 {
        // Notifications carry no sequence and come from the kernel to the group, not to our port.
        _ = try processor.process(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
      }
    } catch {
      lastError = error
    }
    for socket in received { try handle(socket) }
  }
}
