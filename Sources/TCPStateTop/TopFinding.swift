import TCPStateDoctor
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// The doctor's rules run over `top`'s last two snapshots: the same
/// `SocketSummary`, counter window and tunables `doctor` builds, so the
/// header's one-line finding is exactly what `tcpstate doctor` would put first.
public enum TopFinding {
  /// The most severe finding (ties: the doctor's order), or nil when healthy.
  /// Owners are not looked up (that would scan /proc on every refresh), so the line names no process.
  public static func worst(
    _ model: TopModel, tunables: [String: String], ephemeralPorts: ClosedRange<UInt16>, scoped: Bool
  ) -> Finding? {
    guard let current = model.current else { return nil }
    var summary = SocketSummary(ephemeralPorts: ephemeralPorts)
    // By index: `for row in` would copy each ~600-byte row out of the array
    // (60 MB a refresh at 100k sockets, the largest memmove in a profile).
    let rows = model.rows
    for index in rows.indices { summary.add(rows[index].socket) }
    let counters = CounterWindow(
      before: model.previous?.counters, after: current.counters,
      seconds: model.previous.map { current.time - $0.time } ?? 0)
    let input = DoctorInput(summary: summary, counters: counters, tunables: tunables, scoped: scoped)
    return Doctor.diagnose(input).findings.first
  }

  /// `WARNING  CLOSE_WAIT piling up … [close-wait-leak]`, for the header.
  public static func line(_ finding: Finding, language: Language = .en) -> String {
    "\(finding.severity.label.text(language))  \(finding.title.text(language))  [\(finding.id)]"
  }
}
