import TCPStateKit
import TCPStateKnowledge

/// How bad a finding is. The worst one decides `doctor`'s exit code:
/// 0 for ok and info, 1 for warning, 2 for critical.
public enum Severity: Int, Sendable, Comparable, CaseIterable {
  case ok = 0
  case info, warning, critical

  public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

  /// The JSON spelling.
  public var name: String {
    switch self {
    case .ok: "ok"
    case .info: "info"
    case .warning: "warning"
    case .critical: "critical"
    }
  }

  public var label: Localized {
    switch self {
    case .ok: L("OK", "正常")
    case .info: L("INFO", "提示")
    case .warning: L("WARNING", "警告")
    case .critical: L("CRITICAL", "严重")
    }
  }

  public var tone: TextStyle.Tone {
    switch self {
    case .ok: .green
    case .info: .blue
    case .warning: .yellow
    case .critical: .red
    }
  }

  /// The process exit code for a report whose worst finding has this severity.
  public var exitCode: Int32 {
    switch self {
    case .ok, .info: 0
    case .warning: 1
    case .critical: 2
    }
  }
}
