import Glibc
import TCPStateKit
import TCPStateWire

/// A private tracefs instance (`instances/tcpstate-PID-STARTTIME`) with
/// `sock:inet_sock_set_state` enabled (and, when trouble events are asked for, the TCP
/// trouble tracepoints asked for), read per CPU from `trace_pipe_raw`.
///
/// Unlike a perf event, an instance is kernel state that outlives a killed
/// reader, so it is torn down in order on every normal exit (event off,
/// readers closed, directory removed) and, at the next start, instances
/// whose owner is gone are removed. Owners are told apart by pid plus start
/// time (`InstanceName`), never by command name.
public final class TraceInstance {
  public let root: String
  public let name: InstanceName
  public var path: String { "\(root)/instances/\(name.text)" }
  public let format: TracepointFormat
  public private(set) var readers: [(cpu: Int, fd: Int32)] = []
  /// The kernel refused the port filter (too long or too complex): every
  /// TCP transition reaches the buffer and is filtered in user space.
  public private(set) var portFilterRefused = false
  /// What `close()` could not undo, for the caller to report.
  public private(set) var closeProblems: [TracingNotice] = []
  /// The trouble tracepoints enabled besides the state one, with their formats.
  public private(set) var troubleEvents: [(kind: TCPEventRecord.Kind, format: TracepointFormat)] = []
  /// One line per trouble tracepoint this kernel lacks or refused, or whose filter it refused.
  public private(set) var troubleNotices: [TracingNotice] = []
  /// `sched:sched_process_exit`'s format when it is enabled too: an exit
  /// read in the same batch names the task of earlier events that is gone
  /// from /proc by the time they are read (short-lived clients).
  public private(set) var taskExitFormat: TracepointFormat?
  private var closed = false

  var eventPath: String { "\(path)/events/sock/inet_sock_set_state" }

  /// Mounts tracefs if needed (root only), removes stale instances, creates ours.
  /// `troubleFilters`: the trouble tracepoints to enable too, each with its
  /// own ftrace filter (nil for none).
  public init(
    bufferKiBPerCPU: Int = 4096, kernelFilter: String? = nil,
    troubleFilters: [(TCPEventRecord.Kind, String?)] = [], quietKinds: Set<TCPEventRecord.Kind> = []
  ) throws(TracingError) {
    guard geteuid() == 0 else { throw .instanceNeedsRoot }
    var mounted = false
    var found = TraceFS.candidates.first { access("\($0)/instances", F_OK) == 0 }
    if found == nil {
      let target = TraceFS.candidates[0]
      guard mount("nodev", target, "tracefs", 0, nil) == 0 else {
        throw .mountFailed(root: target, errno: errno, forInstance: true)
      }
      mounted = true
      found = target
    }
    let tracefs = found ?? TraceFS.candidates[0]
    root = tracefs
    let sweep = Self.removeStaleInstances(root: tracefs)
    // Whoever mounted tracefs for tcpstate hands the unmount to the instances after it.
    let inherited = sweep.removedMountOwner || sweep.liveMountOwner
    guard let me = ProcessStat.read(pid: getpid()) else {
      if mounted { umount(tracefs) }
      throw .unreadableSelfStat
    }
    name = InstanceName(pid: getpid(), startTime: me.startTime, ownsMount: mounted || inherited)
    let path = "\(tracefs)/instances/\(name.text)"
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      let code = errno
      if mounted { umount(tracefs) }
      throw .cannotCreateInstance(path: path, errno: code)
    }
    guard let formatText = TraceFS.readFile("\(path)/events/sock/inet_sock_set_state/format"),
      let parsed = try? TracepointFormat.parse(formatText)
    else {
      rmdir(path)
      if mounted { umount(tracefs) }
      throw .noStateTracepoint(forInstance: true)
    }
    format = parsed
    // A monotonic clock comparable across CPUs, and room for bursts.
    _ = Self.write("mono", to: "\(path)/trace_clock")
    _ = Self.write("\(bufferKiBPerCPU)", to: "\(path)/buffer_size_kb")
    // The kernel drops other protocols (and, when given, other ports) before they reach the buffer.
    applyFilter(kernelFilter ?? Self.tcpOnly)
    let cpus = Int(sysconf(Int32(_SC_NPROCESSORS_CONF)))
    for cpu in 0..<max(1, cpus) {
      let fd = open("\(path)/per_cpu/cpu\(cpu)/trace_pipe_raw", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
      if fd >= 0 { readers.append((cpu, fd)) }
    }
    guard !readers.isEmpty, Self.write("1", to: "\(eventPath)/enable") else {
      close()
      throw .cannotEnableStateEvent(path: path)
    }
    // Kinds enabled only to help another (resets for the time-wait hand-over) say nothing when missing.
    for (kind, filter) in troubleFilters {
      let notices = troubleNotices
      enableTrouble(kind, filter: filter)
      if quietKinds.contains(kind) { troubleNotices = notices }
    }
    enableTaskExits()
  }

