import ArgumentParser
import TCPStateKernel
import TCPStateKit
import TCPStateModel

/// `--cgroup`, shared by `list`, `kill`, `top` and `watch`: sockets of a cgroup v2 subtree,
/// a systemd unit, a container or a pod.
struct CgroupOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only sockets of this cgroup and its subtree: a path below the cgroup v2 mount (/system.slice/nginx.service), a unit (nginx.service), a container (docker:3f2a9c) or a pod (pod:8b1e) (repeatable).",
      valueName: "path|unit"))
  var cgroup: [String] = []

  /// Adds the `--cgroup` clause (one alternative per cgroup id) to `filter` and
  /// returns the hierarchy when a cgroup is filtered or `shown`; nil when
  /// neither (the hierarchy walk is not free) or, when only shown, when cgroup
  /// v2 is not mounted.
  func apply(to filter: inout SocketFilter, shown: Bool) throws(TCPStateError) -> CgroupHierarchy? {
    guard shown || !cgroup.isEmpty else { return nil }
    guard let hierarchy = try readHierarchy() else { return nil }
    if !cgroup.isEmpty { filter.clauses.append(CgroupSelection.clause(try ids(in: hierarchy))) }
    return hierarchy
  }

  /// The hierarchy; nil when cgroup v2 is not mounted and no --cgroup was given.
  func readHierarchy() throws(TCPStateError) -> CgroupHierarchy? {
    guard let hierarchy = CgroupHierarchy.read() else {
      if cgroup.isEmpty { return nil }
      throw TCPStateError(
        .unavailable, "--cgroup needs cgroup v2, and /proc/self/mountinfo shows no cgroup2 mount",
        hints: ["cgroup v1 only hosts have no cgroup v2 ids for sockets"])
    }
    return hierarchy
  }

  /// Every cgroup id the --cgroup words select (watch tests them itself:
  /// its transitions carry no cgroup for a kernel filter).
  func ids(in hierarchy: CgroupHierarchy) throws(TCPStateError) -> Set<UInt64> {
    var ids: Set<UInt64> = []
    for word in cgroup { ids.formUnion(try CgroupSelection.ids(matching: word, in: hierarchy.paths)) }
    return ids
  }
}

extension CgroupHierarchy {
  /// Every cgroup's parsed name, for the renderers (parsed once, not per socket).
  var names: [UInt64: CgroupName] { paths.mapValues(CgroupName.init(path:)) }
}
