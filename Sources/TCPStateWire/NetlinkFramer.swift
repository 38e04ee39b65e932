/// The one netlink framer: splits a receive buffer into its messages
/// (`struct nlmsghdr` lengths, 4-byte alignment) and says what each one means
/// to the request waiting for it. Every sock_diag conversation (dumps,
/// lookups, SOCK_DESTROY, destroy notifications, the recorder, the replay and
/// the fuzzer) reads its replies through it, so the checks below are written
/// once:
/// - the port id and sequence number, as libmnl's `mnl_cb_run2` checks them
///   (a zero on either side is not checked: multicast notifications carry
///   none); a message for someone else is a `.stray`, with libmnl's errno;
/// - `NLM_F_DUMP_INTR` (the table changed under the dump);
/// - `NLMSG_ERROR` (an acknowledgement when its errno is 0, else the
///   kernel's errno and extended-ack text) and `NLMSG_DONE` with its status.
///
/// A header that does not fit stops the walk and is kept in `error` with its
/// offset, so what came before is still usable.
public struct NetlinkFramer: Sequence, IteratorProtocol {
  public struct Message {
    public var header: NetlinkHeader
    /// The whole message, header included.
    public var bytes: UnsafeRawBufferPointer
    /// Where the message starts in the buffer.
    public var offset: Int
  }

  /// Who the replies must be for. Mirrors libmnl's `mnl_nlmsg_portid_ok`
  /// and `mnl_nlmsg_seq_ok`, widened to a run of sequence numbers so one
  /// batch of lookups is checked as one conversation.
  public struct Expectation: Sendable {
    /// Our socket's port id; 0 checks nothing.
    public var portID: UInt32
    /// The first sequence number of the requests waiting, and how many
    /// follow it (wrapping); a count of 0 checks nothing.
    public var firstSequence: UInt32
    public var sequenceCount: UInt32

    public init(portID: UInt32, firstSequence: UInt32, sequenceCount: UInt32) {
      self.portID = portID
      self.firstSequence = firstSequence
      self.sequenceCount = sequenceCount
    }

    /// One request: sequence 0 checks nothing, as in libmnl.
    public init(portID: UInt32, sequence: UInt32) {
      self.init(portID: portID, firstSequence: sequence, sequenceCount: sequence == 0 ? 0 : 1)
    }

    /// Fixtures, replays and multicast notifications.
    public static let unchecked = Expectation(portID: 0, firstSequence: 0, sequenceCount: 0)

    /// nil when the message is ours, else the errno libmnl gives the mismatch.
    @inline(__always)
    func mismatch(_ header: NetlinkHeader) -> Int32? {
      if portID != 0 && header.portID != 0 && header.portID != portID { return Self.wrongPort }
      if sequenceCount != 0 && header.sequence != 0 && header.sequence &- firstSequence >= sequenceCount {
        return Self.wrongSequence
      }
      return nil
    }

    /// libmnl's errnos for the two mismatches (ESRCH, EPROTO), kept so
    /// errors read as they did when libmnl framed dumps.
    public static let wrongPort: Int32 = 3
    public static let wrongSequence: Int32 = 71
  }

  /// What one message is to the conversation.
  public enum Reply {
    /// A message of the protocol itself (type 16 and up): inet_diag for sock_diag.
    case message(Message)
    /// NLMSG_ERROR with errno 0: the request is done.
    case acknowledged(Message)
    /// NLMSG_ERROR with an errno: the kernel refused, with its extended-ack text.
    case failed(Message, NetlinkErrorMessage)
    /// NLMSG_ERROR too short to read; the error's offset is in the buffer.
    case malformedError(Message, DecodeError)
    /// NLMSG_DONE and the dump's final status (negative: it gave up part way).
    case done(Message, status: Int32)
    /// NLM_F_DUMP_INTR on this message: the dump may be inconsistent.
    case interrupted(Message)
    /// For another socket or request; `errno` as libmnl would report it.
    case stray(Message, errno: Int32)
  }

  let buffer: UnsafeRawBufferPointer
  let expectation: Expectation
  var offset = 0
  /// Where the walk stopped on a header that does not fit, if it did.
  public private(set) var error: DecodeError?

  public init(_ buffer: UnsafeRawBufferPointer, expecting expectation: Expectation = .unchecked) {
    self.buffer = buffer
    self.expectation = expectation
  }

  /// Where the next message would start: the end of what has been framed.
  public var consumed: Int { offset }

  public mutating func next() -> Reply? {
    while error == nil && offset < buffer.count, let base = buffer.baseAddress {
      // The hot path of every dump (one message per socket): the header read
      // in place, no slices. A header that does not fit goes through
      // `NetlinkHeader.decode` for its error text.
      let remaining = buffer.count - offset
      let start = base + offset
      let length = remaining >= NetlinkHeader.size ? Int(start.loadUnaligned(as: UInt32.self)) : 0
      guard length >= NetlinkHeader.size, length <= remaining else {
        do {
          _ = try NetlinkHeader.decode(UnsafeRawBufferPointer(start: start, count: remaining))
          self.error = DecodeError(offset: offset, "netlink header does not fit")
        } catch {
          self.error = error.shifted(by: offset)
        }
        return nil
      }
      let header = NetlinkHeader(
        length: UInt32(length), type: start.loadUnaligned(fromByteOffset: 4, as: UInt16.self),
        flags: start.loadUnaligned(fromByteOffset: 6, as: UInt16.self),
        sequence: start.loadUnaligned(fromByteOffset: 8, as: UInt32.self),
        portID: start.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
      let message = Message(header: header, bytes: UnsafeRawBufferPointer(start: start, count: length), offset: offset)
      offset += Swift.min(NetlinkHeader.aligned(length), remaining)
      if let errno = expectation.mismatch(header) { return .stray(message, errno: errno) }
      if header.flags & NetlinkHeader.flagDumpInterrupted != 0 { return .interrupted(message) }
      switch header.type {
      case NetlinkHeader.typeError:
        do {
          let answer = try NetlinkErrorMessage.decode(message.bytes)
          return answer.errno == 0 ? .acknowledged(message) : .failed(message, answer)
        } catch {
          return .malformedError(message, error.shifted(by: message.offset))
        }
      case NetlinkHeader.typeDone:
        var status: Int32 = 0
        if message.bytes.count >= NetlinkHeader.size + 4 {
          status = message.bytes.loadUnaligned(fromByteOffset: NetlinkHeader.size, as: Int32.self)
        }
        return .done(message, status: status)
      case ..<NetlinkHeader.firstProtocolType:
        // NLMSG_NOOP, NLMSG_OVERRUN and the reserved control types: nothing to act on.
        continue
      default:
        return .message(message)
      }
    }
    return nil
  }
}
