import TCPStateDoctor
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel
import TCPStateWire

/// Gathers `doctor`'s input from the live host: tunables and a first counter
/// reading, one streaming sock_diag dump (with tcp_info) folded into a
/// `SocketSummary`, a second counter reading `interval` seconds after the
/// first, and the owners of the few inodes the rules name. The pieces are
/// put together by `DoctorInputBuilder`, as top's and the exporter's are.
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
  /// Limits of what could be seen, for the report.
  public enum Note: Sendable, Equatable {
    /// Owners of `sockets` stayed unknown: `hiddenProcesses` processes of
    /// other users have /proc/PID/fd this process may not read.
    case ownersUnknown(sockets: Int, hiddenProcesses: Int)
  }
  public var onNote: (Note) -> Void = { _ in }
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
    let builder = DoctorInputBuilder.reading(
      procRoot: procRoot, scoped: scoped, minCount: minCount, onSkip: onSkip)
    let counters = CounterReader(procRoot: procRoot)
    let start = Clock.monotonicSeconds()
    let first = counters.read(onSkip: onSkip)
    let summary = try builder.dumpSummary(filter: filter, onProblem: onProblem)
    var window = DoctorInputBuilder.window(from: nil, to: first, seconds: 0)
    if interval > 0 {
      Clock.sleep(seconds: interval - (Clock.monotonicSeconds() - start))
      let second = counters.read(onSkip: onSkip)
      window = DoctorInputBuilder.window(from: first, to: second, seconds: Clock.monotonicSeconds() - start)
    }
    var input = builder.input(summary: summary, counters: window, owners: owners(of: summary.inodesWanted))
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
      onNote(.ownersUnknown(sockets: unknown, hiddenProcesses: map.unreadableProcesses))
    }
    return owners
  }
}
