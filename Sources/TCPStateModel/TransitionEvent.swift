/// One change of TCP state, as `watch` reports it.
public struct TransitionEvent: Sendable {
  public enum Source: String, Sendable {
    /// The kernel tracepoint sock:inet_sock_set_state: every transition
    /// (the reader is not yet known; `watch` reports `tracefs` or `perf`).
    case tracepoint
    /// The tracepoint, read through a private tracefs instance.
    case tracefs
    /// The tracepoint, read through perf_event_open.
    case perf
    /// A difference between two sock_diag snapshots: short-lived states can be missed.
    case poll
    /// A sock_diag destroy notification: the socket was freed.
    case destroy
  }

  /// Wall-clock time, nanoseconds since the Unix epoch.
  public var timestampNs: UInt64
  public var family: AddressFamily
  public var local: Endpoint
  public var peer: Endpoint
  /// Nil when the socket was first seen in `newState` (polling, or a socket older than the watch).
  public var oldState: TCPState?
  public var newState: TCPState
  /// What the kernel reported when tcpstate shows something more precise: the
  /// active closer's hand-over to a time-wait socket is reported by the
  /// tracepoint as `FIN_WAIT2 -> CLOSE`; tcpstate shows `-> TIME_WAIT`.
  public var kernelNewState: TCPState?
  /// For a time-wait hand-over: the minisocket's sub-state (TIME_WAIT, or
  /// FIN_WAIT2 while an orphan still waits for the peer's FIN).
  public var timeWaitSubstate: TCPState?
  /// For a time-wait hand-over: the time-wait socket was already gone when
  /// tcpstate looked (reset by the peer, TIME_WAIT assassination, or reused
  /// by a new connection) a few milliseconds after the hand-over.
  public var timeWaitEndedEarly = false
  /// How long the socket was in `oldState`, when its entry was seen.
  public var durationNs: UInt64?
  /// The process that made the change, only when the kernel can tell (a
  /// system call; never the task an interrupt happened to land on).
  public var pid: Int32?
  public var command: String?
  /// The kernel's socket address (tracepoint) or cookie (sock_diag): stable
  /// for one socket's life, but two different ids, so JSON names them
  /// `socket_address` and `cookie` (see `isCookie`).
  public var socketID: UInt64
  /// `socketID` is sock_diag's cookie (polling, destroy notifications), not a kernel address.
  public var isCookie: Bool { source == .poll || source == .destroy }
  public var source: Source

  public init(
    timestampNs: UInt64, family: AddressFamily, local: Endpoint, peer: Endpoint, oldState: TCPState?,
    newState: TCPState, socketID: UInt64, source: Source
  ) {
    self.timestampNs = timestampNs
    self.family = family
    self.local = local
    self.peer = peer
    self.oldState = oldState
    self.newState = newState
    self.socketID = socketID
    self.source = source
  }
}