  var taskExitPath: String { "\(path)/events/sched/sched_process_exit" }

  /// One event per exiting task host-wide, whatever the TCP traffic: on a
  /// host with many connections and few process exits it costs little. A
  /// kernel without it just leaves exited tasks unnamed, as before.
  func enableTaskExits() {
    guard let text = TraceFS.readFile("\(taskExitPath)/format"), let format = try? TracepointFormat.parse(text),
      format.id != nil, (try? TaskExitDecoder(format: format)) != nil,
      Self.write("1", to: "\(taskExitPath)/enable")
    else { return }
    taskExitFormat = format
  }

  func troublePath(_ kind: TCPEventRecord.Kind) -> String { "\(path)/events/\(kind.tracepoint)" }

  /// Enables one trouble tracepoint; a kernel without it (or without the
  /// fields its decoder needs) leaves a notice and the others run.
  func enableTrouble(_ kind: TCPEventRecord.Kind, filter: String?) {
    let name = kind.displayName
    let eventPath = troublePath(kind)
    guard let text = TraceFS.readFile("\(eventPath)/format"), let format = try? TracepointFormat.parse(text) else {
      troubleNotices.append(.missingTracepoint(name))
      return
    }
    do {
      _ = try kind.decoder(format: format)
    } catch {
      troubleNotices.append(.undecodableTracepoint("\(error)"))
      return
    }
    if let filter, !Self.write(filter, to: "\(eventPath)/filter") {
      _ = Self.write("0", to: "\(eventPath)/filter")
      troubleNotices.append(.troubleFilterRefused(filter: filter, tracepoint: name))
    }
    guard Self.write("1", to: "\(eventPath)/enable") else {
      troubleNotices.append(.cannotEnable(tracepoint: name, path: path))
      return
    }
    troubleEvents.append((kind, format))
  }

  deinit { close() }

  static let tcpOnly = "protocol==6"

  /// Writes the filter and reads it back: the kernel answers a filter it
  /// cannot build (too many terms) with an error, or leaves `none`.
  func applyFilter(_ filter: String) {
    let accepted = Self.write(filter, to: "\(eventPath)/filter")
    let now = TraceFS.readFile("\(eventPath)/filter")?.split(separator: "\n").first.map(String.init) ?? "none"
    guard !accepted || now == "none", filter != Self.tcpOnly else { return }
    portFilterRefused = true
    _ = Self.write(Self.tcpOnly, to: "\(eventPath)/filter")
  }

  /// What someone outside changed in this instance that stops events
  /// reaching us: the event switched off, or tracing switched off. An
  /// instance's buffer is fed on the ftrace path, which BPF programs cannot
  /// starve, so these switches are the ways it can go quiet.
  public func switchedOff() -> [String] {
    var problems: [String] = []
    if let enable = TraceFS.readFile("\(eventPath)/enable", limit: 16), enable.first != "1" {
      problems.append("\(eventPath)/enable")
    }
    for (kind, _) in troubleEvents {
      if let enable = TraceFS.readFile("\(troublePath(kind))/enable", limit: 16), enable.first != "1" {
        problems.append("\(troublePath(kind))/enable")
      }
    }
    if let on = TraceFS.readFile("\(path)/tracing_on", limit: 16), on.first != "1" {
      problems.append("\(path)/tracing_on")
    }
    return problems
  }

  /// Writes 1 back to each switch `switchedOff()` named; true when all took.
  public func switchBackOn(_ switches: [String]) -> Bool {
    switches.allSatisfy { Self.write("1", to: $0) }
  }

  /// Event off, readers closed, instance removed, tracefs unmounted if a
  /// tcpstate mounted it and no other tcpstate instance is left.
  public func close() {
    guard !closed else { return }
    closed = true
    _ = Self.write("0", to: "\(eventPath)/enable")
    for (kind, _) in troubleEvents { _ = Self.write("0", to: "\(troublePath(kind))/enable") }
    if taskExitFormat != nil { _ = Self.write("0", to: "\(taskExitPath)/enable") }
    for reader in readers { Glibc.close(reader.fd) }
    readers.removeAll()
    if !Self.removeDirectory(path) {
      closeProblems.append(.instanceNotRemoved(path: path, holders: Self.holders(of: path)))
      return
    }
    if name.ownsMount && !Self.otherInstancesExist(root: root) && umount(root) != 0 && errno != EINVAL {
      closeProblems.append(.notUnmounted(root: root, errno: errno))
    }
  }

  /// rmdir, retried for a short while: a reader that is just closing (or a
  /// `cat` of a file inside) holds the instance busy (EBUSY).
  static func removeDirectory(_ path: String, attempts: Int = 10) -> Bool {
    for attempt in 0..<attempts {
      if rmdir(path) == 0 || errno == ENOENT { return true }
      guard errno == EBUSY else { return false }
      if attempt + 1 < attempts { usleep(50_000) }
    }
    return false
  }

  static func write(_ text: String, to path: String) -> Bool {
    let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { Glibc.close(fd) }
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
  }
}
