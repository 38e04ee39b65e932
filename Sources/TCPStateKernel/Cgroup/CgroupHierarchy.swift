import Glibc
import TCPStateKit

/// The cgroup v2 hierarchy as it is now: every cgroup's id (the inode number
/// of its directory, which is what INET_DIAG_CGROUP_ID reports) and its path
/// below the mount, found in /proc/self/mountinfo. Walked once per run, as
/// `ss --cgroup` does; a socket whose cgroup was removed since has an id
/// with no path.
public struct CgroupHierarchy: Sendable {
  /// Where cgroup v2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts).
  public var mountPoint: String
  public var paths: [UInt64: String]

  public init(mountPoint: String, paths: [UInt64: String]) {
    self.mountPoint = mountPoint
    self.paths = paths
  }

  /// Reads the hierarchy; nil when cgroup v2 is not mounted.
  public static func read(procRoot: String = "/proc") -> CgroupHierarchy? {
    guard let mountinfo = TraceFS.readFile("\(procRoot)/self/mountinfo"),
      let mountPoint = CgroupMount.unifiedMountPoint(mountinfo: mountinfo)
    else { return nil }
    var paths: [UInt64: String] = [:]
    walk(mountPoint, relative: "/", into: &paths)
    return CgroupHierarchy(mountPoint: mountPoint, paths: paths)
  }

  /// Depth-first over the directories (each directory is a cgroup). Files
  /// (the controllers' knobs) are told apart by d_type, without a stat each.
  static func walk(_ directory: String, relative: String, into paths: inout [UInt64: String]) {
    var status = stat()
    guard stat(directory, &status) == 0 else { return }
    paths[UInt64(status.st_ino)] = relative
    guard let handle = opendir(directory) else { return }
    var children: [String] = []
    while let entry = readdir(handle) {
      guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name != "." && name != ".." { children.append(name) }
    }
    closedir(handle)
    for child in children {
      walk(directory + "/" + child, relative: relative == "/" ? "/" + child : relative + "/" + child, into: &paths)
    }
  }

  /// The display name for a socket's cgroup id: a parsed name, or nil when the cgroup is gone.
  public func name(for id: UInt64) -> CgroupName? {
    paths[id].map(CgroupName.init(path:))
  }
}
