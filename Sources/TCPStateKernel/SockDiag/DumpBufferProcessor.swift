import CMnl
import Glibc
import TCPStateModel
import TCPStateWire

/// Feeds receive buffers through libmnl's `mnl_cb_run` (which checks
/// sequence and port, and handles NLMSG_DONE and NLMSG_ERROR) and decodes
/// each inet_diag message in Swift. The live dump and the fixture tests go
/// through this same path: the seam is at the bytes.
public final class DumpBufferProcessor {
  public enum Outcome: Equatable {
    /// More messages are coming.
    case more
    /// NLMSG_DONE arrived.
    case done
    /// The consumer asked to stop.
    case stopped
  }

  let onSocket: (Socket) -> Bool
  let onProblem: (DumpProblem) -> Void
  var chunk = 0
  var chunkStart: UnsafeRawPointer?
  var consumedEnd = 0
  var stopRequested = false
  /// Sockets decoded so far.
  public private(set) var socketCount = 0

  /// `onSocket` returns false to stop the dump early.
  public init(onSocket: @escaping (Socket) -> Bool, onProblem: @escaping (DumpProblem) -> Void) {
    self.onSocket = onSocket
    self.onProblem = onProblem
  }

  /// Processes one receive buffer. `sequence`/`portID` 0 disable libmnl's checks (fixtures).
  public func process(_ buffer: UnsafeRawBufferPointer, sequence: UInt32 = 0, portID: UInt32 = 0) throws(KernelError)
    -> Outcome
  {
    defer { chunk += 1 }
    guard let base = buffer.baseAddress, buffer.count > 0 else { return .more }
    chunkStart = base
    consumedEnd = 0
    let context = Unmanaged.passUnretained(self).toOpaque()
    let result = mnl_cb_run(base, buffer.count, sequence, portID, dumpMessageCallback, context)
    if result < 0 {
      let code = errno
      if code == EINTR {
        // NLM_F_DUMP_INTR: the socket table changed under the dump.
        onProblem(
          DumpProblem(
            chunk: chunk,
            error: DecodeError(offset: consumedEnd, "dump interrupted (NLM_F_DUMP_INTR): results may be incomplete")))
        return .done
      }
      if stopRequested { return .stopped }
      throw KernelError("sock_diag dump", errno: code, detail: errorText(in: buffer))
    }
    if stopRequested { return .stopped }
    if result == MNL_CB_STOP { return .done }
    if consumedEnd < buffer.count {
      // libmnl silently ignores a trailing message that does not fit; say so.
      let rest = UnsafeRawBufferPointer(rebasing: buffer[consumedEnd...])
      let reason: DecodeError
      do {
        _ = try NetlinkHeader.decode(rest)
        reason = DecodeError(offset: 0, "trailing bytes after the last message")
      } catch {
        reason = error
      }
      onProblem(DumpProblem(chunk: chunk, error: reason.shifted(by: consumedEnd)))
    }
    return .more
  }

  /// The extended-ack text of an NLMSG_ERROR in the buffer, if any.
  func errorText(in buffer: UnsafeRawBufferPointer) -> String? {
    var offset = 0
    while offset < buffer.count {
      let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
      guard let header = try? NetlinkHeader.decode(rest) else { return nil }
      if header.type == NetlinkHeader.typeError {
        return try? NetlinkErrorMessage.decode(UnsafeRawBufferPointer(rebasing: rest[..<Int(header.length)])).message
      }
      offset += NetlinkHeader.aligned(Int(header.length))
    }
    return nil
  }

  func handle(message: UnsafeRawPointer) -> Int32 {
    let length = Int(message.loadUnaligned(as: UInt32.self))
    let offset = chunkStart.map { message - $0 } ?? 0
    consumedEnd = offset + NetlinkHeader.aligned(length)
    let (socket, problem) = InetDiagMessage.decode(UnsafeRawBufferPointer(start: message, count: length))
    if let problem { onProblem(DumpProblem(chunk: chunk, error: problem.shifted(by: offset))) }
    guard let socket else { return MNL_CB_OK }
    socketCount += 1
    if onSocket(socket) { return MNL_CB_OK }
    stopRequested = true
    return MNL_CB_STOP
  }
}

/// C callback for `mnl_cb_run`: it cannot capture, so the processor travels in `data`.
private func dumpMessageCallback(_ header: UnsafePointer<nlmsghdr>?, _ data: UnsafeMutableRawPointer?) -> Int32 {
  guard let header, let data else { return MNL_CB_ERROR }
  let processor = Unmanaged<DumpBufferProcessor>.fromOpaque(data).takeUnretainedValue()
  return processor.handle(message: UnsafeRawPointer(header))
}
