import Glibc
import TCPStateWire

/// A netlink transport that answers from recorded bytes instead of the
/// kernel: the test seam of every sock_diag conversation, and what the
/// fuzzer drives them with. Each request sent is kept in `requests`;
/// `respond` turns it into what the kernel would queue for us (datagrams,
/// or the errno a receive meets, ENOBUFS among them), so a test can check
/// the bytes asked for and play back any answer, malformed ones included.
public final class ReplayTransport: NetlinkTransport {
  /// What one receive finds.
  public enum Delivery {
    case datagram([UInt8])
    /// The receive fails with this errno (ENOBUFS is counted, as on a socket).
    case failure(errno: Int32)
  }

  public let portID: UInt32
  public var fileDescriptor: Int32 { -1 }
  public private(set) var overruns = 0
  /// Every datagram sent, in order.
  public private(set) var requests: [[UInt8]] = []
  /// When set, `send` fails with this errno and queues nothing.
  public var sendFailure: Int32?
  var queue: [Delivery]
  var next = 0
  let respond: ([UInt8]) -> [Delivery]

  /// `queued`: what is waiting before anything is sent (notifications);
  /// `respond`: the answer to each request, appended to the queue.
  public init(
    portID: UInt32 = 0x5eed, queued: [Delivery] = [], respond: @escaping ([UInt8]) -> [Delivery] = { _ in [] }
  ) {
    self.portID = portID
    self.queue = queued
    self.respond = respond
  }

  public func send(_ bytes: [UInt8]) throws(KernelError) {
    if let sendFailure { throw KernelError("sendto(NETLINK_SOCK_DIAG)", errno: sendFailure) }
    requests.append(bytes)
    queue += respond(bytes)
  }

  public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(KernelError) -> Int? {
    while next < queue.count {
      let delivery = queue[next]
      next += 1
      switch delivery {
      case .failure(errno: ENOBUFS):
        overruns += 1
      case .failure(let code):
        throw KernelError("recvmsg(NETLINK_SOCK_DIAG)", errno: code)
      case .datagram(let bytes):
        // A datagram larger than the buffer: libmnl's receive reports ENOSPC.
        guard bytes.count <= buffer.count else { throw KernelError("recvmsg(NETLINK_SOCK_DIAG)", errno: ENOSPC) }
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return bytes.count
      }
    }
    return nil
  }

  /// The headers of the requests in one sent datagram (a lookup batch
  /// holds many): what a `respond` closure answers.
  public static func headers(of request: [UInt8]) -> [NetlinkHeader] {
    request.withUnsafeBytes { bytes in
      var headers: [NetlinkHeader] = []
      var framer = NetlinkFramer(bytes)
      while let reply = framer.next() {
        if case .message(let message) = reply { headers.append(message.header) }
      }
      return headers
    }
  }
}
