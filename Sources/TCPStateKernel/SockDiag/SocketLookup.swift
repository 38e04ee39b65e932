import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// Looks sockets up by their exact 4-tuple: a hash lookup in the kernel, not
/// a walk of every socket. `watch` uses it to tell the active closer's
/// hand-over to a time-wait socket from a real close, and for the final
/// tcp_info. Lookups are batched: one sendmsg carries every request of a
/// poll cycle, and the kernel has queued all replies by the time it returns,
/// so they are read without blocking.
public final class SocketLookup {
  /// What a batch of lookups found, and what it could not tell.
  public struct Result {
    /// The sockets found.
    public var found: [ConnectionKey: Socket] = [:]
    /// Keys the kernel said have no socket (ENOENT), or nothing came back for.
    public var absent: Set<ConnectionKey> = []
    /// Keys whose answer was lost or refused: neither found nor known absent.
    public var unanswered: Set<ConnectionKey> = []
  }

  /// Requests per sendmsg: each reply with tcp_info is about 400 bytes, so a
  /// batch stays well inside the socket's buffers.
  static let batchSize = 512

  let transport: any NetlinkTransport
  var sequence: UInt32 = 1
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 8)
  /// Replies that did not decode cleanly, and the last error a send or
  /// receive met: counted, not thrown, since a lookup serves a live stream.
  public private(set) var problems: [DumpProblem] = []
  public private(set) var lastError: KernelError?

  public init() throws(KernelError) {
    let socket = try NetlinkSocket(nonBlocking: true)
    socket.setReceiveBuffer(bytes: 4 * 1024 * 1024)
    transport = socket
  }

  /// Looks up through `transport` (a `ReplayTransport` in tests).
  public init(transport: any NetlinkTransport) {
    self.transport = transport
  }

  deinit { buffer.deallocate() }

  /// Replies the kernel dropped for want of buffer space.
  public var overruns: Int { transport.overruns }

  /// The socket with these endpoints, or nil when there is none.
  public func find(family: AddressFamily, local: Endpoint, peer: Endpoint) -> Socket? {
    let key = ConnectionKey(family: family, local: local, peer: peer)
    return findAll([key])[key]
  }

  /// The sockets found for these 4-tuples (absent keys: no such socket, or no answer).
  /// `extensions`: what to ask for besides the socket (`.info` for tcp_info).
  public func findAll(_ keys: [ConnectionKey], extensions: InetDiagRequest.Extensions = []) -> [ConnectionKey: Socket] {
    lookUp(keys, extensions: extensions).found
  }

  /// Looks every key up and says, for each, found, absent or unanswered.
  public func lookUp(_ keys: [ConnectionKey], extensions: InetDiagRequest.Extensions = []) -> Result {
    var result = Result()
    for start in stride(from: 0, to: keys.count, by: Self.batchSize) {
      lookUp(batch: keys[start..<min(keys.count, start + Self.batchSize)], extensions: extensions, into: &result)
    }
    return result
  }

  func lookUp(batch: ArraySlice<ConnectionKey>, extensions: InetDiagRequest.Extensions, into result: inout Result) {
    let first = sequence &+ 1
    var pending: [UInt32: ConnectionKey] = [:]
    var request: [UInt8] = []
    for key in batch {
      sequence &+= 1
      pending[sequence] = key
      request += InetDiagRequest.lookup(family: key.family, local: key.local, peer: key.peer, extensions: extensions)
        .encode(sequence: sequence)
    }
    let expectation = NetlinkFramer.Expectation(
      portID: transport.portID, firstSequence: first, sequenceCount: UInt32(batch.count))
    do {
      try transport.send(request)
      while !pending.isEmpty, let count = try transport.receive(into: buffer), count > 0 {
        var framer = NetlinkFramer(UnsafeRawBufferPointer(rebasing: buffer[..<count]), expecting: expectation)
        while let reply = framer.next() { take(reply, pending: &pending, into: &result) }
        if let error = framer.error { problems.append(DumpProblem(chunk: 0, error: error)) }
      }
    } catch {
      lastError = error
    }
    // Lost replies (ENOBUFS) or a failed send: unknown, never "no socket".
    result.unanswered.formUnion(pending.values)
  }

  func take(_ reply: NetlinkFramer.Reply, pending: inout [UInt32: ConnectionKey], into result: inout Result) {
    switch reply {
    case .message(let message):
      guard let key = pending.removeValue(forKey: message.header.sequence) else { return }
      let (socket, problem) = InetDiagMessage.decode(message.bytes)
      if let problem { problems.append(DumpProblem(chunk: 0, error: problem.shifted(by: message.offset))) }
      if let socket { result.found[key] = socket } else { result.unanswered.insert(key) }
    case .failed(let message, let answer):
      // A lookup of a 4-tuple with no socket is answered ENOENT.
      guard let key = pending.removeValue(forKey: message.header.sequence) else { return }
      if answer.errno == ENOENT {
        result.absent.insert(key)
      } else {
        result.unanswered.insert(key)
        lastError = KernelError("sock_diag lookup", errno: answer.errno, detail: answer.message)
      }
    case .malformedError(let message, let error):
      problems.append(DumpProblem(chunk: 0, error: error))
      if let key = pending.removeValue(forKey: message.header.sequence) { result.unanswered.insert(key) }
    case .acknowledged(let message), .done(let message, _), .interrupted(let message):
      if let key = pending.removeValue(forKey: message.header.sequence) { result.unanswered.insert(key) }
    case .stray:
      return
    }
  }
}
