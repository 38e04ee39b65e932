import TCPStateDoctor
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel
import TCPStateTop

/// The doctor's input, put together in one place for the three programs that
/// run its rules: `doctor` (two counter readings around one dump, plus the
/// owners of what it names), `top` (its model's last two snapshots, on every
/// refresh) and the exporter (a dump every --doctor-interval, counters
/// against the previous evaluation's). Written once so that a finding means
/// the same thing wherever it is shown.
///
/// Tunables are read when the builder is made: top makes one for its whole
/// run (they rarely change, and ~20 files a refresh would show in its cost),
/// the exporter one per evaluation. Everything after that reading is pure,
/// and tested on made-up values.
public struct DoctorInputBuilder: Sendable {
  /// A counter reading, as `CounterReader.read` returns it.
  public typealias CounterReading = (table: CounterTable, problems: [CounterProblem])

  /// Raw tunable values by short name; missing when unreadable.
  public let tunables: [String: String]
  /// A filter (or top's selection) narrowed the sockets, so host-wide counters say nothing about them.
  public var scoped: Bool
  /// `doctor --min-count`.
  public var minCount: Int?

  public init(tunables: [String: String], scoped: Bool = false, minCount: Int? = nil) {
    self.tunables = tunables
    self.scoped = scoped
    self.minCount = minCount
  }

  /// Reads the doctor's tunables under `procRoot`. `onSkip` gets the path
  /// and reason of each one that exists but could not be read.
  public static func reading(
    procRoot: String = "/proc", scoped: Bool = false, minCount: Int? = nil,
    onSkip: (_ path: String, _ reason: String) -> Void = { _, _ in }
  ) -> DoctorInputBuilder {
    let reader = TunableReader(procRoot: procRoot)
    let readings = reader.readAll(DoctorTunables.all)
    for tunable in DoctorTunables.all {
      if case .unreadable(let reason) = readings[tunable.name] { onSkip(reader.path(of: tunable), reason) }
    }
    return DoctorInputBuilder(
      tunables: readings.compactMapValues { $0.value }, scoped: scoped, minCount: minCount)
  }

  /// The host's ephemeral port range, which the port-exhaustion rule measures against.
  public var ephemeralPorts: ClosedRange<UInt16> { Self.ephemeralPorts(tunables["ip_local_port_range"]) }

  /// `ip_local_port_range` ("32768\t60999"), or Linux's default when unreadable or nonsense.
  public static func ephemeralPorts(_ raw: String?) -> ClosedRange<UInt16> {
    let fields = TunableDefault.split(raw ?? "").compactMap { UInt16($0) }
    guard fields.count == 2, fields[0] <= fields[1] else { return 32768...60999 }
    return fields[0]...fields[1]
  }

  /// An empty summary, measured against this host's ephemeral range.
  public func summary() -> SocketSummary { SocketSummary(ephemeralPorts: ephemeralPorts) }

  /// One sock_diag dump with tcp_info (the doctor's rules read rtt and
  /// retransmits) folded into a summary. `onSocket` sees every socket too
  /// (the exporter builds its distributions from the same dump) and stops
  /// the dump by returning false.
  public func dumpSummary(
    filter: SocketFilter, onProblem: @escaping (DumpProblem) -> Void = { _ in },
    onSocket: @escaping (Socket) -> Bool = { _ in true }
  ) throws(KernelError) -> SocketSummary {
    var summary = summary()
    try SockDiagDumper().dump(filter: filter, extensions: [.info], onProblem: onProblem) { socket in
      summary.add(socket)
      return onSocket(socket)
    }
    return summary
  }

  /// The rates between two counter readings `seconds` apart, or a single
  /// reading (no rates) without `earlier`. The later reading's problems are
  /// kept, or the earlier's when the later had none: a file that failed once
  /// is still worth a note.
  public static func window(from earlier: CounterReading?, to later: CounterReading, seconds: Double)
    -> CounterWindow
  {
    CounterWindow(
      before: earlier?.table, after: later.table, seconds: earlier == nil ? 0 : seconds,
      problems: later.problems.isEmpty ? earlier?.problems ?? [] : later.problems)
  }

  /// The input itself: the summary, the counter window, these tunables and the owners found.
  public func input(
    summary: SocketSummary, counters: CounterWindow, owners: [UInt32: ProcessRef] = [:]
  ) -> DoctorInput {
    DoctorInput(
      summary: summary, counters: counters, tunables: tunables, owners: owners, scoped: scoped,
      minCount: minCount)
  }

  /// `top`'s input: its rows summarized, its last two snapshots' counters.
  /// Nil before the first snapshot. Owners are not looked up (that would scan
  /// /proc on every refresh), so findings name no process.
  public func input(for model: TopModel) -> DoctorInput? {
    guard let current = model.current else { return nil }
    var summary = summary()
    // By index: `for row in` would copy each ~600-byte row out of the array
    // (60 MB a refresh at 100k sockets, the largest memmove in a profile).
    let rows = model.rows
    for index in rows.indices { summary.add(rows[index].socket) }
    let earlier = model.previous.map { (table: $0.counters, problems: [CounterProblem]()) }
    let counters = Self.window(
      from: earlier, to: (current.counters, []), seconds: model.previous.map { current.time - $0.time } ?? 0)
    return input(summary: summary, counters: counters)
  }
}
