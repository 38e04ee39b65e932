import TCPStateModel

/// What one plain sock_diag dump (no tcp_info) says, folded as it streams:
/// sockets per exported state and family, each listener's accept queue, the
/// queue-byte distributions of ESTABLISHED sockets and, for the ports the user
/// named, sockets per state. Nothing grows with the number of connections
/// except the listener table, which the collector caps.
public struct SocketCensus: Sendable {
  /// Accept queue of a listening address and port. SO_REUSEPORT listeners
  /// sharing one are summed: one series per address and port.
  public struct Listener: Sendable, Equatable {
    public var queued: UInt64 = 0
    public var limit: UInt64 = 0
  }

  public struct ListenerKey: Hashable, Sendable, Comparable {
    public var address: String
    public var port: UInt16
    public static func < (a: ListenerKey, b: ListenerKey) -> Bool {
      (a.port, a.address) < (b.port, b.address)
    }
  }

  public private(set) var byState: [ExportedState: (inet: Int, inet6: Int)] = [:]
  public private(set) var listeners: [ListenerKey: Listener] = [:]
  public private(set) var portStates: [UInt16: [ExportedState: Int]] = [:]
  public private(set) var sendQueue = BucketCounts(bounds: Buckets.queueBytes)
  public private(set) var receiveQueue = BucketCounts(bounds: Buckets.queueBytes)
  public private(set) var total = 0
  /// Local ports whose sockets are counted per state (`--port`).
  public let detailPorts: Set<UInt16>

  public init(detailPorts: Set<UInt16> = []) {
    self.detailPorts = detailPorts
  }

  public func count(_ state: ExportedState, _ family: AddressFamily) -> Int {
    guard let entry = byState[state] else { return 0 }
    return family == .inet ? entry.inet : entry.inet6
  }

  public mutating func add(_ socket: Socket) {
    total += 1
    let state = ExportedState(socket.state)
    var entry = byState[state] ?? (0, 0)
    if socket.family == .inet { entry.inet += 1 } else { entry.inet6 += 1 }
    byState[state] = entry
    switch state {
    case .listen:
      let key = ListenerKey(address: socket.local.address.description, port: socket.local.port)
      var listener = listeners[key] ?? Listener()
      listener.queued += UInt64(socket.recvQ)
      listener.limit += UInt64(socket.sendQ)
      listeners[key] = listener
    case .established:
      sendQueue.observe(Double(socket.sendQ))
      receiveQueue.observe(Double(socket.recvQ))
    default:
      break
    }
    if detailPorts.contains(socket.local.port) {
      portStates[socket.local.port, default: [:]][state, default: 0] += 1
    }
  }
}

/// The states the exporter labels, in the kernel's lower-case spelling.
/// Request sockets count as `syn_recv` (as `list` counts them); a bound but
/// inactive socket (Linux 6.5+) and any state a newer kernel adds count as `close`.
public enum ExportedState: String, CaseIterable, Sendable, Hashable {
  case established
  case synSent = "syn_sent"
  case synRecv = "syn_recv"
  case finWait1 = "fin_wait1"
  case finWait2 = "fin_wait2"
  case timeWait = "time_wait"
  case close
  case closeWait = "close_wait"
  case lastAck = "last_ack"
  case listen, closing

  public init(_ state: TCPState) {
    switch state {
    case .established: self = .established
    case .synSent: self = .synSent
    case .synRecv, .newSynRecv: self = .synRecv
    case .finWait1: self = .finWait1
    case .finWait2: self = .finWait2
    case .timeWait: self = .timeWait
    case .closeWait: self = .closeWait
    case .lastAck: self = .lastAck
    case .listen: self = .listen
    case .closing: self = .closing
    default: self = .close
    }
  }
}
