import Glibc

/// Who a task is: the process (thread group) and its command name, from
/// /proc/TID/status and /proc/TID/stat. Kernel threads (kworker, ksoftirqd)
/// are never owners of a socket's transition, so they yield nil.
///
/// Results are cached per task, but a cached answer is checked again against
/// the task's start time once it is older than `recheckNs`: a pid is reused
/// only after the kernel has cycled through every other free pid, which
/// takes seconds even in a fork storm, and a task that renamed itself
/// (prctl PR_SET_NAME, exec) shows its new name from then on. A task that
/// has already exited when its event is read keeps its task id as pid, and
/// the command it exited with when `exits` saw its exit after the event
/// (else none: the task id is right, a guessed name would not be).
public struct ProcessIdentity {
  public struct Owner: Equatable {
    public var pid: Int32
    /// Nil when the task had exited before it could be read.
    public var command: String?
  }

  struct Cached {
    var owner: Owner?
    var startTime: UInt64?
    var checkedNs: UInt64
  }

  var cache: [Int32: Cached] = [:]
  let procRoot: String
  let recheckNs: UInt64
  /// The clock, injectable for tests.
  var now: () -> UInt64
  /// Exits seen in the trace instance, to name tasks gone from /proc.
  public var exits: TaskExitLog?

  public init(
    procRoot: String = "/proc", recheckNs: UInt64 = 200_000_000,
    now: @escaping () -> UInt64 = Clock.monotonicNanoseconds
  ) {
    self.procRoot = procRoot
    self.recheckNs = recheckNs
    self.now = now
  }

  /// `eventNs`: when the task acted (CLOCK_MONOTONIC), to match its exit.
  public mutating func owner(ofTask tid: Int32, eventNs: UInt64? = nil) -> Owner? {
    var owner = lookUp(tid)
    if owner != nil, owner?.command == nil, let eventNs, let exits {
      owner?.command = exits.command(ofTask: tid, atOrAfter: eventNs)
    }
    return owner
  }

  mutating func lookUp(_ tid: Int32) -> Owner? {
    guard tid > 0 else { return nil }
    let time = now()
    if let known = cache[tid] {
      if time &- known.checkedNs < recheckNs { return known.owner }
      // Same task as before (same start time): only its name may have changed.
      if let stat = ProcessStat.read(pid: tid, procRoot: procRoot), stat.startTime == known.startTime {
        var owner = known.owner
        if owner != nil { owner?.command = stat.command }
        cache[tid] = Cached(owner: owner, startTime: known.startTime, checkedNs: time)
        return owner
      }
      if known.startTime == nil, ProcessStat.read(pid: tid, procRoot: procRoot) == nil {
        // Still gone: keep the task-id-only answer.
        cache[tid]?.checkedNs = time
        return known.owner
      }
    }
    if cache.count > 4096 { cache.removeAll(keepingCapacity: true) }
    let stat = ProcessStat.read(pid: tid, procRoot: procRoot)
    let owner: Owner?
    if let stat, !stat.isGone {
      owner = Self.read(procRoot: procRoot, tid: tid).map { Owner(pid: $0.pid, command: stat.command) }
    } else {
      // Exited (or a zombie, whose name is still right but whose thread group is gone).
      owner = Owner(pid: tid, command: stat?.command)
    }
    cache[tid] = Cached(owner: owner, startTime: stat?.startTime, checkedNs: time)
    return owner
  }

  /// Parses `Name:`, `Tgid:` and `Kthread:`/`PPid:` lines; kernel threads have PPid 2 (kthreadd) or are kthreadd.
  static func read(procRoot: String, tid: Int32) -> Owner? {
    guard tid > 0, let text = TraceFS.readFile("\(procRoot)/\(tid)/status", limit: 16384) else { return nil }
    var name: String?
    var tgid: Int32?
    var parent: Int32?
    var kernelThread = false
    for line in text.split(separator: "\n") {
      if line.hasPrefix("Name:") {
        name = String(line.dropFirst(5).drop { $0 == " " || $0 == "\t" })
      } else if line.hasPrefix("Tgid:") {
        tgid = Int32(line.dropFirst(5).filter { !$0.isWhitespace })
      } else if line.hasPrefix("PPid:") {
        parent = Int32(line.dropFirst(5).filter { !$0.isWhitespace })
      } else if line.hasPrefix("Kthread:") {
        kernelThread = line.hasSuffix("1")
      }
    }
    if kernelThread || parent == 2 || tid == 2 { return nil }
    guard let name, let tgid else { return nil }
    return Owner(pid: tgid, command: name)
  }
}
