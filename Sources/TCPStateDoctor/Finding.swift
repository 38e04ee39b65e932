import TCPStateKnowledge

/// One diagnosis: what is wrong, how bad, the numbers behind it, what it
/// involves, what to consider doing and where `explain` says more.
/// Suggestions are text only: tcpstate never changes a tunable.
public struct Finding: Sendable, Equatable {
  /// Stable identifier: `accept-queue-overflow`.
  public var id: String
  public var severity: Severity
  public var title: Localized
  /// One or two sentences with the key numbers.
  public var detail: Localized
  public var evidence: [Metric]
  /// The worst subjects, at most `Finding.subjectLimit`.
  public var subjects: [FindingSubject]
  /// How many subjects there were before capping.
  public var subjectTotal: Int
  public var advice: [Localized]
  /// `sysctl -w` lines to consider.
  public var commands: [String]
  public var tunables: [CitedTunable]
  /// A `KnowledgeBase` entry id: `tcpstate explain <explain>`.
  public var explain: String
  /// Built from host-wide counters only, so a `--port`/`--src` scope cannot vouch for it.
  public var hostWide: Bool

  /// Subjects kept per finding.
  public static let subjectLimit = 10

  public init(
    id: String, severity: Severity, title: Localized, detail: Localized, evidence: [Metric] = [],
    subjects: [FindingSubject] = [], subjectTotal: Int? = nil, advice: [Localized] = [],
    commands: [String] = [],
    tunables: [CitedTunable] = [], explain: String, hostWide: Bool = false
  ) {
    self.id = id
    self.severity = severity
    self.title = title
    self.detail = detail
    self.evidence = evidence
    self.subjects = Array(subjects.prefix(Finding.subjectLimit))
    self.subjectTotal = subjectTotal ?? subjects.count
    self.advice = advice
    self.commands = commands
    self.tunables = tunables
    self.explain = explain
    self.hostWide = hostWide
  }

  public func metric(_ key: String) -> Int64? { evidence.first { $0.key == key }?.value }
}
