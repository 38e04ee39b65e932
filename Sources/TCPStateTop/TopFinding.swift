import TCPStateDoctor
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// The doctor's rules run over `top`'s last two snapshots: the same
/// `SocketSummary`, counter window and tunables `doctor` builds, so the
/// header's one-line finding is exactly what `tcpstate doctor` would put first.
/// Owners are not looked up (that would scan /proc on every refresh), so the line names no process.
public enum TopFinding {
  /// The most severe finding (ties: the doctor's order), or nil when healthy
  /// or before the first snapshot. The input is built by the kernel layer's
  /// `DoctorInputBuilder`, from the model, as doctor's and the exporter's are.
  public static func worst(_ input: DoctorInput?) -> Finding? {
    input.flatMap { Doctor.diagnose($0).findings.first }
  }

  /// `WARNING  CLOSE_WAIT piling up … [close-wait-leak]`, for the header.
  public static func line(_ finding: Finding, language: Language = .en) -> String {
    "\(finding.severity.label.text(language))  \(finding.title.text(language))  [\(finding.id)]"
  }
}
