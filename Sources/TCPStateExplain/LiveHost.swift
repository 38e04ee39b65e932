import TCPStateKnowledge
import TCPStateModel

/// A socket shown on a state's page: which connection, and who holds it.
public struct LiveSocket: Sendable {
  public var local: Endpoint
  public var peer: Endpoint
  /// Empty when no process could be read (another user's, without root).
  public var processes: [ProcessRef]

  public init(local: Endpoint, peer: Endpoint, processes: [ProcessRef]) {
    self.local = local
    self.peer = peer
    self.processes = processes
  }
}

/// One tunable as read from the live host.
public enum TunableReading: Sendable, Equatable {
  /// The file's content without the trailing newline; multi-value files keep their tabs.
  case value(String)
  /// The file does not exist (older kernel, other namespace, fake tree without it).
  case missing
  /// The file exists but could not be read; the reason is kept for the user.
  case unreadable(String)

  public var value: String? {
    if case .value(let value) = self { return value }
    return nil
  }
}

/// What the live section shows: tunable readings by short name and, when
/// sock_diag could be asked, the number of sockets in each state. A plain
/// value, filled by TCPStateKernel and rendered by TCPStateKit.
public struct LiveHost: Sendable {
  public var readings: [String: TunableReading]
  /// Sockets per state; nil when the counts are unavailable.
  public var counts: [TCPState: Int]?
  /// Why counts are missing, shown instead of numbers.
  public var countsNote: String?
  /// A few sockets in the explained state, with their processes where readable.
  public var examples: [LiveSocket] = []

  public init(
    readings: [String: TunableReading], counts: [TCPState: Int]?, countsNote: String? = nil
  ) {
    self.readings = readings
    self.counts = counts
    self.countsNote = countsNote
  }

  /// The values that could be read, by short name, for `Implications`.
  public var values: [String: String] {
    readings.compactMapValues { $0.value }
  }

  /// One row of the live section.
  public struct Row: Sendable {
    public var tunable: Tunable
    public var reading: TunableReading
    /// true / false when comparable, nil when the default depends on the machine or the value is unknown.
    public var differsFromDefault: Bool?
    public var implication: Localized?
  }

  /// The rows for the given tunable names, in order; unknown names are skipped.
  public func rows(for names: [String]) -> [Row] {
    let values = self.values
    return names.compactMap { TunableCatalog.tunable(named: $0) }.map { tunable in
      let reading = readings[tunable.name] ?? .missing
      let differs = reading.value.flatMap { tunable.defaultValue.differs(from: $0) }
      let implication = reading.value.flatMap {
        Implications.describe(tunable, value: $0, others: values)
      }
      return Row(
        tunable: tunable, reading: reading, differsFromDefault: differs, implication: implication)
    }
  }

  /// The socket count of a state; request sockets are counted with SYN_RECV,
  /// as sock_diag reports them.
  public func count(of state: TCPState) -> Int? {
    guard let counts else { return nil }
    if state == .synRecv || state == .newSynRecv {
      return (counts[.synRecv] ?? 0) + (counts[.newSynRecv] ?? 0)
    }
    return counts[state] ?? 0
  }
}
