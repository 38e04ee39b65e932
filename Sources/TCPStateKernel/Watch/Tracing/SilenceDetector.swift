import Glibc

/// Notices when the tracepoint has gone quiet while TCP is busy: a BPF
/// program attached to the same tracepoint can starve perf delivery without
/// any error. The kernel's own counters (`Tcp: ActiveOpens PassiveOpens` in
/// /proc/net/snmp) keep moving; if they move for `patience` checks in a row
/// while not one sample arrives, the source is declared silent.
public struct SilenceDetector {
  let path: String
  let patience: Int
  var lastOpens: UInt64?
  var lastSamples: UInt64 = 0
  var quietWhileBusy = 0

  public init(procRoot: String = "/proc", patience: Int = 2) {
    self.path = procRoot + "/net/snmp"
    self.patience = patience
  }

  /// Call about once a second with the source's running sample count.
  /// Returns true when the source should be considered silent.
  public mutating func check(samplesRead: UInt64) -> Bool {
    guard let opens = Self.connectionOpens(path: path) else { return false }
    defer {
      lastOpens = opens
      lastSamples = samplesRead
    }
    guard let previous = lastOpens else { return false }
    if opens > previous && samplesRead == lastSamples {
      quietWhileBusy += 1
    } else {
      quietWhileBusy = 0
    }
    return quietWhileBusy >= patience
  }

  /// ActiveOpens + PassiveOpens from the `Tcp:` header/value pair.
  static func connectionOpens(path: String) -> UInt64? {
    guard let text = TraceFS.readFile(path) else { return nil }
    let lines = text.split(separator: "\n").filter { $0.hasPrefix("Tcp:") }
    guard lines.count >= 2 else { return nil }
    let names = lines[0].split(separator: " ")
    let values = lines[1].split(separator: " ")
    guard names.count == values.count else { return nil }
    var total: UInt64 = 0
    for (name, value) in zip(names, values) where name == "ActiveOpens" || name == "PassiveOpens" {
      total += UInt64(value) ?? 0
    }
    return total
  }
}
