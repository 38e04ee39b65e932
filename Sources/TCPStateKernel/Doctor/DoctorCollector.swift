import Glibc
import TCPStateDoctor
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel
import TCPStateWire

/// Gathers a `DoctorInput` from the live host: tunables and a first counter
/// reading, one streaming sock_diag dump (with tcp_info) folded into a
/// `SocketSummary`, a second counter reading `interval` seconds after the
/// first, and the owners of the few inodes the rules name.
///
/// `procRoot` applies to tunables and counters only: sockets come from
/// netlink and their owners from the real /proc, which a fake tree cannot describe.
public struct DoctorCollector {
  public var filter: SocketFilter
  public var procRoot: String
  /// Seconds between the two counter readings; 0 takes one reading (no rates).
  public var interval: Double
  public var minCount: Int?
  public var onProblem: (DumpProblem) -> Void
  /// Limits of what could be seen (owners hidden without privilege), for the report.
  public var onNote: (String) -> Void = { _ in }
  /// Files of the proc tree that exist but were not read (a FIFO, a device,
  /// too large): full path and reason, for a warning on stderr.
  public var onSkip: (_ path: String, _ reason: String) -> Void = { _, _ in }

  public init(
    filter: SocketFilter, procRoot: String = "/proc", interval: Double = 1, minCount: Int? = nil,
    onProblem: @escaping (DumpProblem) -> Void = { _ in }
  ) {
    self.filter = filter
    self.procRoot = procRoot
    self.interval = interval
    self.minCount = minCount
    self.onProblem = onProblem
  }

  /// Whether the filter narrows the host (ports, addresses or one family).
  public var scoped: Bool { !filter.clauses.isEmpty || !filter.families.isEmpty }

  public func collect() throws(KernelError) -> DoctorInput {
    let tunableReader = TunableReader(procRoot: procRoot)
    let readings = tunableReader.readAll(DoctorTunables.all)
    for tunable in DoctorTunables.all {
      if case .unreadable(let reason) = readings[tunable.name] {
        onSkip(tunableReader.path(of: tunable), reason)
      }
    }
    let tunables = readings.compactMapValues { $0.value }
    let counters = CounterReader(procRoot: procRoot)
    let start = Self.now()
    let first = counters.read(onSkip: onSkip)
    var summary = SocketSummary(ephemeralPorts: Self.portRange(tunables["ip_local_port_range"]))
    try SockDiagDumper().dump(filter: filter, extensions: [.info], onProblem: onProblem) { socket in
      summary.add(socket)
      return true
    }
    var window = CounterWindow(
      before: nil, after: first.table, seconds: 0, problems: first.problems)
    if interval > 0 {
      Self.sleep(seconds: interval - (Self.now() - start))
      let second = counters.read(onSkip: onSkip)
      window = CounterWindow(
        before: first.table, after: second.table, seconds: Self.now() - start,
        problems: second.problems.isEmpty ? first.problems : second.problems)
    }
    var input = DoctorInput(
      summary: summary, counters: window, tunables: tunables,
      owners: owners(of: summary.inodesWanted),
      scoped: scoped, minCount: minCount)
    // The hierarchy is walked only when a pile has cgroups to name.
    let wanted = summary.cgroupsWanted
    if !wanted.isEmpty, let hierarchy = CgroupHierarchy.read() {
      for id in wanted { input.cgroups[id] = hierarchy.name(for: id) }
    }
    return input
  }

  /// The first process holding each inode; /proc is scanned only when some inode is wanted.
  /// Owners that stay unknown because other users' fds are unreadable are said so, never silently left out.
  func owners(of inodes: Set<UInt32>) -> [UInt32: ProcessRef] {
    guard !inodes.isEmpty else { return [:] }
    let map = ProcessMap.scan()
    var owners: [UInt32: ProcessRef] = [:]
    for inode in inodes {
      if let first = map.processes(for: inode).first { owners[inode] = first }
    }
    let unknown = inodes.subtracting(owners.keys).count
    if unknown > 0 && map.unreadableProcesses > 0 {
      onNote(
        "owners of \(unknown) sockets unknown: \(map.unreadableProcesses) processes of other users are hidden (reading their /proc/PID/fd needs CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)"
      )
    }
    return owners
  }

  /// `ip_local_port_range` ("32768\t60999"), or Linux's default when unreadable or nonsense.
  static func portRange(_ raw: String?) -> ClosedRange<UInt16> {
    let fields = TunableDefault.split(raw ?? "").compactMap { UInt16($0) }
    guard fields.count == 2, fields[0] <= fields[1] else { return 32768...60999 }
    return fields[0]...fields[1]
  }

  static func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  static func sleep(seconds: Double) {
    guard seconds > 0 else { return }
    var request = timespec(
      tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
  }
}
