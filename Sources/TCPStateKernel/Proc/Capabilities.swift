import Glibc

/// Whether this process holds a capability in its effective set
/// (`CapEff` in /proc/self/status; capability numbers from linux/capability.h).
public enum Capabilities {
  public static let netAdmin = 12

  public static func effective(_ capability: Int, procRoot: String = "/proc") -> Bool? {
    guard let text = TraceFS.readFile("\(procRoot)/self/status", limit: 16384) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("CapEff:") {
      guard let mask = UInt64(line.dropFirst(7).filter { !$0.isWhitespace }, radix: 16) else { return nil }
      return mask & (1 << UInt64(capability)) != 0
    }
    return nil
  }
}
