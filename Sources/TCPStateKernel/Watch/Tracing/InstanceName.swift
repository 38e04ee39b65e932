/// The name of a tcpstate tracefs instance: `tcpstate-PID-STARTTIME`, with
/// `-m` when tcpstate mounted tracefs and the last one to leave unmounts it.
///
/// The owner is identified by pid plus the process's start time (field 22
/// of /proc/PID/stat), which survives renames, copies of the binary under
/// another name and symlinks, and never matches a later process that reuses
/// the pid. The older form `tcpstate-PID` is still recognised so instances
/// left by earlier versions are swept.
public struct InstanceName: Equatable, Sendable {
  public static let prefix = "tcpstate-"

  public var pid: Int32
  /// Nil for the older `tcpstate-PID` form.
  public var startTime: UInt64?
  /// tracefs was mounted by a tcpstate (this one or one it took over from).
  public var ownsMount: Bool

  public init(pid: Int32, startTime: UInt64?, ownsMount: Bool) {
    self.pid = pid
    self.startTime = startTime
    self.ownsMount = ownsMount
  }

  public var text: String {
    var name = "\(Self.prefix)\(pid)"
    if let startTime { name += "-\(startTime)" }
    if ownsMount { name += "-m" }
    return name
  }

  public static func parse(_ name: String) -> InstanceName? {
    guard name.hasPrefix(prefix) else { return nil }
    let parts = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, let pid = Int32(first), pid > 0 else { return nil }
    switch parts.count {
    case 1:
      return InstanceName(pid: pid, startTime: nil, ownsMount: false)
    case 2, 3:
      guard let start = UInt64(parts[1]), parts.count == 2 || parts[2] == "m" else { return nil }
      return InstanceName(pid: pid, startTime: start, ownsMount: parts.count == 3)
    default:
      return nil
    }
  }

  /// The instance's owner is still running: same pid, same start time, not
  /// a zombie. For the older form (no start time) only liveness can be told,
  /// so a live process keeps it: never switch off a watcher that may be running.
  public func ownerIsLive(_ stat: ProcessStat?) -> Bool {
    guard let stat, !stat.isGone else { return false }
    guard let startTime else { return true }
    return stat.startTime == startTime
  }
}
