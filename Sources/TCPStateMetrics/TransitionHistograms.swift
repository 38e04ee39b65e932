import TCPStateModel

/// What the tracepoint adds: transitions counted by old and new state, time
/// spent in a state when the socket left it, handshake times and connection
/// lifetimes. Fed event by event on the watch thread; the scrape takes a copy.
public struct TransitionHistograms: Sendable, Equatable {
  public struct Edge: Hashable, Sendable {
    public var from: ExportedState
    public var to: ExportedState
  }

  public private(set) var transitions: [Edge: UInt64] = [:]
  public private(set) var stateDurations: [ExportedState: BucketCounts] = [:]
  public private(set) var clientHandshake = BucketCounts(bounds: Buckets.handshakeSeconds)
  public private(set) var serverHandshake = BucketCounts(bounds: Buckets.handshakeSeconds)
  public private(set) var lifetimes = BucketCounts(bounds: Buckets.lifetimeSeconds)

  public init() {}

  /// Counts a transition as tcpstate shows it: the active closer's hand-over
  /// counts as `fin_wait2 -> time_wait`, not the kernel's `-> close`.
  public mutating func record(_ event: TransitionEvent) {
    guard let old = event.oldState else { return }
    let from = ExportedState(old)
    let to = ExportedState(event.newState)
    transitions[Edge(from: from, to: to), default: 0] &+= 1
    guard let nanoseconds = event.durationNs else { return }
    let seconds = Double(nanoseconds) / 1e9
    stateDurations[from, default: BucketCounts(bounds: Buckets.stateSeconds)].observe(seconds)
    if event.newState == .established {
      if old == .synSent { clientHandshake.observe(seconds) }
      if old == .synRecv { serverHandshake.observe(seconds) }
    }
  }

  /// A connection's end, when its beginning was seen.
  public mutating func record(_ summary: ConnectionSummary) {
    guard let lifetime = summary.lifetimeNs else { return }
    lifetimes.observe(Double(lifetime) / 1e9)
  }
}
