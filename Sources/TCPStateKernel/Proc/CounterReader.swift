import Glibc
import TCPStateKit

/// Reads the kernel's TCP counters under `<procRoot>/net/`: netstat and snmp
/// (`TcpExt:`, `Tcp:` ...) and sockstat, sockstat6 (`TCP: inuse ... mem`).
/// Parsing is `ProcNetCounterParser` / `SockstatParser`; this only reads
/// files. A missing or unreadable file is a problem in the result, never a throw.
public struct CounterReader: Sendable {
  public var procRoot: String

  public init(procRoot: String = "/proc") {
    self.procRoot = procRoot
  }

  static let files: [(name: String, sockstat: Bool)] = [
    ("net/netstat", false), ("net/snmp", false), ("net/sockstat", true), ("net/sockstat6", true),
  ]

  /// `onSkip` gets the full path and the reason of each file that exists but
  /// was not read (a FIFO, a device, too large, unreadable), for a warning.
  public func read(onSkip: (_ path: String, _ reason: String) -> Void = { _, _ in }) -> (
    table: CounterTable, problems: [CounterProblem]
  ) {
    var table = CounterTable()
    var problems: [CounterProblem] = []
    let root = procRoot.hasSuffix("/") ? String(procRoot.dropLast()) : procRoot
    for file in Self.files {
      let path = root + "/" + file.name
      switch Self.readText(path) {
      case .failure(let failure):
        problems.append(CounterProblem(file: file.name, line: 0, message: failure.description))
        if failure != .missing { onSkip(path, failure.description) }
      case .success(let text):
        let parsed =
          file.sockstat
          ? SockstatParser.parse(text, file: file.name)
          : ProcNetCounterParser.parse(text, file: file.name)
        table.merge(parsed.table)
        problems += parsed.problems
      }
    }
    return (table, problems)
  }

  /// The whole file (proc files report size 0, so read to EOF), at most 1
  /// MiB, through `ProcFile`: a FIFO or a device is skipped, never waited on.
  static func readText(_ path: String) -> Result<String, ProcFile.Failure> {
    ProcFile.read(path).map { String(decoding: $0, as: UTF8.self) }
  }
}
