import TCPStateKernel
import TCPStateKit
import TCPStateModel

// What `watch`'s session reports as data, worded for stderr here, where the
// options and commands a user can reach for are known.

extension TracingError {
  /// The failure told to a user, with the exit code that fits it and what to run.
  var userError: TCPStateError {
    switch self {
    case .stateTracepointNeedsRoot:
      TCPStateError(.permission, description, hints: ["run as root, or with CAP_PERFMON and CAP_SYS_ADMIN"])
    case .instanceNeedsRoot:
      TCPStateError(
        .permission, description,
        hints: ["run as root for the tracepoint; without it tcpstate falls back to sock_diag polling"])
    case .mountFailed(let root, _, _):
      TCPStateError(.unavailable, description, hints: ["try: mount -t tracefs nodev \(root)"])
    default:
      TCPStateError(.unavailable, description)
    }
  }
}

extension WatchSetupError {
  var userError: TCPStateError {
    switch self {
    case .troubleNeedsTraceInstance(let kinds, let source, let inOtherNamespace):
      TCPStateError(
        .usage,
        "--events \(kinds.listed) needs the tracefs instance (root), which --source \(inOtherNamespace ? "auto with --netns" : source.rawValue) does not use",
        hints: [
          "use --source tracefs or auto, without --netns (the tracepoints see every namespace: filter by address)"
        ])
    case .troubleUnavailable(let kinds, let cause):
      // The kinds say what they need; state transitions alone would still work by polling.
      TCPStateError(
        cause.userError.kind,
        "--events \(kinds.listed) reads the kernel's tracepoints through a tracefs instance: \(cause.description)",
        hints: [
          "run as root (tracefs is mode 0700; mounting it and creating an instance need CAP_SYS_ADMIN)",
          "without root, --events state still works (sock_diag polling plus destroy notifications)",
        ])
    }
  }
}

extension WatchNotice {
  /// The stderr text (one line, or two when the tracepoint is unavailable).
  var text: String {
    switch self {
    case .polling(let interval, let cause, let withoutDestroyNotifications):
      // Plain sentences: the reason may carry parentheses of its own.
      var notice =
        "tcpstate: watching by sock_diag polling every \(interval) ms, with destroy notifications for every end. States shorter than the interval are missed, often SYN_SENT, SYN_RECV, FIN_WAIT1, LAST_ACK and CLOSING. A socket first seen mid-life shows (new) as its old state."
      if let cause { notice = "tcpstate: the tracepoint is unavailable: \(cause.text).\n" + notice }
      if withoutDestroyNotifications {
        notice += " Destroy notifications are unavailable too, so ends are seen only by polling."
      }
      return notice
    case .troubleEventsStopped(let kinds):
      return
        "tcpstate: --events \(kinds.listed) come from the tracefs instance only: none are shown from here on"
    case .setup(let notice), .cleanup(let notice):
      return notice.description
    case .losses(let notice):
      return notice.description
    }
  }
}

extension PollingCause {
  var text: String {
    switch self {
    case .otherNamespace(let name): "its events carry no network namespace, so inside --netns \(name) tcpstate polls"
    case .tracepointUnavailable(let reason): reason
    }
  }
}

extension EventKinds {
  /// The `--events` words for these kinds (`retransmit,drop`), for messages.
  var listed: String {
    EventKinds.words.filter { $0.1 != .all && contains($0.1) }.map(\.0).joined(separator: ",")
  }
}
