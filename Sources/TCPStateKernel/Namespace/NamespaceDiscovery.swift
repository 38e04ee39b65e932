import CShim
import Glibc
import TCPStateModel

/// Finds every network namespace on the host: the distinct namespaces of
/// every task under /proc (threads may have entered another one than their
/// process), plus the bind mounts `ip netns` (and CNI) and Docker keep,
/// which hold namespaces no process is in. Reading another user's
/// `/proc/PID/task/TID/ns/net` link needs CAP_SYS_PTRACE; the tasks that
/// could not be read are counted, so a partial view is said to be one.
public enum NamespaceDiscovery {
  /// Where bind-mounted namespaces live, with the name each directory gives.
  public static let mountDirectories = ["/run/netns", "/run/docker/netns"]

  public struct Result: Sendable {
    public var namespaces: [NamespaceRecord]
    /// Tasks whose namespace link could not be read (EACCES: another user's, without CAP_SYS_PTRACE).
    public var unreadableTasks = 0
  }

  public static func scan(procRoot: String = "/proc", mountDirectories: [String] = mountDirectories) -> Result {
    let own = readLink("\(procRoot)/thread-self/ns/net").flatMap(NamespaceCensus.inode(fromLink:))
    var census = NamespaceCensus(ownInode: own)
    var unreadable = 0
    for pid in numericEntries(procRoot) {
      for tid in numericEntries("\(procRoot)/\(pid)/task") {
        guard let text = readLink("\(procRoot)/\(pid)/task/\(tid)/ns/net") else {
          // A task that exited between the listing and the read is not "unreadable".
          if errno == EACCES || errno == EPERM { unreadable += 1 }
          continue
        }
        if let inode = NamespaceCensus.inode(fromLink: text) {
          census.add(task: tid, of: pid, inode: inode, procRoot: procRoot)
        }
      }
    }
    for directory in mountDirectories {
      for name in entries(directory) ?? [] {
        let path = "\(directory)/\(name)"
        // The bind mount's inode is the namespace's; a file left by a
        // namespace that is gone is a plain file on tmpfs and is skipped.
        guard let inode = namespaceInode(path) else { continue }
        census.add(name: name, path: path, inode: inode)
      }
    }
    return Result(namespaces: census.namespaces, unreadableTasks: unreadable)
  }

  /// `NSFS_MAGIC` (include/uapi/linux/magic.h): the filesystem of namespace files.
  static let nsfsMagic = 0x6e73_6673

  /// The namespace inode of a namespace file (a bind mount or a /proc
  /// link's target); nil for anything else.
  public static func namespaceInode(_ path: String) -> UInt64? {
    var info = stat()
    guard tcpstate_fs_type(path) == nsfsMagic, stat(path, &info) == 0 else { return nil }
    return UInt64(info.st_ino)
  }

  static func readLink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 64)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The names in a directory, `.` and `..` left out; nil when it cannot be opened.
  static func entries(_ directory: String) -> [String]? {
    guard let handle = opendir(directory) else { return nil }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  static func numericEntries(_ directory: String) -> [Int32] {
    (entries(directory) ?? []).compactMap { name in
      name.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ? Int32(name) : nil
    }
  }
}
