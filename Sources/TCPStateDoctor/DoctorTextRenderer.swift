import TCPStateKit
import TCPStateKnowledge

/// The human report: findings worst first, each with its numbers, the
/// sockets involved, what to consider and where `explain` says more; then a
/// one-line verdict. Colour comes only from `options.style`. Every text is
/// escaped before it is styled (findings name processes, notes quote counter
/// files), and notes beyond `noteLimit` are counted, not printed.
public enum DoctorTextRenderer {
  /// Notes shown before "… and N more notes"; JSON keeps them all.
  public static let noteLimit = 10

  public static func render(_ report: DoctorReport, options: DoctorOptions) -> String {
    let lang = options.language
    let style = options.style
    var lines: [String] = []
    func text(_ localized: Localized) -> String { TextEscaping.escape(localized.text(lang)) }
    for finding in report.findings {
      let label = style.apply(
        finding.severity.tone, style.apply(.bold, finding.severity.label.text(lang)))
      lines.append(
        "\(label)  \(style.apply(.bold, text(finding.title)))  \(style.apply(.dim, "[\(finding.id)]"))"
      )
      lines += TextWrap.wrap(text(finding.detail), columns: options.width, indent: "  ")
      if !finding.evidence.isEmpty {
        lines.append("  " + L("Evidence:", "依据：").text(lang))
        let labels = finding.evidence.map { text($0.label) }
        let column = min(48, labels.map { TextWrap.width($0) }.max() ?? 0)
        for (metric, label) in zip(finding.evidence, labels) {
          lines.append("    " + TextWrap.pad(label, to: column) + "  " + String(metric.value))
        }
      }
      if !finding.subjects.isEmpty {
        lines.append(
          "  " + L("Involved (\(finding.subjectTotal)):", "涉及（\(finding.subjectTotal)）：").text(lang)
        )
        for subject in finding.subjects {
          var line = "    " + TextEscaping.escape(subject.label)
          for metric in subject.metrics { line += "  \(text(metric.label)) \(metric.value)" }
          if let process = subject.process {
            line += "  " + style.apply(.cyan, TextEscaping.escape(process))
          }
          lines.append(line)
        }
        if finding.subjectTotal > finding.subjects.count {
          let more = finding.subjectTotal - finding.subjects.count
          lines.append("    " + L("… and \(more) more", "……另有 \(more) 个").text(lang))
        }
      }
      if !finding.advice.isEmpty || !finding.commands.isEmpty {
        lines.append("  " + L("What to do:", "建议：").text(lang))
        for advice in finding.advice {
          let wrapped = TextWrap.wrap(text(advice), columns: options.width, indent: "      ")
          for (index, line) in wrapped.enumerated() {
            lines.append(index == 0 ? "    - " + line.dropFirst(6) : line)
          }
        }
        for command in finding.commands {
          lines.append(
            "    " + L("consider:", "可考虑：").text(lang) + " "
              + style.apply(.green, TextEscaping.escape(command)))
        }
      }
      if !finding.tunables.isEmpty {
        let values = finding.tunables.map { tunable in
          let value = tunable.value.map {
            TextEscaping.display(
              TunableDefault.split($0).joined(separator: " "), limit: TextEscaping.valueLimit)
          }
          return "\(tunable.name) = \(value ?? "?")"
        }.joined(separator: ", ")
        lines += TextWrap.wrap(
          L("Tunables: ", "相关参数：").text(lang) + values, columns: options.width, indent: "  ")
      }
      lines.append("  " + L("More: ", "详见：").text(lang) + "tcpstate explain \(finding.explain)")
      lines.append("")
    }
    for problem in report.problems.prefix(noteLimit) {
      lines.append(style.apply(.dim, L("note: ", "注意：").text(lang) + TextEscaping.escape(problem)))
    }
    if report.problems.count > noteLimit {
      let more = report.problems.count - noteLimit
      lines.append(
        style.apply(
          .dim,
          L("note: … and \(more) more (--json lists them all)", "注意：……另有 \(more) 条（--json 列出全部）")
            .text(lang)))
    }
    lines.append(verdict(report, language: lang, style: style))
    return lines.joined(separator: "\n") + "\n"
  }

  /// `healthy: 37 sockets, no findings` or `critical: 1 critical, 2 warnings (37 sockets)`.
  public static func verdict(_ report: DoctorReport, language: Language, style: TextStyle = .plain)
    -> String
  {
    let n = report.socketCount
    let count = { (severity: Severity) in report.findings.filter { $0.severity == severity }.count }
    let scope = report.scoped ? L(" in scope", "，限定范围内") : L("", "")
    switch report.verdict {
    case .ok:
      return style.apply(
        .green,
        L("healthy: \(n) sockets\(scope.en), no findings", "健康：\(n) 个套接字\(scope.zh)，没有发现问题").text(
          language))
    case .info:
      return style.apply(
        .green,
        L(
          "healthy: \(n) sockets\(scope.en), \(plural(count(.info), "note"))",
          "健康：\(n) 个套接字\(scope.zh)，\(count(.info)) 条提示"
        ).text(language))
    case .warning, .critical:
      let text = L(
        "\(report.verdict.name): \(count(.critical)) critical, \(plural(count(.warning), "warning")), \(plural(count(.info), "note")) (\(n) sockets\(scope.en))",
        "\(report.verdict.label.zh)：\(count(.critical)) 个严重，\(count(.warning)) 个警告，\(count(.info)) 条提示（\(n) 个套接字\(scope.zh)）"
      )
      return style.apply(report.verdict.tone, style.apply(.bold, text.text(language)))
    }
  }
}

/// "1 note", "2 notes".
func plural(_ count: Int, _ noun: String) -> String { count == 1 ? "1 \(noun)" : "\(count) \(noun)s" }
