import Glibc

/// Why the kernel's tracepoints cannot be read, as data: which step failed,
/// with the path and errno that say where. The description is the fact
/// alone (what failed, the kernel's own words for the errno), as with
/// `KernelError`; the command line adds the exit code and what to run about
/// it (root, a mount command), and the exporter logs the fact.
public enum TracingError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The tracepoint's files in tracefs (for perf_event_open) need root.
  case stateTracepointNeedsRoot
  /// A tracefs instance needs root: tracefs is mode 0700.
  case instanceNeedsRoot
  /// tracefs was not mounted and mounting it at `root` failed. `forInstance`:
  /// the mount was for a tracefs instance (the perf path names the root).
  case mountFailed(root: String, errno: Int32, forInstance: Bool)
  /// The kernel has no `sock:inet_sock_set_state` (before Linux 4.16).
  case noStateTracepoint(forInstance: Bool)
  /// The tracepoint's format names no id, and its `id` file cannot be read.
  case unreadableID
  /// The tracepoint's format file is not what the decoder can read.
  case unreadableFormat(String)
  /// /proc/self/stat, which names the instance (pid plus start time), cannot be read.
  case unreadableSelfStat
  /// mkdir of the instance directory failed.
  case cannotCreateInstance(path: String, errno: Int32)
  /// The instance has no per-CPU reader, or the state event will not switch on.
  case cannotEnableStateEvent(path: String)

  public var description: String {
    switch self {
    case .stateTracepointNeedsRoot:
      "the tracepoint sock:inet_sock_set_state needs root (tracefs is readable by root only; perf_event_open on it needs CAP_PERFMON)"
    case .instanceNeedsRoot:
      "a tracefs instance needs root (tracefs is mode 0700)"
    case .mountFailed(let root, let code, let forInstance):
      forInstance
        ? "tracefs is not mounted and mounting it failed: \(Self.text(code))"
        : "tracefs is not mounted and mounting it at \(root) failed: \(Self.text(code))"
    case .noStateTracepoint(let forInstance):
      forInstance
        ? "this kernel has no sock:inet_sock_set_state tracepoint (Linux 4.16+)"
        : "this kernel has no sock:inet_sock_set_state tracepoint (Linux 4.16 or later has it)"
    case .unreadableID:
      "cannot read the id of sock:inet_sock_set_state"
    case .unreadableFormat(let reason):
      "cannot read the tracepoint's format: \(reason)"
    case .unreadableSelfStat:
      "cannot read /proc/self/stat to name the tracefs instance"
    case .cannotCreateInstance(let path, let code):
      "cannot create tracefs instance \(path): \(Self.text(code))"
    case .cannotEnableStateEvent(let path):
      "cannot enable sock:inet_sock_set_state in \(path)"
    }
  }

  static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
