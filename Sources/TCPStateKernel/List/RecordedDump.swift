import Glibc
import TCPStateModel
import TCPStateWire

/// A dump kept as the raw bytes the kernel sent, decoded later through the
/// same path as a live dump (`DumpBufferProcessor`).
///
/// `list --process` cannot print a row before the /proc scan is done.
/// Recording the dump (about 110 bytes per socket) while the scan runs on the
/// other threads lets the two kernel-heavy jobs share the cores instead of
/// taking turns.
public struct RecordedDump {
  var chunks: [[UInt8]] = []

  /// Records a whole dump of the families `filter` wants, without decoding it.
  public static func record(
    filter: SocketFilter, extensions: InetDiagRequest.Extensions, dumper: SockDiagDumper = SockDiagDumper()
  ) throws(KernelError) -> RecordedDump {
    var recorded = RecordedDump()
    let tap = { (chunk: UnsafeRawBufferPointer) in recorded.chunks.append(Array(chunk)) }
    try dumper.dump(filter: filter, extensions: extensions, decode: false, tap: tap) { _ in true }
    return recorded
  }

  /// Decodes the recorded chunks; `onSocket` returns false to stop. Returns the sockets decoded.
  @discardableResult
  public func replay(
    filter: SocketFilter, onProblem: @escaping (DumpProblem) -> Void, onSocket: @escaping (Socket) -> Bool
  ) throws -> Int {
    let processor = DumpBufferProcessor(filter: filter, onSocket: onSocket, onProblem: onProblem)
    // Each family's dump ends with NLMSG_DONE; the next family's chunks follow.
    for chunk in chunks where !processor.stopRequested {
      _ = try chunk.withUnsafeBytes { try processor.process($0) }
    }
    return processor.socketCount
  }
}
