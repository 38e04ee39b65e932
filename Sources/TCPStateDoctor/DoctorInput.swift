import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// Everything the rules look at, as a plain value: filled by TCPStateKernel
/// on a live host and by hand in tests.
public struct DoctorInput: Sendable {
  public var summary: SocketSummary
  public var counters: CounterWindow
  /// Raw tunable values by short name (`somaxconn`, `tcp_mem`); missing when unreadable.
  public var tunables: [String: String]
  /// Owners of the inodes in `summary.inodesWanted`.
  public var owners: [UInt32: ProcessRef]
  /// A `--port`/`--src`/... filter narrowed the sockets; host-wide counters then say nothing about the scope.
  public var scoped: Bool
  /// `--min-count`: overrides every rule's smallest pile worth reporting.
  public var minCount: Int?
  /// Names of the cgroups in `summary.cgroupsWanted` (absent: removed, or no cgroup v2).
  public var cgroups: [UInt64: CgroupName] = [:]

  public init(
    summary: SocketSummary, counters: CounterWindow = .empty, tunables: [String: String] = [:],
    owners: [UInt32: ProcessRef] = [:], scoped: Bool = false, minCount: Int? = nil
  ) {
    self.summary = summary
    self.counters = counters
    self.tunables = tunables
    self.owners = owners
    self.scoped = scoped
    self.minCount = minCount
  }

  /// The first number of a tunable (`tcp_syncookies` → 1).
  public func tunable(_ name: String) -> Int64? {
    tunableFields(name).first
  }

  /// Every number of a multi-value tunable (`tcp_mem` → [low, pressure, high]).
  public func tunableFields(_ name: String) -> [Int64] {
    guard let raw = tunables[name] else { return [] }
    return TunableDefault.split(raw).compactMap { Int64($0) }
  }

  /// The smallest pile a rule reports: `--min-count` or the rule's default.
  public func pile(_ ruleDefault: Int) -> Int { max(1, minCount ?? ruleDefault) }

  /// The tunables a finding cites, with their live values.
  public func cite(_ names: [String]) -> [CitedTunable] {
    names.compactMap { name in
      guard let tunable = DoctorTunables.tunable(named: name) else { return nil }
      let value = tunables[name].map { TunableDefault.split($0).joined(separator: " ") }
      return CitedTunable(name: tunable.name, sysctl: tunable.sysctl, value: value)
    }
  }

  /// `nginx (pid 812)` for an inode, when its owner is known.
  public func owner(of inode: UInt32) -> String? {
    guard inode != 0, let process = owners[inode] else { return nil }
    return "\(process.command) (pid \(process.pid))"
  }

  /// The cgroup holding most of these sockets: `web.service (/system.slice/web.service)`,
  /// `docker:3f2a9c1b2d4e (/system.slice/docker-….scope)`, or `cgroup id N` once removed.
  public func dominantCgroup(_ counts: [UInt64: Int]) -> (id: UInt64, text: String, selector: String)? {
    guard let (id, _) = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else {
      return nil
    }
    guard let name = cgroups[id] else { return (id, "cgroup id \(id)", "") }
    let text = name.short == name.path ? name.path : "\(name.short) (\(name.path))"
    return (id, text, name.path)
  }

  /// Counter rises over the sampling window, as evidence: `ListenOverflows +3`.
  func deltaMetrics(_ names: [(group: String, name: String, key: String)]) -> [Metric] {
    names.compactMap { item in
      counters.delta(item.group, item.name).map {
        Metric(
          item.key, L("\(item.name) rise in \(secondsText)", "\(item.name) 在 \(secondsText) 内的增量"),
          $0)
      }
    }
  }

  var secondsText: String {
    let tenths = Int((counters.seconds * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) s"
  }
}

/// A percentage, rounded down, that never divides by zero nor overflows
/// (corrupt tcp_info can claim more limited time than Int64 / 100).
func percent(_ part: Int64, of whole: Int64) -> Int64 {
  guard whole > 0 else { return part > 0 ? 100 : 0 }
  let (scaled, overflow) = part.multipliedReportingOverflow(by: 100)
  if !overflow { return scaled / whole }
  let ratio = (Double(part) / Double(whole) * 100).rounded(.down)
  return ratio >= 0x1p63 ? Int64.max : ratio <= -0x1p63 ? Int64.min : Int64(ratio)
}

/// Twice a tunable, for a "consider raising it" suggestion: saturates at
/// Int64.max (a huge value from a bad file) and never suggests a negative.
func doubled(_ value: Int64) -> Int64 {
  let (twice, overflow) = max(value, 0).multipliedReportingOverflow(by: 2)
  return overflow ? .max : twice
}

/// Whether `part` is at least `share` percent of `whole`, compared at 128 bits
/// so a huge counter or tunable cannot overflow the products.
func reaches(_ part: Int64, _ share: Int64, percentOf whole: Int64) -> Bool {
  let lhs = part.multipliedFullWidth(by: 100)
  let rhs = whole.multipliedFullWidth(by: share)
  return (lhs.high, lhs.low) >= (rhs.high, rhs.low)
}
