import Glibc
import TCPStateModel
import TCPStateWire

/// Turns the receive buffers of a sock_diag dump into sockets: framed and
/// checked by `NetlinkFramer`, each inet_diag message decoded as it is met,
/// NLMSG_ERROR (with its extended-ack text) and NLMSG_DONE ending the dump.
/// Live dumps, the destroy notifications, the recorder, the replay, the
/// fixture tests and the fuzzer all go through it.
public final class DumpBufferProcessor {
  public enum Outcome: Equatable {
    /// More messages are coming.
    case more
    /// NLMSG_DONE (or an acknowledgement) arrived.
    case done
    /// The consumer asked to stop.
    case stopped
  }

  let decode: Bool
  let filter: SocketFilter?
  let onSocket: (Socket) -> Bool
  let onProblem: (DumpProblem) -> Void
  var chunk = 0
  /// The consumer returned false: the dump is over for every family.
  public private(set) var stopRequested = false
  /// Sockets decoded so far (those the filter refused included).
  public private(set) var socketCount = 0

  /// `onSocket` returns false to stop the dump early. With `decode` false the
  /// messages are framed and checked but not decoded (recording a dump).
  /// `filter`, when given, is applied in user space before `onSocket`: the
  /// kernel has filtered already, and this keeps the result right where it
  /// could not (an older kernel's bytecode, a replay).
  public init(
    decode: Bool = true, filter: SocketFilter? = nil, onSocket: @escaping (Socket) -> Bool,
    onProblem: @escaping (DumpProblem) -> Void
  ) {
    self.decode = decode
    self.filter = filter
    self.onSocket = onSocket
    self.onProblem = onProblem
  }

  /// Processes one receive buffer. `sequence`/`portID` 0 disable the
  /// checks (fixtures, replays, notifications). Throws the kernel's
  /// NLMSG_ERROR with its extended-ack text, a negative NLMSG_DONE status,
  /// or a message for another socket or request (ESRCH, EPROTO).
  public func process(_ buffer: UnsafeRawBufferPointer, sequence: UInt32 = 0, portID: UInt32 = 0) throws(KernelError)
    -> Outcome
  {
    defer { chunk += 1 }
    var framer = NetlinkFramer(buffer, expecting: .init(portID: portID, sequence: sequence))
    while let reply = framer.next() {
      switch reply {
      case .message(let message):
        guard decode else { continue }
        let (socket, problem) = InetDiagMessage.decode(message.bytes)
        if let problem { onProblem(DumpProblem(chunk: chunk, error: problem.shifted(by: message.offset))) }
        guard let socket else { continue }
        socketCount += 1
        if let filter, !filter.matches(socket) { continue }
        if !onSocket(socket) {
          stopRequested = true
          return .stopped
        }
      case .acknowledged:
        return .done
      case .done(_, let status):
        // The dump's final status: negative when the kernel gave up part way.
        if status < 0 { throw KernelError("sock_diag dump", errno: Int32(clamping: -Int64(status))) }
        return .done
      case .failed(_, let answer):
        throw KernelError("sock_diag dump", errno: answer.errno, detail: answer.message)
      case .malformedError(_, let error):
        throw KernelError("sock_diag dump", errno: EBADMSG, detail: "\(error)")
      case .interrupted(let message):
        // As libmnl did: what arrived so far is kept, the dump ends here.
        onProblem(
          DumpProblem(
            chunk: chunk,
            error: DecodeError(
              offset: message.offset, "dump interrupted (NLM_F_DUMP_INTR): results may be incomplete")))
        return .done
      case .stray(_, let errno):
        throw KernelError("sock_diag dump", errno: errno)
      }
    }
    if let error = framer.error { onProblem(DumpProblem(chunk: chunk, error: error)) }
    return .more
  }
}
