import Glibc
import TCPStateModel
import TCPStateWire

/// Closes sockets through sock_diag's SOCK_DESTROY, as `ss -K` does: one
/// acknowledged request per socket naming its 4-tuple, interface and cookie,
/// so the kernel aborts that very socket (`tcp_abort`: the peer gets a RST,
/// the owner ECONNABORTED) or says why not. Needs CAP_NET_ADMIN in the
/// socket's network namespace and a kernel built with CONFIG_INET_DIAG_DESTROY.
public final class SocketDestroyer {
  let socket: NetlinkSocket
  var sequence: UInt32 = 1
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)

  public init() throws(KernelError) {
    socket = try NetlinkSocket()
    socket.enableExtendedAcks()
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
      try socket.send(request)
    } catch {
      return (error.errno, nil)
    }
    while true {
      let count: Int
      do {
        count = try socket.receive(into: buffer)
      } catch {
        return (error.errno, nil)
      }
      guard count > 0 else { return (EIO, "no reply to SOCK_DESTROY") }
      var messages = NetlinkMessages(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
      while let message = messages.next() {
        // Replies to earlier requests cannot be pending (each is awaited), but skip strays.
        guard message.header.sequence == sequence, message.header.type == NetlinkHeader.typeError else { continue }
        guard let answer = try? NetlinkErrorMessage.decode(message.bytes) else {
          return (EIO, "malformed NLMSG_ERROR")
        }
        return (answer.errno, answer.message)
      }
      if messages.error != nil { return (EIO, "malformed reply to SOCK_DESTROY") }
    }
  }
}
