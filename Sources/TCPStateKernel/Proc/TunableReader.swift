import Glibc
import TCPStateExplain
import TCPStateKit
import TCPStateKnowledge

/// Reads catalogued tunables from `<procRoot>/sys/...` (Documentation/admin-guide/sysctl).
///
/// `procRoot` is "/proc" on a live host and a temporary directory in tests.
/// Values keep their internal tabs (`tcp_rmem` is "4096\t131072\t6291456");
/// only the trailing newline is removed. A missing file is `.missing`, any
/// other failure (a FIFO, a device, over 1 MiB) `.unreadable` with the
/// reason; reading never throws and never blocks.
public struct TunableReader: Sendable {
  public var procRoot: String

  public init(procRoot: String = "/proc") {
    self.procRoot = procRoot
  }

  /// Tunables the kernel keeps for the host alone (`ipv4_table` in
  /// net/ipv4/sysctl_net_ipv4.c): another namespace's /proc/sys has no file
  /// for them, though they govern its sockets too.
  public static let hostWideNames: Set<String> = ["tcp_mem", "tcp_max_orphans"]

  /// Their values as read in the host's namespace, before `--netns` entered
  /// another one (`NetworkNamespace.enter`); written once, before any thread starts.
  nonisolated(unsafe) public static var hostWideBeforeEntering: [String: TunableReading] = [:]

  /// The full path of a tunable's file under this root.
  public func path(of tunable: Tunable) -> String {
    let root = procRoot.hasSuffix("/") ? String(procRoot.dropLast()) : procRoot
    return root + "/" + tunable.procPath
  }

  /// Plain open/read through `ProcFile` (never blocks on a FIFO, reads
  /// regular files only): Foundation here would add ICU and ~7 MB to every
  /// tcpstate process, `list` included.
  public func read(_ tunable: Tunable) -> TunableReading {
    // sysctl files are a line or two; anything past 1 MiB is not one.
    switch ProcFile.read(path(of: tunable)) {
    case .failure(.missing):
      // Inside another namespace: the host's value, read before entering it.
      if procRoot == "/proc", let host = Self.hostWideBeforeEntering[tunable.name] { return host }
      return .missing
    case .failure(let failure): return .unreadable(failure.description)
    case .success(let bytes):
      guard var text = String(validating: bytes, as: UTF8.self) else {
        return .unreadable("not UTF-8 text")
      }
      while text.hasSuffix("\n") { text.removeLast() }
      return .value(text)
    }
  }

  /// Readings of the given tunables (the whole catalogue by default), by short name.
  public func readAll(_ tunables: [Tunable] = TunableCatalog.all) -> [String: TunableReading] {
    var readings: [String: TunableReading] = [:]
    for tunable in tunables { readings[tunable.name] = read(tunable) }
    return readings
  }
}
