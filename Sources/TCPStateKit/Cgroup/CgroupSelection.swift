import TCPStateModel

/// Turns what the user gave `--cgroup` into the cgroup ids it selects, given
/// the hierarchy as it is now (id → path below the cgroup v2 mount):
///
/// - a path (`/system.slice`, `/tcpstate-test`) selects that cgroup and its subtree;
/// - a unit or any path component (`nginx.service`, `user@1000.service`) selects
///   every cgroup with that component, with their subtrees;
/// - `RUNTIME:ID` or `pod:UID` (a prefix is enough, as shown in the table) selects
///   that container's or pod's cgroups.
///
/// The kernel can only compare one id per op, so a subtree becomes one
/// alternative per cgroup in it; the same ids are checked in user space.
public enum CgroupSelection {
  public static func ids(matching word: String, in paths: [UInt64: String]) throws(TCPStateError) -> Set<UInt64> {
    guard !word.isEmpty else { throw TCPStateError(.usage, "--cgroup needs a path, unit, container or pod") }
    let predicate = matcher(for: word)
    let selected = Set(paths.filter { predicate($0.value) }.keys)
    guard !selected.isEmpty else {
      throw TCPStateError(
        .usage, "--cgroup '\(word)': no such cgroup",
        hints: [
          "give a path below the cgroup v2 mount (/system.slice/nginx.service), a unit (nginx.service), a container (docker:3f2a9c) or a pod (pod:8b1e)"
        ])
    }
    return selected
  }

  /// The filter clause for these ids: any one of them.
  public static func clause(_ ids: Set<UInt64>) -> [SocketFilter.Condition] {
    ids.sorted().map { .cgroup($0) }
  }

  static func matcher(for word: String) -> (String) -> Bool {
    if word.hasPrefix("/") {
      var prefix = word
      while prefix.count > 1 && prefix.hasSuffix("/") { prefix.removeLast() }
      if prefix == "/" { return { _ in true } }
      return { $0 == prefix || $0.hasPrefix(prefix + "/") }
    }
    if let colon = word.firstIndex(of: ":") {
      let kind = word[..<colon]
      let id = String(word[word.index(after: colon)...])
      return { path in
        // Any cgroup at or below the container's or pod's own cgroup.
        var ancestor = ""
        for component in path.split(separator: "/") {
          ancestor += "/" + component
          let name = CgroupName(path: ancestor)
          if kind == "pod", let pod = name.pod, !id.isEmpty, pod.uid.hasPrefix(id) { return true }
          if let container = name.container, container.runtime == kind, !id.isEmpty, container.id.hasPrefix(id) {
            return true
          }
        }
        return false
      }
    }
    return { $0.split(separator: "/").contains { $0 == word } }
  }
}
