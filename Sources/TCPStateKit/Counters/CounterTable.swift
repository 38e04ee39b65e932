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

  /// Counters that went down or jumped by more than 64 bits can hold
  /// (a reset, a wrap-around, a namespace change) are added to `problems` as
  /// one note; `delta` gives no rate for them.
  public init(
    before: CounterTable?, after: CounterTable, seconds: Double, problems: [CounterProblem] = []
  ) {
    self.before = before
    self.after = after
    self.seconds = seconds
    self.problems = problems
    if let note = discontinuityNote() { self.problems.append(note) }
  }

  /// "TcpExt ListenDrops (500 -> 3), ... and 12 more went down or wrapped".
  func discontinuityNote() -> CounterProblem? {
    guard let before else { return nil }
    var broken: [String] = []
    for (group, values) in after.groups.sorted(by: { $0.key < $1.key }) {
      for (name, new) in values.sorted(by: { $0.key < $1.key }) {
        guard let old = before[group, name], Self.rise(from: old, to: new) == nil else { continue }
        broken.append("\(group) \(name) (\(old) -> \(new))")
      }
    }
    guard !broken.isEmpty else { return nil }
    let shown = broken.prefix(5).joined(separator: ", ")
    let more = broken.count > 5 ? " and \(broken.count - 5) more" : ""
    return CounterProblem(
      file: "counters", line: 0,
      message:
        "\(shown)\(more) went down or wrapped around between the two readings (reset, wrap-around or another namespace): no rate from them"
    )
  }

  /// `new - old` when the counter rose by an amount Int64 can hold; nil otherwise.
  static func rise(from old: Int64, to new: Int64) -> Int64? {
    let (difference, overflow) = new.subtractingReportingOverflow(old)
    return overflow || difference < 0 ? nil : difference
  }

  /// A window with no counters at all (nothing could be read).
  public static let empty = CounterWindow(before: nil, after: CounterTable(), seconds: 0)

  /// The latest value.
  public func current(_ group: String, _ name: String) -> Int64? { after[group, name] }

  /// How much a counter rose over the window; nil with one reading, when
  /// either reading lacks it, or when it went down or jumped beyond 64 bits
  /// (a reset or wrap-around, noted in `problems`): no rate rather than a
  /// wrong one or a trap.
  public func delta(_ group: String, _ name: String) -> Int64? {
    guard let before, let old = before[group, name], let new = after[group, name] else {
      return nil
    }
    return Self.rise(from: old, to: new)
  }

  /// Whether a second reading exists, so deltas mean something.
  public var hasRates: Bool { before != nil }
}
