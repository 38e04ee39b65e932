import Glibc

/// This process and its ancestors (up to, not including, init), with the
/// socket inodes they hold: the sockets `kill` must not cut from under the
/// session it runs in (the shell, tmux, sshd's session process, sudo).
/// Init is left out: it holds every socket-activated listener on the host,
/// none of which carries this session.
public struct ProcessChain: Sendable {
  public struct Member: Sendable, Equatable {
    public var pid: Int32
    public var command: String
  }

  public private(set) var members: [Member] = []
  /// Socket inode → the chain member holding it (the closest to us first).
  public private(set) var socketOwners: [UInt32: Member] = [:]

  public init() {}

  /// Walks `ppid` links from `pid` (normally getpid()) through /proc.
  public static func read(from pid: Int32 = getpid(), procRoot: String = "/proc") -> ProcessChain {
    var chain = ProcessChain()
    var current = pid
    var seen: Set<Int32> = []
    while current > 1, seen.insert(current).inserted, let stat = ProcessStat.read(pid: current, procRoot: procRoot) {
      let member = Member(pid: current, command: stat.command)
      chain.members.append(member)
      for inode in socketInodes(pid: current, procRoot: procRoot) where chain.socketOwners[inode] == nil {
        chain.socketOwners[inode] = member
      }
      current = stat.parentPID
    }
    return chain
  }

  /// The inodes of `socket:[N]` links in /proc/PID/fd (empty when unreadable).
  static func socketInodes(pid: Int32, procRoot: String) -> [UInt32] {
    let path = "\(procRoot)/\(pid)/fd"
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var inodes: [UInt32] = []
    var link = [CChar](repeating: 0, count: 64)
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard name.first?.isNumber == true else { continue }
      let count = readlinkat(dirfd(directory), name, &link, link.count - 1)
      guard count > 0 else { continue }
      let target = String(decoding: link[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      // "socket:[12345]"
      guard target.hasPrefix("socket:["), target.hasSuffix("]"),
        let inode = UInt32(target.dropFirst(8).dropLast())
      else { continue }
      inodes.append(inode)
    }
    return inodes
  }
}
