import Glibc
import TCPStateKit
import TCPStateWire

/// A private tracefs instance (`instances/tcpstate-PID`) with only
/// `sock:inet_sock_set_state` enabled, read per CPU from `trace_pipe_raw`.
///
/// Unlike a perf event, an instance is kernel state that outlives a killed
/// reader, so it is torn down in order on every normal exit (event off,
/// readers closed, directory removed) and, at the next start, instances of
/// dead tcpstate processes are removed.
public final class TraceInstance {
  public let root: String
  public let path: String
  let mountedByUs: Bool
  public let format: TracepointFormat
  public private(set) var readers: [(cpu: Int, fd: Int32)] = []
  private var closed = false

  static let prefix = "tcpstate-"

  /// Mounts tracefs if needed (root only), removes stale instances, creates ours.
  public init(bufferKiBPerCPU: Int = 4096, kernelFilter: String? = nil) throws(TCPStateError) {
    guard geteuid() == 0 else {
      throw TCPStateError(
        .permission, "a tracefs instance needs root (tracefs is mode 0700)",
        hints: ["run as root for the tracepoint; without it tcpstate falls back to sock_diag polling"])
    }
    var mounted = false
    var root = TraceFS.candidates.first { access("\($0)/instances", F_OK) == 0 }
    if root == nil {
      let target = TraceFS.candidates[0]
      guard mount("nodev", target, "tracefs", 0, nil) == 0 else {
        throw TCPStateError(
          .unavailable, "tracefs is not mounted and mounting it failed: \(String(cString: strerror(errno)))",
          hints: ["try: mount -t tracefs nodev \(target)"])
      }
      mounted = true
      root = target
    }
    let tracefs = root ?? TraceFS.candidates[0]
    self.root = tracefs
    self.mountedByUs = mounted
    Self.removeStaleInstances(root: tracefs)
    path = "\(tracefs)/instances/\(Self.prefix)\(getpid())"
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      let reason = String(cString: strerror(errno))
      if mounted { umount(tracefs) }
      throw TCPStateError(.unavailable, "cannot create tracefs instance \(path): \(reason)")
    }
    let event = "\(path)/events/sock/inet_sock_set_state"
    guard let formatText = TraceFS.readFile("\(event)/format"),
      let parsed = try? TracepointFormat.parse(formatText)
    else {
      rmdir(path)
      if mounted { umount(tracefs) }
      throw TCPStateError(.unavailable, "this kernel has no sock:inet_sock_set_state tracepoint (Linux 4.16+)")
    }
    format = parsed
    // A monotonic clock comparable across CPUs, and room for bursts.
    _ = Self.write("mono", to: "\(path)/trace_clock")
    _ = Self.write("\(bufferKiBPerCPU)", to: "\(path)/buffer_size_kb")
    // The kernel drops other protocols (and, when given, other ports) before they reach the buffer.
    _ = Self.write(kernelFilter ?? "protocol == 6", to: "\(event)/filter")
    let cpus = Int(sysconf(Int32(_SC_NPROCESSORS_CONF)))
    for cpu in 0..<max(1, cpus) {
      let fd = open("\(path)/per_cpu/cpu\(cpu)/trace_pipe_raw", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
      if fd >= 0 { readers.append((cpu, fd)) }
    }
    guard !readers.isEmpty, Self.write("1", to: "\(event)/enable") else {
      close()
      throw TCPStateError(.unavailable, "cannot enable sock:inet_sock_set_state in \(path)")
    }
  }

  deinit { close() }

  /// Event off, readers closed, instance removed, tracefs unmounted if we mounted it.
  public func close() {
    guard !closed else { return }
    closed = true
    _ = Self.write("0", to: "\(path)/events/sock/inet_sock_set_state/enable")
    for reader in readers { Glibc.close(reader.fd) }
    readers.removeAll()
    rmdir(path)
    if mountedByUs { umount(root) }
  }

  /// Removes `tcpstate-PID` instances whose process is gone (a SIGKILLed predecessor).
  @discardableResult
  public static func removeStaleInstances(root: String) -> [String] {
    guard let directory = opendir("\(root)/instances") else { return [] }
    var stale: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)) else { continue }
      if pid != getpid() && !isLiveTCPState(pid) { stale.append(name) }
    }
    closedir(directory)
    for name in stale {
      _ = write("0", to: "\(root)/instances/\(name)/events/sock/inet_sock_set_state/enable")
      rmdir("\(root)/instances/\(name)")
    }
    return stale
  }

  /// A live tcpstate owns the instance: the process exists, is not a zombie
  /// (a killed watcher not yet reaped) and is tcpstate (not a reused pid).
  static func isLiveTCPState(_ pid: Int32) -> Bool {
    guard let stat = TraceFS.readFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
    let command = stat[stat.index(after: stat.firstIndex(of: "(") ?? stat.startIndex)..<close]
    let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
    return command == "tcpstate" && state != "Z" && state != "X"
  }

  @discardableResult
  static func write(_ text: String, to path: String) -> Bool {
    let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { Glibc.close(fd) }
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
  }
}
