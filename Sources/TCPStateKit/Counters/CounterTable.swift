/// Kernel counters by group and name: `table["TcpExt", "ListenOverflows"]`.
///
/// Groups are the line prefixes of /proc/net/netstat and /proc/net/snmp
/// (`TcpExt`, `IpExt`, `Tcp`, `Ip`) and of /proc/net/sockstat and sockstat6
/// (`TCP`, `TCP6`, `sockets`). Values are signed: snmp's `Tcp: MaxConn` is -1.
public struct CounterTable: Sendable, Equatable {
  public private(set) var groups: [String: [String: Int64]] = [:]

  public init() {}

  public subscript(group: String, name: String) -> Int64? {
    get { groups[group]?[name] }
    set { groups[group, default: [:]][name] = newValue }
  }

  /// Adds every counter of `other`; its values win on a clash.
  public mutating func merge(_ other: CounterTable) {
    for (group, values) in other.groups {
      groups[group, default: [:]].merge(values) { _, new in new }
    }
  }

  public var isEmpty: Bool { groups.isEmpty }
}

/// Something wrong in a counter file: reported to the user, never fatal.
public struct CounterProblem: Sendable, Equatable, CustomStringConvertible {
  /// The file as the user knows it: `net/netstat`.
  public var file: String
  /// 1-based line number; 0 for the whole file.
  public var line: Int
  public var message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    line > 0 ? "\(file) line \(line): \(message)" : "\(file): \(message)"
  }
}

/// Two readings of the counters and the time between them, for rates.
public struct CounterWindow: Sendable {
  public var before: CounterTable?
  public var after: CounterTable
  /// Seconds between the two readings; 0 with a single reading.
  public var seconds: Double
  public var problems: [CounterProblem]

  public init(
    before: CounterTable?, after: CounterTable, seconds: Double, problems: [CounterProblem] = []
  ) {
    self.before = before
    self.after = after
    self.seconds = seconds
    self.problems = problems
  }

  /// A window with no counters at all (nothing could be read).
  public static let empty = CounterWindow(before: nil, after: CounterTable(), seconds: 0)

  /// The latest value.
  public func current(_ group: String, _ name: String) -> Int64? { after[group, name] }

  /// How much a counter rose over the window; nil with one reading or when
  /// either reading lacks it. A counter that went down (wrapped, or a
  /// namespace change) counts as 0 rather than a negative rate.
  public func delta(_ group: String, _ name: String) -> Int64? {
    guard let before, let old = before[group, name], let new = after[group, name] else {
      return nil
    }
    return new >= old ? new - old : 0
  }

  /// Whether a second reading exists, so deltas mean something.
  public var hasRates: Bool { before != nil }
}
