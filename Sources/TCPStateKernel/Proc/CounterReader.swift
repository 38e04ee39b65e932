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

  public func read() -> (table: CounterTable, problems: [CounterProblem]) {
    var table = CounterTable()
    var problems: [CounterProblem] = []
    let root = procRoot.hasSuffix("/") ? String(procRoot.dropLast()) : procRoot
    for file in Self.files {
      let path = root + "/" + file.name
      switch Self.readText(path) {
      case .failure(let failure):
        problems.append(CounterProblem(file: file.name, line: 0, message: failure.description))
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

  /// The whole file (proc files report size 0, so read to EOF), at most 1 MiB.
  static func readText(_ path: String) -> Result<String, ReadFailureReason> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(ReadFailureReason(String(cString: strerror(errno)))) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16384)
    while bytes.count < 1 << 20 {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(ReadFailureReason(String(cString: strerror(errno))))
      }
      if count == 0 { break }
      bytes += chunk[..<count]
    }
    return .success(String(decoding: bytes, as: UTF8.self))
  }
}

/// Why a counter file could not be read (strerror text).
public struct ReadFailureReason: Error, CustomStringConvertible, Sendable {
  public var description: String
  init(_ description: String) { self.description = description }
}
