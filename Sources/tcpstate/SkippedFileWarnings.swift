import TCPStateExplain
import TCPStateKernel
import TCPStateKit
import TCPStateKnowledge

/// Says on stderr which files of the proc tree were skipped (a FIFO, a
/// device, a huge file standing in for a sysctl or a counter file), once per
/// file however often it is read.
final class SkippedFileWarnings {
  private var said: Set<String> = []

  func warn(_ path: String, _ reason: String) {
    guard said.insert(path).inserted else { return }
    tcpstate.warn("tcpstate: \(TextEscaping.escape(path)): \(reason)")
  }

  /// The catalogue's tunables read from `procRoot`, each unreadable one said.
  func readTunables(procRoot: String) -> [String: TunableReading] {
    let reader = TunableReader(procRoot: procRoot)
    let readings = reader.readAll()
    for tunable in TunableCatalog.all {
      if case .unreadable(let reason) = readings[tunable.name] { warn(reader.path(of: tunable), reason) }
    }
    return readings
  }
}
