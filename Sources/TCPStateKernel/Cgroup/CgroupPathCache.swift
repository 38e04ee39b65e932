/// Cgroup ids to paths for a long-running reader (the exporter): the
/// hierarchy is walked once, and again only when a socket names an id the
/// last walk did not see (a service started since) and at least
/// `rewalkSeconds` have passed, so a removed cgroup's lingering id does not
/// make every scrape walk the tree.
public final class CgroupPathCache {
  let procRoot: String
  let rewalkSeconds: Double
  var hierarchy: CgroupHierarchy?
  var walkedAt: Double?

  public init(procRoot: String = "/proc", rewalkSeconds: Double = 10) {
    self.procRoot = procRoot
    self.rewalkSeconds = rewalkSeconds
  }

  /// The paths of `ids` that exist (0, no cgroup, is never looked up).
  public func paths(for ids: some Sequence<UInt64>, now: Double = Clock.monotonicSeconds()) -> [UInt64: String] {
    let wanted = ids.filter { $0 != 0 }
    let missing = wanted.contains { hierarchy?.paths[$0] == nil }
    if missing, walkedAt.map({ now - $0 >= rewalkSeconds }) ?? true {
      hierarchy = CgroupHierarchy.read(procRoot: procRoot)
      walkedAt = now
    }
    var found: [UInt64: String] = [:]
    for id in wanted { if let path = hierarchy?.paths[id] { found[id] = path } }
    return found
  }
}
