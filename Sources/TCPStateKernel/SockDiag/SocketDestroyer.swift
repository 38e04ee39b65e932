import Glibc
import TCPStateModel
import TCPStateWire

/// Closes sockets through sock_diag's SOCK_DESTROY, as `ss -K` does: one
/// acknowledged request per socket naming its 4-tuple, interface and cookie,
/// so the kernel aborts that very socket (`tcp_abort`: the peer gets a RST,
/// the owner ECONNABORTED) or says why not. Needs CAP_NET_ADMIN in the
/// socket's network namespace and a kernel built with CONFIG_INET_DIAG_DESTROY.
public final class SocketDestroyer {
  let transport: any NetlinkTransport
  var sequence: UInt32 = 1
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)

  public init() throws(KernelError) {
    let socket = try NetlinkSocket()
    socket.enableExtendedAcks()
    transport = socket
  }

  /// Destroys through `transport` (a `ReplayTransport` in tests).
  public init(transport: any NetlinkTransport) {
    self.transport = transport
  }

  deinit { buffer.deallocate() }

  /// Destroys one socket and returns the kernel's answer: 0 when it was
  /// destroyed, else the errno (ENOENT: gone already; ESTALE: the cookie no
  /// longer matches, another socket holds the 4-tuple now; EPERM: no
  /// CAP_NET_ADMIN; EOPNOTSUPP: no CONFIG_INET_DIAG_DESTROY) with the
  /// kernel's extended-ack text when there is one.
  public func destroy(_ target: Socket) -> (errno: Int32, detail: String?) {
    sequence &+= 1
    let request = InetDiagRequest.destroy(target).encode(sequence: sequence)
    do {
      try transport.send(request)
    } catch {
      return (error.errno, nil)
    }
    // The request asks for an acknowledgement (NLM_F_ACK): the answer is
    // one NLMSG_ERROR with this sequence, errno 0 for done.
    let expectation = NetlinkFramer.Expectation(portID: transport.portID, sequence: sequence)
    while true {
      let received: Int?
      do {
        received = try transport.receive(into: buffer)
      } catch {
        return (error.errno, nil)
      }
      guard let count = received, count > 0 else { return (EIO, "no reply to SOCK_DESTROY") }
      var framer = NetlinkFramer(UnsafeRawBufferPointer(rebasing: buffer[..<count]), expecting: expectation)
      while let reply = framer.next() {
        switch reply {
        case .acknowledged: return (0, nil)
        case .failed(_, let answer): return (answer.errno, answer.message)
        case .malformedError: return (EIO, "malformed NLMSG_ERROR")
        // Replies to earlier requests cannot be pending (each is awaited), but skip strays.
        case .message, .done, .interrupted, .stray: continue
        }
      }
      if framer.error != nil { return (EIO, "malformed reply to SOCK_DESTROY") }
    }
  }
}
