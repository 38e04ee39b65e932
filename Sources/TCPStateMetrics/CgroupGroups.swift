/// `exporter --by-cgroup DEPTH`: the census' sockets per cgroup id become
/// sockets per cgroup path cut to DEPTH levels below the root, so a host's
/// services (`/system.slice/nginx.service` at depth 2) or its pods
/// (`/kubepods.slice/kubepods-burstable.slice/…` at depth 3) are one series
/// each whatever their processes' sub-cgroups. Pure: ids and paths in,
/// bounded groups out.
public struct CgroupGroups: Sendable, Equatable {
  /// Sockets the kernel reports without a cgroup id: TIME_WAIT and request sockets.
  public static let noCgroup = "none"
  /// An id no longer in the hierarchy (its cgroup was removed), or cgroup v2 not mounted.
  public static let unknownCgroup = "unknown"
  /// Groups beyond the bound, summed.
  public static let otherCgroups = "other"

  /// Kept groups by label value, sorted by label.
  public var groups: [(cgroup: String, tally: StateTally)]
  /// How many groups were summed into `other`.
  public var folded: Int

  public static func == (a: CgroupGroups, b: CgroupGroups) -> Bool {
    a.folded == b.folded && a.groups.map(\.cgroup) == b.groups.map(\.cgroup)
      && a.groups.map(\.tally) == b.groups.map(\.tally)
  }

  /// Groups `byID` by path prefix; beyond `limit` groups the ones with the
  /// fewest sockets (ties by name, so the cut is stable) are summed into `other`.
  public init(_ byID: [UInt64: StateTally], paths: [UInt64: String], depth: Int, limit: Int) {
    var byPath: [String: StateTally] = [:]
    for (id, tally) in byID {
      let label = id == 0 ? Self.noCgroup : paths[id].map { Self.prefix($0, depth: depth) } ?? Self.unknownCgroup
      byPath[label, default: StateTally()].add(tally)
    }
    let ranked = byPath.sorted { $0.value.total != $1.value.total ? $0.value.total > $1.value.total : $0.key < $1.key }
    var kept = ranked.prefix(max(0, limit)).map { (cgroup: $0.key, tally: $0.value) }
    let rest = ranked.dropFirst(max(0, limit))
    folded = rest.count
    if !rest.isEmpty {
      var sum = StateTally()
      for group in rest { sum.add(group.value) }
      kept.append((Self.otherCgroups, sum))
    }
    groups = kept.sorted { $0.cgroup < $1.cgroup }
  }

  /// The first `depth` components of a cgroup path below the mount: depth 1
  /// of /system.slice/nginx.service is /system.slice; the root stays /.
  public static func prefix(_ path: String, depth: Int) -> String {
    let components = path.split(separator: "/", omittingEmptySubsequences: true)
    guard !components.isEmpty else { return "/" }
    return "/" + components.prefix(max(1, depth)).joined(separator: "/")
  }
}
