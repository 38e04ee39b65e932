/// Kubernetes pod names without an API client: the kubelet keeps each pod's
/// logs in `/var/log/pods/<namespace>_<name>_<uid>/`. Namespaces and pod
/// names are DNS labels and subdomains (no `_`), so the three parts split
/// cleanly on it.
public struct PodDirectory: Sendable, Equatable {
  public var namespace: String
  public var name: String
  public var uid: String

  public init?(_ directory: String) {
    let parts = directory.split(separator: "_", omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[2].utf8.count == 36 else { return nil }
    namespace = String(parts[0])
    name = String(parts[1])
    uid = String(parts[2])
  }

  /// The unified (cgroup v2) path in `/proc/PID/cgroup` text: its `0::` line.
  public static func unifiedPath(cgroupFile text: String) -> String? {
    for line in text.split(separator: "\n") where line.hasPrefix("0::") {
      return String(line.dropFirst(3))
    }
    return nil
  }

  /// Docker's name for a container, from its `config.v2.json` (`"Name":"/web"`),
  /// read without a JSON parser: the key is written once, at the top level.
  public static func dockerName(config text: String) -> String? {
    guard let key = text.firstRange(of: "\"Name\":\"") else { return nil }
    let rest = text[key.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    let name = rest[..<end]
    return name.hasPrefix("/") ? String(name.dropFirst()) : (name.isEmpty ? nil : String(name))
  }
}
