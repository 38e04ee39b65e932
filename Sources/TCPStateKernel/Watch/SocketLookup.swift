import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// Looks sockets up by their exact 4-tuple: a hash lookup in the kernel, not
/// a walk of every socket. `watch` uses it to tell the active closer's
/// hand-over to a time-wait socket from a real close. Lookups are batched:
/// one sendmsg carries every request of a poll cycle, and the kernel has
/// queued all replies by the time it returns.
public final class SocketLookup {
  let socket: NetlinkSocket
  var sequence: UInt32 = 1
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 8)

  public init() throws(KernelError) {
    socket = try NetlinkSocket()
    socket.setReceiveBuffer(bytes: 4 * 1024 * 1024)
  }

  deinit { buffer.deallocate() }

  /// The socket with these endpoints, or nil when there is none.
  public func find(family: AddressFamily, local: Endpoint, peer: Endpoint) -> Socket? {
    findAll([ConnectionKey(family: family, local: local, peer: peer)])[
      ConnectionKey(family: family, local: local, peer: peer)]
  }

  /// The sockets found for these 4-tuples (absent keys: no such socket).
  /// `extensions`: what to ask for besides the socket (`.info` for tcp_info).
  public func findAll(_ keys: [ConnectionKey], extensions: InetDiagRequest.Extensions = []) -> [ConnectionKey: Socket] {
    guard !keys.isEmpty else { return [:] }
    var found: [ConnectionKey: Socket] = [:]
    // Keep each batch well inside the socket buffers.
    for start in stride(from: 0, to: keys.count, by: 512) {
      let batch = Array(keys[start..<min(keys.count, start + 512)])
      var bySequence: [UInt32: ConnectionKey] = [:]
      var request: [UInt8] = []
      for key in batch {
        sequence &+= 1
        bySequence[sequence] = key
        request += InetDiagRequest.lookup(family: key.family, local: key.local, peer: key.peer, extensions: extensions)
          .encode(
            sequence: sequence)
      }
      do {
        try socket.send(request)
      } catch {
        continue
      }
      var pending = bySequence.count
      while pending > 0 {
        let count = recv(socket.fileDescriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        var messages = NetlinkMessages(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        while let message = messages.next() {
          guard let key = bySequence.removeValue(forKey: message.header.sequence) else { continue }
          pending -= 1
          if message.header.type == NetlinkHeader.typeSockDiagByFamily,
            let socket = InetDiagMessage.decode(message.bytes).0
          {
            found[key] = socket
          }
        }
      }
    }
    return found
  }
}
