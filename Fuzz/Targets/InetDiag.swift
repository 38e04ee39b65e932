import TCPStateModel

@testable import TCPStateWire

/// A sock_diag dump as recvmsg returns it: netlink messages back to back,
/// inet_diag_msg bodies and their attributes, NLMSG_ERROR with extended ack.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInetDiag(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let buffer = UnsafeRawBufferPointer(start: data, count: size)
  var sockets: [Socket] = []
  var messages = NetlinkMessages(buffer)
  while let message = messages.next() {
    switch message.header.type {
    case NetlinkHeader.typeError: _ = try? NetlinkErrorMessage.decode(message.bytes)
    default:
      let (socket, _) = InetDiagMessage.decode(message.bytes)
      if let socket { sockets.append(socket) }
    }
  }
  // The whole input as one message too: length fields that lie about the buffer.
  if let socket = InetDiagMessage.decode(buffer).0 { sockets.append(socket) }
  _ = try? NetlinkErrorMessage.decode(buffer)
  FuzzInput.render(sockets)
  return 0
}
