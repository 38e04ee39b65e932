import Glibc
import TCPStateKit

/// Reads catalogued tunables from `<procRoot>/sys/...` (Documentation/admin-guide/sysctl).
///
/// `procRoot` is "/proc" on a live host and a temporary directory in tests.
/// Values keep their internal tabs (`tcp_rmem` is "4096\t131072\t6291456");
/// only the trailing newline is removed. A missing file is `.missing`, any
/// other failure `.unreadable` with the reason; reading never throws.
public struct TunableReader: Sendable {
  public var procRoot: String

  public init(procRoot: String = "/proc") {
    self.procRoot = procRoot
  }

  /// The full path of a tunable's file under this root.
  public func path(of tunable: Tunable) -> String {
    let root = procRoot.hasSuffix("/") ? String(procRoot.dropLast()) : procRoot
    return root + "/" + tunable.procPath
  }

  /// Plain open/read: Foundation here would add ICU and ~7 MB to every
  /// tcpstate process, `list` included.
  public func read(_ tunable: Tunable) -> TunableReading {
    let fd = open(path(of: tunable), O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      switch errno {
      case ENOENT, ENOTDIR: return .missing
      case EACCES, EPERM: return .unreadable("permission denied")
      default: return .unreadable(String(cString: strerror(errno)))
      }
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = Glibc.read(fd, &chunk, chunk.count)
      if count < 0 {
        if errno == EINTR { continue }
        return .unreadable(errno == EISDIR ? "is a directory" : String(cString: strerror(errno)))
      }
      if count == 0 { break }
      bytes += chunk[..<count]
      // sysctl files are a line or two; anything this large is not one.
      if bytes.count > 1 << 20 { return .unreadable("larger than 1 MiB") }
    }
    guard var text = String(validating: bytes, as: UTF8.self) else {
      return .unreadable("not UTF-8 text")
    }
    while text.hasSuffix("\n") { text.removeLast() }
    return .value(text)
  }

  /// Readings of the given tunables (the whole catalogue by default), by short name.
  public func readAll(_ tunables: [Tunable] = TunableCatalog.all) -> [String: TunableReading] {
    var readings: [String: TunableReading] = [:]
    for tunable in tunables { readings[tunable.name] = read(tunable) }
    return readings
  }
}
