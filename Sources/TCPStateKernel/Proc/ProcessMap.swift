import Dispatch
import Glibc
import Synchronization
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

  /// Scans `procRoot` (normally /proc). Both the fd directory listings and
  /// the readlinkat calls (most of the cost, all of it in the kernel) are
  /// spread over the available cores.
  public static func scan(procRoot: String = "/proc", threads: Int = ProcessMap.defaultThreads) -> ProcessMap {
    var map = ProcessMap()
    guard let proc = opendir(procRoot) else { return map }
    defer { closedir(proc) }
    let procFD = dirfd(proc)
    var pids: [Int32] = []
    while let entry = readdir(proc) {
      if let pid = parsePID(entry) { pids.append(pid) }
    }
    // Phase 1: every (process, fd) pair, with an open descriptor per fd
    // directory; processes are handed out to the workers one at a time.
    struct Listing {
      var directories: [(pid: Int32, fd: Int32)] = []
      var entries: [(directory: Int32, fd: Int32)] = []
      var unreadable = 0
    }
    let listers = max(1, min(threads, pids.count / 64 + 1))
    var listings = [Listing](repeating: Listing(), count: listers)
    let next = Atomic<Int>(0)
    pids.withUnsafeBufferPointer { pids in
      listings.withUnsafeMutableBufferPointer { listings in
        DispatchQueue.concurrentPerform(iterations: listers) { worker in
          var listing = Listing()
          while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < pids.count else { break }
            let pid = pids[index]
            let fdDirFD = openat(procFD, "\(pid)/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fdDirFD >= 0 else {
              if errno == EACCES || errno == EPERM { listing.unreadable += 1 }
              continue
            }
            // fdopendir takes ownership; keep a duplicate for readlinkat after closedir.
            let linkFD = dup(fdDirFD)
            guard linkFD >= 0, let fdDir = fdopendir(fdDirFD) else {
              close(fdDirFD)
              if linkFD >= 0 { close(linkFD) }
              continue
            }
            let directory = Int32(listing.directories.count)
            listing.directories.append((pid, linkFD))
            while let fdEntry = readdir(fdDir) {
              if let fd = parseNumber(fdEntry) { listing.entries.append((directory, fd)) }
            }
            closedir(fdDir)
          }
          listings[worker] = listing
        }
      }
    }
    var directories: [(pid: Int32, fd: Int32)] = []
    var entries: [(directory: Int32, fd: Int32)] = []
    for listing in listings {
      let base = Int32(directories.count)
      directories += listing.directories
      entries += listing.entries.map { (base + $0.directory, $0.fd) }
      map.unreadableProcesses += listing.unreadable
    }
    defer { for directory in directories { close(directory.fd) } }

    // Phase 2: resolve the links in parallel slices.
    let workers = max(1, min(threads, entries.count / 2048 + 1))
    var found = [[(inode: UInt32, entry: Int)]](repeating: [], count: workers)
    entries.withUnsafeBufferPointer { entries in
      directories.withUnsafeBufferPointer { directories in
        found.withUnsafeMutableBufferPointer { found in
          DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var link = [CChar](repeating: 0, count: 64)
            var local: [(inode: UInt32, entry: Int)] = []
            var name = [CChar](repeating: 0, count: 16)
            for i in stride(from: worker, to: entries.count, by: workers) {
              let entry = entries[i]
              formatDecimal(entry.fd, into: &name)
              let length = readlinkat(directories[Int(entry.directory)].fd, name, &link, link.count)
              if length > 9, let inode = socketInode(link, length) { local.append((inode, i)) }
            }
            found[worker] = local
          }
        }
      }
    }

    // Phase 3: one dictionary, command names read once per owning process.
    var commands: [Int32: String] = [:]
    for slice in found {
      for (inode, i) in slice {
        let entry = entries[i]
        let pid = directories[Int(entry.directory)].pid
        let command = commands[pid] ?? readCommand(procFD: procFD, pid: pid) ?? "?"
        commands[pid] = command
        map.owners[inode, default: []].append(ProcessRef(pid: pid, command: command, fd: entry.fd))
      }
    }
    return map
  }

  public static var defaultThreads: Int { max(1, min(4, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

  /// Writes `value` as a NUL-terminated decimal string, in place (no allocation: it runs per fd).
  static func formatDecimal(_ value: Int32, into buffer: inout [CChar]) {
    var length = 1
    var rest = value / 10
    while rest > 0 {
      length += 1
      rest /= 10
    }
    var n = value
    for i in stride(from: length - 1, through: 0, by: -1) {
      buffer[i] = CChar(48 + n % 10)
      n /= 10
    }
    buffer[length] = 0
  }

  /// Parses "socket:[12345]".
  static func socketInode(_ link: [CChar], _ length: Int) -> UInt32? {
    // "socket:[" compared byte by byte: no temporary array per fd.
    guard link[0] == 115, link[1] == 111, link[2] == 99, link[3] == 107, link[4] == 101, link[5] == 116,
      link[6] == 58, link[7] == 91
    else { return nil }
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
