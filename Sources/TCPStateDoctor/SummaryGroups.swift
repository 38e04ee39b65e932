import TCPStateModel

/// A LISTEN socket and its accept queue (inet_diag: `idiag_rqueue` is the
/// queue length, `idiag_wqueue` the backlog, `sk_max_ack_backlog`).
public struct ListenerStats: Sendable, Equatable {
  public var local: Endpoint
  public var queued: UInt32
  public var backlog: UInt32
  public var inode: UInt32

  public init(local: Endpoint, queued: UInt32, backlog: UInt32, inode: UInt32 = 0) {
    self.local = local
    self.queued = queued
    self.backlog = backlog
    self.inode = inode
  }
}

/// Request sockets (SYN_RECV) on one local port.
public struct HalfOpenStats: Sendable, Equatable {
  public var count = 0
  /// Distinct peer addresses, up to `HalfOpenStats.sourceLimit`.
  public var sources: Set<IPAddress> = []
  /// Requests whose SYN-ACK was retransmitted at least once (`idiag_retrans`).
  public var retransmitted = 0
  public var maxRetransmits = 0

  /// Distinct sources remembered per port; past it the count is a lower bound.
  public static let sourceLimit = 65_536

  public init() {}

  public mutating func add(peer: IPAddress, retransmits: Int) {
    count += 1
    if sources.count < Self.sourceLimit { sources.insert(peer) }
    if retransmits > 0 { retransmitted += 1 }
    maxRetransmits = max(maxRetransmits, retransmits)
  }
}

/// Where outgoing connections go: a local address and a destination. The
/// kernel needs a distinct local port per connection with the same key, taken
/// from `ip_local_port_range` (`__inet_hash_connect`).
public struct DestinationKey: Hashable, Sendable {
  public var local: IPAddress
  public var peer: Endpoint

  public init(local: IPAddress, peer: Endpoint) {
    self.local = local
    self.peer = peer
  }
}

/// Sockets holding an ephemeral port towards one destination.
public struct DestinationStats: Sendable, Equatable {
  public var timeWait = 0
  /// Connections in any other state (connecting, open, closing).
  public var live = 0
  public init(timeWait: Int = 0, live: Int = 0) {
    self.timeWait = timeWait
    self.live = live
  }
  public var total: Int { timeWait + live }
}

/// SYN_SENT sockets towards one destination.
public struct ConnectingStats: Sendable, Equatable {
  public var count = 0
  /// Sockets whose SYN was retransmitted at least once: the peer did not answer.
  public var unanswered = 0
  public var maxRetransmits = 0
  public init(count: Int = 0, unanswered: Int = 0, maxRetransmits: Int = 0) {
    self.count = count
    self.unanswered = unanswered
    self.maxRetransmits = maxRetransmits
  }
}

/// CLOSE_WAIT sockets on one local port, with their inodes so the owning
/// processes can be looked up once the dump is over.
public struct CloseWaitStats: Sendable, Equatable {
  public var count = 0
  public var inodes: [UInt32] = []
  /// Bytes the application has not read, summed.
  public var unread: UInt64 = 0
  /// Sockets per cgroup v2 id (every CLOSE_WAIT socket is a full socket and has one).
  public var cgroups: [UInt64: Int] = [:]

  /// Inodes remembered per port; past it, sockets are counted but not attributed.
  public static let inodeLimit = 200_000

  public init() {}
}

/// One connection worth showing, with the numbers that singled it out.
public struct FlowSample: Sendable, Equatable {
  public var local: Endpoint
  public var peer: Endpoint
  public var state: TCPState
  public var inode: UInt32
  public var metrics: [Metric]
  /// What the sample is ranked by (larger is worse).
  public var rank: Int64

  public init(
    local: Endpoint, peer: Endpoint, state: TCPState, inode: UInt32 = 0, metrics: [Metric],
    rank: Int64
  ) {
    self.local = local
    self.peer = peer
    self.state = state
    self.inode = inode
    self.metrics = metrics
    self.rank = rank
  }

  /// The metric with this key (0 when the sample has none): rules read their
  /// headline numbers through it instead of by position.
  public func value(_ key: String) -> Int64 { metrics.first { $0.key == key }?.value ?? 0 }
}

/// The worst `limit` samples seen, plus how many there were in all.
public struct WorstSamples: Sendable, Equatable {
  public private(set) var samples: [FlowSample] = []
  public private(set) var total = 0
  public var limit: Int

  public init(limit: Int = Finding.subjectLimit) { self.limit = limit }

  public mutating func add(_ sample: FlowSample) {
    total += 1
    samples.append(sample)
    if samples.count > limit * 4 { trim() }
  }

  /// Worst first, at most `limit`.
  public var worst: [FlowSample] {
    Array(samples.sorted { $0.rank > $1.rank }.prefix(limit))
  }

  private mutating func trim() { samples = worst }
}
