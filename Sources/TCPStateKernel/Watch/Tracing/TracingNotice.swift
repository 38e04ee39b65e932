import Glibc

/// What a tracefs instance could not set up or undo, as data: the reader
/// goes on, with less or with something left behind. The description is the
/// line for stderr and the exporter's log (facts: tracepoints, paths, errno).
public enum TracingNotice: Sendable, Equatable, CustomStringConvertible {
  /// The kernel refused the port filter (too long or too complex): every
  /// TCP transition reaches user space and is filtered there.
  case portFilterRefused
  /// This kernel has no tracepoint for a trouble kind (named as shown).
  case missingTracepoint(String)
  /// The tracepoint exists but lacks what its decoder needs.
  case undecodableTracepoint(String)
  /// The kernel refused a trouble tracepoint's filter: filtered in user space.
  case troubleFilterRefused(filter: String, tracepoint: String)
  /// A trouble tracepoint would not switch on in the instance at `path`.
  case cannotEnable(tracepoint: String, path: String)
  /// The instance could not be removed: busy, or held open by `holders`.
  case instanceNotRemoved(path: String, holders: [String])
  /// tracefs, mounted by a tcpstate, could not be unmounted.
  case notUnmounted(root: String, errno: Int32)

  public var description: String {
    switch self {
    case .portFilterRefused:
      "tcpstate: the kernel refused the port filter for the tracefs instance (too many ports); every TCP transition reaches tcpstate and is filtered there, which costs more CPU on a busy host"
    case .missingTracepoint(let name):
      "tcpstate: this kernel has no tracepoint \(name); its events are not shown"
    case .undecodableTracepoint(let reason):
      "tcpstate: \(reason); its events are not shown"
    case .troubleFilterRefused(let filter, let name):
      "tcpstate: the kernel refused the filter '\(filter)' for \(name); its events are filtered in user space"
    case .cannotEnable(let name, let path):
      "tcpstate: cannot enable \(name) in \(path); its events are not shown"
    case .instanceNotRemoved(let path, let holders):
      "tcpstate: cannot remove the tracefs instance \(path): \(holders.isEmpty ? "it is busy" : "held open by \(holders.joined(separator: ", "))"); its event is off, and the next tcpstate watch removes it"
    case .notUnmounted(let root, let code):
      "tcpstate: cannot unmount \(root), which tcpstate mounted: \(String(cString: strerror(code)))"
    }
  }
}
