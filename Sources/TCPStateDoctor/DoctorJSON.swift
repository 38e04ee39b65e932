import TCPStateKit
import TCPStateKnowledge

/// `doctor --json`: one object, snake_case keys in a fixed order.
///
///     {"verdict": "warning", "exit_code": 1, "sockets": 37, "scoped": true, "interval_seconds": 1.0,
///      "findings": [{"id", "severity", "title", "detail", "evidence": {key: number},
///                    "evidence_labels": {key: text}, "subjects": [...], "subjects_total",
///                    "advice": [...], "commands": [...], "tunables": [...], "explain"}],
///      "problems": [...]}
public enum DoctorJSON {
  public static func render(_ report: DoctorReport, language: Language) -> String {
    value(report, language: language).serialized() + "\n"
  }

  public static func value(_ report: DoctorReport, language: Language) -> JSONValue {
    .object([
      ("verdict", .string(report.verdict.name)),
      ("exit_code", .int(Int(report.exitCode))),
      ("sockets", .int(report.socketCount)),
      ("scoped", .bool(report.scoped)),
      ("interval_seconds", .double(report.seconds)),
      ("findings", .array(report.findings.map { finding($0, language) })),
      ("problems", .strings(report.problems)),
    ])
  }

  static func finding(_ finding: Finding, _ language: Language) -> JSONValue {
    .object([
      ("id", .string(finding.id)),
      ("severity", .string(finding.severity.name)),
      ("title", .text(finding.title, language)),
      ("detail", .text(finding.detail, language)),
      ("evidence", metrics(finding.evidence)),
      ("evidence_labels", .object(finding.evidence.map { ($0.key, .text($0.label, language)) })),
      (
        "subjects",
        .array(
          finding.subjects.map {
            .object([
              ("label", .string($0.label)), ("process", .optional($0.process)),
              ("values", metrics($0.metrics)),
            ])
          })
      ),
      ("subjects_total", .int(finding.subjectTotal)),
      ("advice", .array(finding.advice.map { .text($0, language) })),
      ("commands", .strings(finding.commands)),
      (
        "tunables",
        .array(
          finding.tunables.map {
            .object([
              ("name", .string($0.name)), ("sysctl", .string($0.sysctl)),
              ("value", .optional($0.value)),
            ])
          })
      ),
      ("explain", .string(finding.explain)),
      ("host_wide", .bool(finding.hostWide)),
    ])
  }

  static func metrics(_ metrics: [Metric]) -> JSONValue {
    .object(metrics.map { ($0.key, .int(Int($0.value))) })
  }
}
