import TCPStateKernel
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// A sock_diag receive buffer, through the code a live dump runs:
/// `DumpBufferProcessor` (`NetlinkFramer`'s framing and checks, then the
/// decoding of inet_diag messages, NLMSG_ERROR with extended ack,
/// NLMSG_DONE, NLM_F_DUMP_INTR and trailing bytes), with the sequence and
/// port checks off as for a replay. The same bytes then answer a lookup
/// batch, a SOCK_DESTROY and the destroy monitor through a `ReplayTransport`
/// (the framer with its checks on). Then everything `list` and `doctor` render.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInetDiag(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let buffer = UnsafeRawBufferPointer(start: data, count: size)
  var sockets: [Socket] = []
  var problems: [String] = []
  let processor = DumpBufferProcessor(
    onSocket: { socket in
      sockets.append(socket)
      return true
    }, onProblem: { problems.append($0.description) })
  do {
    _ = try processor.process(buffer)
  } catch {
    // What the CLI words for the user starts from this text.
    _ = error.description
  }
  // The recorder's walk: framed and checked, nothing decoded.
  let recorder = DumpBufferProcessor(decode: false, onSocket: { _ in true }, onProblem: { _ in })
  _ = try? recorder.process(buffer)
  replayConversations(Array(buffer))
  FuzzInput.render(sockets)
  return 0
}

/// The input as the kernel's answer to each conversation over the transport.
func replayConversations(_ bytes: [UInt8]) {
  let key = ConnectionKey(
    family: .inet, local: Endpoint(address: .anyV4, port: 1), peer: Endpoint(address: .anyV4, port: 2))
  // Port 0 and whatever sequences the input carries: the checks meet every value.
  let lookup = SocketLookup(transport: ReplayTransport(portID: 0) { _ in [.datagram(bytes)] })
  _ = lookup.lookUp([key, key], extensions: [.info])
  let checked = SocketLookup(transport: ReplayTransport(portID: 0x5eed) { _ in [.datagram(bytes)] })
  _ = checked.lookUp([key])
  let destroyer = SocketDestroyer(transport: ReplayTransport(portID: 0) { _ in [.datagram(bytes)] })
  if let socket = bytes.withUnsafeBytes({ InetDiagMessage.decode($0).0 }) { _ = destroyer.destroy(socket) }
  let monitor = DestroyMonitor(transport: ReplayTransport(queued: [.datagram(bytes)]))
  monitor.drain { _ in }
}
