import CMnl
import Glibc
import TCPStateModel
import TCPStateWire

/// Feeds receive buffers through libmnl's `mnl_cb_run2`, which frames the
/// messages and checks sequence, port and NLM_F_DUMP_INTR, and decodes each
/// message in Swift as libmnl hands it over: inet_diag messages become
/// sockets, NLMSG_ERROR (with its extended-ack text) and NLMSG_DONE end the
/// dump. That is the only walk over the bytes; the live dump, the recorder,
/// the replay, the fixture tests and the fuzzer all go through it.
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
  let onSocket: (Socket) -> Bool
  let onProblem: (DumpProblem) -> Void
  @exclusivity(unchecked) var chunk = 0
  @exclusivity(unchecked) var chunkStart: UnsafeRawPointer?
  @exclusivity(unchecked) var chunkCount = 0
  // The state below is touched per message from libmnl's callback, never by
  // overlapping accesses: unchecked, to spare a dynamic exclusivity check each.
  /// Where the last message libmnl handed over ends (aligned), in this chunk.
  @exclusivity(unchecked) var consumedEnd = 0
  @exclusivity(unchecked) var stopRequested = false
  /// libmnl let through a message longer than the chunk (see `take`); the walk stopped there.
  @exclusivity(unchecked) var overlong = false
  /// An NLMSG_ERROR (or a negative NLMSG_DONE status) met in this chunk.
  var failure: KernelError?
  /// Sockets decoded so far.
  @exclusivity(unchecked) public private(set) var socketCount = 0

  /// `onSocket` returns false to stop the dump early. With `decode` false the
  /// messages are framed and checked but not decoded (recording a dump).
  public init(
    decode: Bool = true, onSocket: @escaping (Socket) -> Bool, onProblem: @escaping (DumpProblem) -> Void
  ) {
    self.decode = decode
    self.onSocket = onSocket
    self.onProblem = onProblem
  }

  /// Processes one receive buffer. `sequence`/`portID` 0 disable libmnl's
  /// checks (fixtures, replays). Throws the kernel's NLMSG_ERROR with its
  /// extended-ack text, or libmnl's own framing errors (ESRCH, EPROTO).
  public func process(_ buffer: UnsafeRawBufferPointer, sequence: UInt32 = 0, portID: UInt32 = 0) throws(KernelError)
    -> Outcome
  {
    defer { chunk += 1 }
    guard let base = buffer.baseAddress, buffer.count > 0 else { return .more }
    chunkStart = base
    chunkCount = buffer.count
    consumedEnd = 0
    failure = nil
    overlong = false
    let context = Unmanaged.passUnretained(self).toOpaque()
    let result = controlCallbacks.withUnsafeBufferPointer { callbacks in
      mnl_cb_run2(
        base, buffer.count, sequence, portID, dumpMessageCallback, context,
        UnsafeMutablePointer(mutating: callbacks.baseAddress), UInt32(callbacks.count))
    }
    if result < 0 {
      if let failure { throw failure }
      let code = errno
      if code == EINTR {
        // NLM_F_DUMP_INTR: the socket table changed under the dump.
        onProblem(
          DumpProblem(
            chunk: chunk,
            error: DecodeError(offset: consumedEnd, "dump interrupted (NLM_F_DUMP_INTR): results may be incomplete")))
        return .done
      }
      throw KernelError("sock_diag dump", errno: code)
    }
    if stopRequested { return .stopped }
    if result == MNL_CB_STOP && !overlong { return .done }
    if consumedEnd < buffer.count {
      // libmnl silently ignores a trailing message that does not fit (and
      // `take` stops at one it should have); say so.
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

  /// The message libmnl hands over, as bytes, its offset in the chunk noted;
  /// nil for one that does not fit the chunk.
  ///
  /// libmnl 1.0.4's `mnl_nlmsg_ok` compares `(int)nlmsg_len` with what is
  /// left, so a length of 2^31 or more passes as negative and the next step
  /// runs off the buffer (found by the inet_diag fuzz target). Every message
  /// reaches one of our callbacks before libmnl steps past it, so checking
  /// here closes that hole without a second walk.
  func take(_ message: UnsafeRawPointer) -> (bytes: UnsafeRawBufferPointer, offset: Int)? {
    let length = Int(message.loadUnaligned(as: UInt32.self))
    let offset = chunkStart.map { message - $0 } ?? 0
    guard length >= NetlinkHeader.size, length <= chunkCount - offset else {
      overlong = true
      return nil
    }
    consumedEnd = offset + NetlinkHeader.aligned(length)
    return (UnsafeRawBufferPointer(start: message, count: length), offset)
  }

  func handle(message: UnsafeRawPointer) -> Int32 {
    guard let (bytes, offset) = take(message) else { return MNL_CB_STOP }
    guard decode else { return MNL_CB_OK }
    let (socket, problem) = InetDiagMessage.decode(bytes)
    if let problem { onProblem(DumpProblem(chunk: chunk, error: problem.shifted(by: offset))) }
    guard let socket else { return MNL_CB_OK }
    socketCount += 1
    if onSocket(socket) { return MNL_CB_OK }
    stopRequested = true
    return MNL_CB_STOP
  }

  /// NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN and the reserved types below 16.
  func handle(control message: UnsafeRawPointer) -> Int32 {
    guard let (bytes, offset) = take(message) else { return MNL_CB_STOP }
    switch message.loadUnaligned(fromByteOffset: 4, as: UInt16.self) {
    case NetlinkHeader.typeError:
      do {
        let error = try NetlinkErrorMessage.decode(bytes)
        // errno 0 is an acknowledgement: the request is done.
        if error.errno == 0 { return MNL_CB_STOP }
        return fail(KernelError("sock_diag dump", errno: error.errno, detail: error.message))
      } catch {
        return fail(KernelError("sock_diag dump", errno: EBADMSG, detail: "\(error.shifted(by: offset))"))
      }
    case NetlinkHeader.typeDone:
      // The dump's final status: negative when the kernel gave up part way.
      if bytes.count >= NetlinkHeader.size + 4 {
        let status = bytes.loadUnaligned(fromByteOffset: NetlinkHeader.size, as: Int32.self)
        if status < 0 { return fail(KernelError("sock_diag dump", errno: Int32(clamping: -Int64(status)))) }
      }
      return MNL_CB_STOP
    default:
      return MNL_CB_OK
    }
  }

  func fail(_ error: KernelError) -> Int32 {
    failure = error
    Glibc.errno = error.errno
    return MNL_CB_ERROR
  }
}

/// C callback for `mnl_cb_run2`: it cannot capture, so the processor travels in `data`.
private func dumpMessageCallback(_ header: UnsafePointer<nlmsghdr>?, _ data: UnsafeMutableRawPointer?) -> Int32 {
  guard let header, let data else { return MNL_CB_ERROR }
  let processor = Unmanaged<DumpBufferProcessor>.fromOpaque(data).takeUnretainedValue()
  return processor.handle(message: UnsafeRawPointer(header))
}

private func controlMessageCallback(_ header: UnsafePointer<nlmsghdr>?, _ data: UnsafeMutableRawPointer?) -> Int32 {
  guard let header, let data else { return MNL_CB_ERROR }
  let processor = Unmanaged<DumpBufferProcessor>.fromOpaque(data).takeUnretainedValue()
  return processor.handle(control: UnsafeRawPointer(header))
}

/// One entry per control type (below NLMSG_MIN_TYPE), so every message
/// libmnl walks past reaches the processor and its end is accounted for.
private let controlCallbacks: [mnl_cb_t?] = Array(repeating: controlMessageCallback, count: Int(NLMSG_MIN_TYPE))
