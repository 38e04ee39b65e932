/// The catalogue of tunables and name lookup.
public enum TunableCatalog {
  public static let all: [Tunable] =
    handshakeTunables + closeTunables + connectionTunables + transportTunables

  /// The tunable a name refers to: `tcp_fin_timeout`, `net.ipv4.tcp_fin_timeout`,
  /// `net/ipv4/tcp_fin_timeout` or `/proc/sys/net/ipv4/tcp_fin_timeout`, in any case.
  public static func tunable(named word: String) -> Tunable? {
    var key = word.lowercased()
    for prefix in ["/proc/sys/", "proc/sys/", "/sys/"] where key.hasPrefix(prefix) {
      key = String(key.dropFirst(prefix.count))
    }
    key = String(key.map { $0 == "/" ? "." : $0 })
    return all.first { $0.name == key || $0.sysctl == key }
  }
}
