import TCPStateKit
import TCPStateModel

/// The figures above `top`'s rows: sockets per state with the change since
/// the last refresh, sockets that appeared and left (by cookie), and kernel
/// counters as per-second rates over the interval.
public struct TopHeader: Sendable {
  public struct StateLine: Sendable, Equatable {
    public var state: TCPState
    public var count: Int
    /// nil on the first refresh.
    public var change: Int?
  }

  /// A kernel counter's rise per second; nil on the first refresh, when the
  /// counter is missing, or when it went down (counters reset, or the
  /// namespace changed): a reset is not shown as a negative or a huge rate.
  public struct CounterRate: Sendable, Equatable {
    public var key: String
    public var label: String
    public var perSecond: Double?
  }

  /// The counters shown, as (key, label, group, names summed).
  static let counters: [(key: String, label: String, group: String, names: [String])] = [
    ("opens", "opens", "Tcp", ["ActiveOpens", "PassiveOpens"]),
    ("retrans_segs", "retrans", "Tcp", ["RetransSegs"]),
    ("resets_sent", "rst out", "Tcp", ["OutRsts"]),
    ("listen_overflows", "overflows", "TcpExt", ["ListenOverflows"]),
  ]

  public var wallTime = 0
  public var clock = ""
  /// Seconds since the previous refresh; nil on the first.
  public var interval: Double?
  public var states: [StateLine] = []
  public var total = 0
  /// Sockets whose cookie was not in the previous dump, and cookies that left.
  public var appeared: Int?
  public var left: Int?
  public var rates: [CounterRate] = []
  /// Processes whose sockets `-p` could not map (other users', without root).
  public var hiddenProcesses = 0

  public init() {}

  init(
    previous: TopSnapshot?, current: TopSnapshot, counts now: [TCPState: Int], previousCounts then: [TCPState: Int]?,
    appeared: Int?, left: Int?
  ) {
    wallTime = current.wallTime
    clock = current.clock
    hiddenProcesses = current.hiddenProcesses
    total = current.sockets.count
    interval = previous.map { current.time - $0.time }
    self.appeared = appeared
    self.left = left
    let states = Set(now.keys).union(then.map { Array($0.keys) } ?? []).sorted()
    self.states = states.map { state in
      let count = now[state] ?? 0
      return StateLine(state: state, count: count, change: then.map { count - ($0[state] ?? 0) })
    }
    let seconds = interval ?? 0
    rates = Self.counters.map { item in
      CounterRate(
        key: item.key, label: item.label,
        perSecond: Self.rate(item.group, item.names, previous?.counters, current.counters, seconds: seconds))
    }
  }

  static func rate(_ group: String, _ names: [String], _ old: CounterTable?, _ new: CounterTable, seconds: Double)
    -> Double?
  {
    guard let old, seconds > 0 else { return nil }
    var rise: Int64 = 0
    for name in names {
      guard let a = old[group, name], let b = new[group, name], b >= a else { return nil }
      rise += b - a
    }
    return Double(rise) / seconds
  }

  public func rate(_ key: String) -> Double? { rates.first { $0.key == key }?.perSecond }
  public func count(_ state: TCPState) -> Int { states.first { $0.state == state }?.count ?? 0 }
}
