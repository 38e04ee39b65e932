/// The readers a watch can be on, as the session reports them (`onReady`,
/// a source's `kind`): which one decides what the events can be trusted for
/// (the exporter counts transitions from a tracepoint only).
public enum WatchSourceKind: String, Sendable {
  /// A private tracefs instance: cannot be starved by BPF, removed on exit.
  case tracefs
  /// perf_event_open per CPU: nothing left behind, but can be starved.
  case perf
  /// sock_diag snapshots plus destroy notifications: short states are missed.
  case poll
}
