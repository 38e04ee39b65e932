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

  // Array-backed: a dictionary keyed by the state hashed its String raw value per socket.
  var inetStates = StateTally()
  var inet6States = StateTally()
  public private(set) var listeners: [ListenerKey: Listener] = [:]
  public private(set) var portStates: [UInt16: [ExportedState: Int]] = [:]
  public private(set) var sendQueue = BucketCounts(bounds: Buckets.queueBytes)
  public private(set) var receiveQueue = BucketCounts(bounds: Buckets.queueBytes)
  public private(set) var total = 0
  /// Sockets per state by cgroup id (`--by-cgroup`), 0 for the sockets the
  /// kernel reports without one (TIME_WAIT and request sockets are not full
  /// sockets and carry no INET_DIAG_CGROUP_ID). Keyed by id while the dump
  /// streams; the collector names and groups them once per scrape.
  public private(set) var cgroupStates: [UInt64: StateTally] = [:]
  /// Local ports whose sockets are counted per state (`--port`).
  public let detailPorts: Set<UInt16>
  public let countsCgroups: Bool

  public init(detailPorts: Set<UInt16> = [], countsCgroups: Bool = false) {
    self.detailPorts = detailPorts
    self.countsCgroups = countsCgroups
  }

  /// Sockets of one family in every state.
  public func total(_ family: AddressFamily) -> Int { family == .inet ? inetStates.total : inet6States.total }

  public func count(_ state: ExportedState, _ family: AddressFamily) -> Int {
    family == .inet ? inetStates[state] : inet6States[state]
  }

  public mutating func add(_ socket: Socket) {
    total += 1
    let state = ExportedState(socket.state)
    if socket.family == .inet { inetStates.add(state) } else { inet6States.add(state) }
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
    if countsCgroups { cgroupStates[socket.cgroupID ?? 0, default: StateTally()].add(state) }
  }
}

extension SocketCensus {
  /// Adds a census of other sockets (another part of the same dump, taken
  /// on another thread): the result is the census of both parts.
  public mutating func merge(_ other: SocketCensus) {
    total += other.total
    inetStates.add(other.inetStates)
    inet6States.add(other.inet6States)
    for (key, listener) in other.listeners {
      var merged = listeners[key] ?? Listener()
      merged.queued += listener.queued
      merged.limit += listener.limit
      listeners[key] = merged
    }
    for (port, states) in other.portStates {
      for (state, count) in states { portStates[port, default: [:]][state, default: 0] += count }
    }
    sendQueue.merge(other.sendQueue)
    receiveQueue.merge(other.receiveQueue)
    for (id, tally) in other.cgroupStates { cgroupStates[id, default: StateTally()].add(tally) }
  }
}

/// Sockets per exported state, one counter each, in `ExportedState.allCases` order.
public struct StateTally: Sendable, Equatable {
  public private(set) var counts = [Int](repeating: 0, count: ExportedState.allCases.count)

  public init() {}

  public mutating func add(_ state: ExportedState, count: Int = 1) { counts[state.index] += count }
  public mutating func add(_ other: StateTally) {
    for index in counts.indices { counts[index] += other.counts[index] }
  }
  public subscript(state: ExportedState) -> Int { counts[state.index] }
  public var total: Int { counts.reduce(0, +) }
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

  /// Position in `allCases`, for array-backed tallies.
  public var index: Int {
    switch self {
    case .established: 0
    case .synSent: 1
    case .synRecv: 2
    case .finWait1: 3
    case .finWait2: 4
    case .timeWait: 5
    case .close: 6
    case .closeWait: 7
    case .lastAck: 8
    case .listen: 9
    case .closing: 10
    }
  }

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
