import Glibc

/// Finding other tcpstate instances: the stale ones to remove at start, the
/// live ones that keep tracefs mounted, and who holds a busy one open.
extension TraceInstance {
  public struct Sweep {
    /// Instances removed because their owner is gone.
    public var removed: [String] = []
    /// Stale instances that could not be removed (a file inside is held open).
    public var busy: [String] = []
    /// A removed instance had mounted tracefs: its unmount duty passes on.
    public var removedMountOwner = false
    /// A running tcpstate mounted tracefs: whoever leaves last unmounts it.
    public var liveMountOwner = false
  }

  /// Names of tcpstate instances under `root`, other than this process's.
  static func instanceNames(root: String) -> [InstanceName] {
    guard let directory = opendir("\(root)/instances") else { return [] }
    defer { closedir(directory) }
    var names: [InstanceName] = []
    while let entry = readdir(directory) {
      let text = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if let name = InstanceName.parse(text), name.pid != getpid() { names.append(name) }
    }
    return names
  }

  static func otherInstancesExist(root: String) -> Bool { !instanceNames(root: root).isEmpty }

  /// Removes instances whose owner is gone (a SIGKILLed predecessor).
  @discardableResult
  public static func removeStaleInstances(root: String, procRoot: String = "/proc") -> Sweep {
    var sweep = Sweep()
    for name in instanceNames(root: root) {
      if name.ownerIsLive(ProcessStat.read(pid: name.pid, procRoot: procRoot)) {
        if name.ownsMount { sweep.liveMountOwner = true }
        continue
      }
      let path = "\(root)/instances/\(name.text)"
      // Every event of the instance off (state and trouble tracepoints alike).
      _ = write("0", to: "\(path)/events/enable")
      _ = write("0", to: "\(path)/events/sock/inet_sock_set_state/enable")
      if removeDirectory(path, attempts: 2) {
        sweep.removed.append(name.text)
        if name.ownsMount { sweep.removedMountOwner = true }
      } else {
        sweep.busy.append(name.text)
        if name.ownsMount { sweep.removedMountOwner = true }
      }
    }
    return sweep
  }

  /// Processes with a file open inside `path` ("cat[1234]"), from /proc/PID/fd links.
  static func holders(of path: String, procRoot: String = "/proc") -> [String] {
    guard let proc = opendir(procRoot) else { return [] }
    defer { closedir(proc) }
    var found: [String] = []
    var link = [CChar](repeating: 0, count: 4096)
    while let entry = readdir(proc), found.count < 8 {
      let pidText = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard let pid = Int32(pidText), pid != getpid(), let fds = opendir("\(procRoot)/\(pid)/fd") else { continue }
      defer { closedir(fds) }
      while let fd = readdir(fds) {
        let fdText = withUnsafeBytes(of: fd.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard Int(fdText) != nil else { continue }
        let count = readlink("\(procRoot)/\(pid)/fd/\(fdText)", &link, link.count - 1)
        guard count > 0 else { continue }
        let target = link.withUnsafeBufferPointer {
          String(decoding: UnsafeRawBufferPointer($0).prefix(count), as: UTF8.self)
        }
        if target.hasPrefix(path + "/") || target == path {
          found.append("\(ProcessStat.read(pid: pid, procRoot: procRoot)?.command ?? "?")[\(pid)]")
          break
        }
      }
    }
    return found
  }
}
