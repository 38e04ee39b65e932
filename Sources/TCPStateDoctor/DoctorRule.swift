import TCPStateKnowledge

/// A check of the live host. Each rule is its own type in its own file with
/// its thresholds as named constants; it reads a `DoctorInput` and returns
/// its findings (usually none or one).
public protocol DoctorRule: Sendable {
  /// Ids of the findings this rule can produce.
  var ids: [String] { get }
  func evaluate(_ input: DoctorInput) -> [Finding]
}

/// The rules in the order an operator would look.
public enum DoctorRules {
  public static let all: [any DoctorRule] = [
    AcceptQueueRule(), SynFloodRule(), CloseWaitRule(), TimeWaitRule(), EphemeralPortRule(),
    OrphanRule(),
    RetransmitRule(), ZeroWindowRule(), LimitedFlowRule(), SynSentRule(), MemoryRule(),
  ]
}

/// The doctor's result: findings worst first.
public struct DoctorReport: Sendable {
  public var findings: [Finding]
  public var socketCount: Int
  public var scoped: Bool
  public var seconds: Double
  /// Counter files that were missing or malformed.
  public var problems: [String]

  /// The worst severity found; `.ok` with no findings.
  public var verdict: Severity { findings.map(\.severity).max() ?? .ok }
  /// 0 healthy (or notes only), 1 warnings, 2 critical.
  public var exitCode: Int32 { verdict.exitCode }

  public func findings(_ id: String) -> [Finding] { findings.filter { $0.id == id } }
}

public enum Doctor {
  /// Runs every rule. Within a scope, findings built from host-wide counters
  /// alone become notes: the counters cannot tell whether the scope caused them.
  public static func diagnose(
    _ input: DoctorInput, rules: [any DoctorRule] = DoctorRules.all, problems: [String] = []
  ) -> DoctorReport {
    var findings = rules.flatMap { $0.evaluate(input) }.filter { $0.severity > .ok }
    if input.scoped {
      for index in findings.indices
      where findings[index].hostWide && findings[index].severity > .info {
        findings[index].severity = .info
        findings[index].advice.insert(
          L(
            "Host-wide counter: outside the --port/--src/--dst scope too, so it is shown as a note.",
            "这是整机计数器，不限于 --port/--src/--dst 的范围，因此仅作为提示显示。"), at: 0)
      }
    }
    findings.sort { $0.severity != $1.severity ? $0.severity > $1.severity : $0.id < $1.id }
    return DoctorReport(
      findings: findings, socketCount: input.summary.total, scoped: input.scoped,
      seconds: input.counters.seconds,
      problems: problems + input.counters.problems.map(\.description))
  }
}

/// Something a rule singled out, with how bad it is.
struct Flagged<Item> {
  var item: Item
  var severity: Severity
}
