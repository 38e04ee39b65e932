import Glibc
import TCPStateModel
import TCPStateWire

/// Looks up one socket by its exact 4-tuple: a hash lookup in the kernel,
/// not a walk of every socket. `watch` uses it to tell the active closer's
/// hand-over to a time-wait socket from a real close.
public final class SocketLookup {
  let socket: NetlinkSocket
  var sequence: UInt32 = 1
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)

  public init() throws(KernelError) {
    socket = try NetlinkSocket()
  }

  deinit { buffer.deallocate() }

  /// The socket with these endpoints, or nil (ENOENT) when there is none.
  public func find(family: AddressFamily, local: Endpoint, peer: Endpoint) -> Socket? {
    sequence &+= 1
    let request = InetDiagRequest.lookup(family: family, local: local, peer: peer)
    do {
      try socket.send(request.encode(sequence: sequence))
      let count = try socket.receive(into: buffer)
      var messages = NetlinkMessages(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
      while let message = messages.next() {
        guard message.header.type == NetlinkHeader.typeSockDiagByFamily else { continue }
        return InetDiagMessage.decode(message.bytes).0
      }
    } catch {
      return nil
    }
    return nil
  }
}
