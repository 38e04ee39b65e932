/// One network namespace on the host, as tcpstate finds it: its inode
/// number (what `lsns`, `/proc/PID/ns/net` and inspektor-gadget call it),
/// the names `ip netns` or a container runtime gave it, a few processes
/// inside, and a file to open it by.
public struct NamespaceRecord: Sendable, Equatable {
  public var inode: UInt64
  /// Bind-mount names: `ip netns` (`/run/netns/NAME`, CNI's `cni-…`) and
  /// Docker's `/run/docker/netns/ID`, sorted.
  public var names: [String] = []
  /// Processes with a task inside, ascending (at most `NamespaceCensus.pidsKept`).
  public var pids: [Int32] = []
  /// What to open to enter it: a bind mount when there is one (it cannot be
  /// recycled by another process), else `/proc/PID/task/TID/ns/net`.
  public var path: String
  /// The namespace tcpstate itself runs in.
  public var isOwn = false
  /// The pod or container whose namespace it is, when its processes' cgroups say so.
  public var workload: NamespaceWorkload?

  public init(inode: UInt64, path: String) {
    self.inode = inode
    self.path = path
  }

  /// How to show it in a table: its pod (`namespace/name`), else its
  /// container, else its first name, else its inode.
  public var label: String { workload?.label ?? names.first ?? String(inode) }
}

/// Who a network namespace belongs to, in the names people know: a
/// Kubernetes pod (all its containers share one network namespace), or a
/// container with a namespace of its own. Each part only when it was found.
public struct NamespaceWorkload: Sendable, Equatable {
  public var podUID: String?
  public var podNamespace: String?
  public var podName: String?
  /// `docker`, `containerd`, `crio`, `podman`, `container`.
  public var containerRuntime: String?
  public var containerID: String?
  public var containerName: String?

  public init() {}

  public var label: String? {
    if let podName { return podNamespace.map { "\($0)/\(podName)" } ?? podName }
    if let podUID { return "pod:\(podUID.prefix(8))" }
    if let containerName { return containerName }
    if let containerID { return "\(containerRuntime ?? "container"):\(containerID.prefix(12))" }
    return nil
  }
}

/// Builds the host's namespaces from what was read: each task's namespace
/// (threads may have entered another namespace than their process's, so
/// every task counts) and each bind mount. Pure: the readings come from
/// `NamespaceDiscovery`, or from a test.
public struct NamespaceCensus {
  /// Processes remembered per namespace: enough to read its counters
  /// (`/proc/PID/net/snmp`) and name it from cgroups, without keeping every
  /// pid of a busy namespace.
  public static let pidsKept = 8

  var byInode: [UInt64: NamespaceRecord] = [:]
  let ownInode: UInt64?

  public init(ownInode: UInt64?) { self.ownInode = ownInode }

  /// A task (`tid` of process `pid`) is in namespace `inode`.
  public mutating func add(task tid: Int32, of pid: Int32, inode: UInt64, procRoot: String = "/proc") {
    var record =
      byInode[inode] ?? NamespaceRecord(inode: inode, path: "\(procRoot)/\(pid)/task/\(tid)/ns/net")
    if record.pids.last != pid && !record.pids.contains(pid) && record.pids.count < Self.pidsKept {
      record.pids.append(pid)
    }
    byInode[inode] = record
  }

  /// A bind mount `path` (named `name`) holds namespace `inode`.
  public mutating func add(name: String, path: String, inode: UInt64) {
    var record = byInode[inode] ?? NamespaceRecord(inode: inode, path: path)
    if !record.names.contains(name) { record.names.append(name) }
    if record.names.count == 1 { record.path = path }
    byInode[inode] = record
  }

  /// Own namespace first, then named ones by name, then the rest by inode.
  public var namespaces: [NamespaceRecord] {
    byInode.values.map { record in
      var record = record
      record.names.sort()
      record.pids.sort()
      record.isOwn = record.inode == ownInode
      return record
    }.sorted { a, b in
      if a.isOwn != b.isOwn { return a.isOwn }
      switch (a.names.first, b.names.first) {
      case (let x?, let y?): return x == y ? a.inode < b.inode : x < y
      case (.some, nil): return true
      case (nil, .some): return false
      case (nil, nil): return a.inode < b.inode
      }
    }
  }

  /// `net:[4026531840]`, the text of a `/proc/…/ns/net` link, as an inode.
  public static func inode(fromLink text: String) -> UInt64? {
    guard text.hasPrefix("net:["), text.hasSuffix("]") else { return nil }
    return UInt64(text.dropFirst(5).dropLast())
  }
}
