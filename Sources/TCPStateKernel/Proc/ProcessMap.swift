import Glibc
import TCPStateModel

/// Maps socket inodes to the processes holding them, by reading the
/// `socket:[INODE]` links under `/proc/PID/fd`. One `readlinkat` per open fd
/// relative to a directory descriptor, digits parsed in place, one dictionary:
/// this is where `ss -p` loses its time (a 256-bucket hash and a path string
/// per fd).
public struct ProcessMap: Sendable {
  public private(set) var owners: [UInt32: [ProcessRef]] = [:]
  /// Processes whose fd directory could not be read (other users' without root).
  public private(set) var unreadableProcesses = 0

  public init() {}

  public func processes(for inode: UInt32) -> [ProcessRef] {
    inode == 0 ? [] : owners[inode] ?? []
  }

  /// Scans `procRoot` (normally /proc).
  public static func scan(procRoot: String = "/proc") -> ProcessMap {
    var map = ProcessMap()
    guard let proc = opendir(procRoot) else { return map }
    defer { closedir(proc) }
    let procFD = dirfd(proc)
    var link = [CChar](repeating: 0, count: 64)
    while let entry = readdir(proc) {
      guard let pid = parsePID(entry) else { continue }
      let fdDirFD = openat(procFD, "\(pid)/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard fdDirFD >= 0 else {
        if errno == EACCES || errno == EPERM { map.unreadableProcesses += 1 }
        continue
      }
      guard let fdDir = fdopendir(fdDirFD) else {
        close(fdDirFD)
        continue
      }
      var command: String?
      while let fdEntry = readdir(fdDir) {
        guard let fd = parseNumber(fdEntry) else { continue }
        let length = withUnsafeMutablePointer(to: &fdEntry.pointee.d_name) { name in
          name.withMemoryRebound(to: CChar.self, capacity: 256) { readlinkat(fdDirFD, $0, &link, link.count) }
        }
        guard length > 9, let inode = socketInode(link, length) else { continue }
        if command == nil { command = readCommand(procFD: procFD, pid: pid) }
        map.owners[inode, default: []].append(ProcessRef(pid: pid, command: command ?? "?", fd: fd))
      }
      closedir(fdDir)
    }
    return map
  }

  /// Parses "socket:[12345]".
  static func socketInode(_ link: [CChar], _ length: Int) -> UInt32? {
    // "socket:[" is 8 bytes.
    let prefix: [CChar] = [115, 111, 99, 107, 101, 116, 58, 91]
    for i in 0..<8 where link[i] != prefix[i] { return nil }
    var value: UInt32 = 0
    var i = 8
    while i < length, link[i] >= 48, link[i] <= 57 {
      value = value &* 10 &+ UInt32(link[i] - 48)
      i += 1
    }
    return i < length && link[i] == 93 ? value : nil
  }

  static func parsePID(_ entry: UnsafeMutablePointer<dirent>) -> Int32? {
    guard entry.pointee.d_type == DT_DIR || entry.pointee.d_type == DT_UNKNOWN else { return nil }
    return parseNumber(entry)
  }

  static func parseNumber(_ entry: UnsafeMutablePointer<dirent>) -> Int32? {
    withUnsafeBytes(of: &entry.pointee.d_name) { name -> Int32? in
      var value: Int32 = 0
      var i = 0
      while i < name.count, name[i] != 0 {
        let c = name[i]
        guard c >= 48, c <= 57, value < 100_000_000 else { return nil }
        value = value * 10 + Int32(c - 48)
        i += 1
      }
      return i == 0 ? nil : value
    }
  }

  /// The command name from /proc/PID/comm (what ss shows).
  static func readCommand(procFD: Int32, pid: Int32) -> String? {
    let fd = openat(procFD, "\(pid)/comm", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(fd, &buffer, buffer.count)
    guard count > 0 else { return nil }
    var end = count
    while end > 0 && (buffer[end - 1] == 10 || buffer[end - 1] == 0) { end -= 1 }
    return String(decoding: buffer[..<end], as: UTF8.self)
  }
}
