import TCPStateModel

/// Turns raw state changes into the transitions `watch` prints: time spent in
/// the old state, the owning process where the kernel can tell, the active
/// closer's hand-over to a time-wait socket, and each connection's lifetime.
///
/// Pure bookkeeping: the caller supplies a probe that asks the kernel whether
/// a time-wait socket holds a 4-tuple, so this is tested on recorded events.
public struct TransitionTracker {
  public struct Change: Sendable {
    public var monotonicNs: UInt64
    public var family: AddressFamily
    public var local: Endpoint
    public var peer: Endpoint
    public var oldState: TCPState
    public var newState: TCPState
    public var socketID: UInt64
    public var pid: Int32
    /// The CPU was serving an interrupt: `pid` is whoever it interrupted.
    public var inInterrupt: Bool

    public init(
      monotonicNs: UInt64, family: AddressFamily, local: Endpoint, peer: Endpoint, oldState: TCPState,
      newState: TCPState, socketID: UInt64, pid: Int32, inInterrupt: Bool
    ) {
      self.monotonicNs = monotonicNs
      self.family = family
      self.local = local
      self.peer = peer
      self.oldState = oldState
      self.newState = newState
      self.socketID = socketID
      self.pid = pid
      self.inInterrupt = inInterrupt
    }
  }

  struct SocketRecord {
    var state: TCPState
    var sinceNs: UInt64
  }

  /// Per kernel socket address: its current state and since when.
  var sockets: [UInt64: SocketRecord] = [:]
  /// Per 4-tuple: when the connection was first seen (lifetimes for summaries).
  var births: [ConnectionKey: UInt64] = [:]
  /// Closed connections, kept briefly so a late destroy notification still finds its birth.
  var recentlyClosed: [ConnectionKey: (birth: UInt64, closedAt: UInt64)] = [:]
  /// The same closed connections keyed by what a reset socket's destroy
  /// notification still carries (`ConnectionKey.resetRemains`).
  var recentlyClosedWithoutPeerPort: [ConnectionKey: ConnectionKey] = [:]
  var lastSweepNs: UInt64 = 0

  /// Keep per-connection birth times for summaries' lifetimes (off when no summary is shown).
  public var tracksLifetimes = true

  /// Converts CLOCK_MONOTONIC to wall-clock time.
  public var wallClockOffsetNs: Int64

  /// Asks whether a time-wait socket now holds this 4-tuple, and in which sub-state.
  public var timeWaitProbe: (AddressFamily, Endpoint, Endpoint) -> TCPState?
  /// Whether the socket (kernel address) sent or received a reset at or
  /// before the given time; nil when the source does not see resets. A
  /// FIN_WAIT2 socket leaves for CLOSE either through tcp_time_wait() (the
  /// hand-over) or through a reset (received, or sent by an abort or the
  /// FIN_WAIT2 timer giving up), so without a reset it was handed over even
  /// when its time-wait socket is already gone by the time it is looked up.
  public var resetSeen: ((UInt64, UInt64) -> Bool)?
  /// The process (pid, command) a task belongs to, given the task id and the
  /// event's CLOCK_MONOTONIC time; nil for kernel threads or when unknown.
  public var ownerOf: (Int32, UInt64) -> (pid: Int32, command: String?)?

  public init(
    wallClockOffsetNs: Int64, timeWaitProbe: @escaping (AddressFamily, Endpoint, Endpoint) -> TCPState?,
    ownerOf: @escaping (Int32, UInt64) -> (pid: Int32, command: String?)?
  ) {
    self.wallClockOffsetNs = wallClockOffsetNs
    self.timeWaitProbe = timeWaitProbe
    self.ownerOf = ownerOf
  }

  /// Sockets tracked now; for the memory-stays-flat checks.
  public var trackedCount: Int { sockets.count + births.count + recentlyClosed.count }

  public mutating func track(_ change: Change) -> TransitionEvent {
    var transition = TransitionEvent(
      timestampNs: Self.wallClock(change.monotonicNs, offset: wallClockOffsetNs), family: change.family,
      local: change.local,
      peer: change.peer, oldState: change.oldState, newState: change.newState, socketID: change.socketID,
      source: .tracepoint)
    if let previous = sockets[change.socketID], previous.state == change.oldState,
      change.monotonicNs >= previous.sinceNs
    {
      transition.durationNs = change.monotonicNs - previous.sinceNs
    }
    // Outside interrupts the running task is the one acting on the socket:
    // its system call, or its release of the socket lock processing the backlog.
    if !change.inInterrupt, change.pid > 0, let owner = ownerOf(change.pid, change.monotonicNs) {
      transition.pid = owner.pid
      transition.command = owner.command
    }
    // A connect() reports port 0 until the source port is chosen; key connections once it is known.
    let key = ConnectionKey(family: change.family, local: change.local, peer: change.peer)
    // A listener (peer *:0) is born when it starts listening: its summary says how long it listened.
    let listens = change.newState == .listen && change.local.port != 0
    if tracksLifetimes, change.local.port != 0, change.peer.port != 0 || listens, births[key] == nil {
      births[key] = change.monotonicNs
    }
    if change.newState == .close {
      sockets[change.socketID] = nil
      if Self.mayHandOverToTimeWait(change.oldState),
        let substate = timeWaitProbe(change.family, change.local, change.peer)
      {
        transition.kernelNewState = .close
        transition.newState = .timeWait
        transition.timeWaitSubstate = substate
      } else if change.oldState == .finWait2, let resetSeen, !resetSeen(change.socketID, change.monotonicNs) {
        transition.kernelNewState = .close
        transition.newState = .timeWait
        transition.timeWaitEndedEarly = true
      }
      if tracksLifetimes, let birth = births.removeValue(forKey: key) {
        recentlyClosed[key] = (birth, change.monotonicNs)
        recentlyClosedWithoutPeerPort[key.resetRemains] = key
      }
    } else {
      sockets[change.socketID] = SocketRecord(state: change.newState, sinceNs: change.monotonicNs)
    }
    sweep(now: change.monotonicNs)
    return transition
  }

  /// CLOCK_MONOTONIC plus the offset to wall-clock time, wrapping rather than
  /// trapping when a corrupt record carries a timestamp near UInt64.max.
  public static func wallClock(_ monotonicNs: UInt64, offset: Int64) -> UInt64 {
    monotonicNs &+ UInt64(bitPattern: offset)
  }

  /// The lifetime of a connection that just ended, for its summary line.
  public mutating func lifetime(of key: ConnectionKey, endedAt now: UInt64) -> UInt64? {
    if let closed = recentlyClosed.removeValue(forKey: key) { return now >= closed.birth ? now - closed.birth : nil }
    if let birth = births.removeValue(forKey: key) { return now >= birth ? now - birth : nil }
    return nil
  }

  /// The connection a destroy notification ended. A socket closed by a
  /// reset reports peer port 0 (tcp_disconnect() clears inet_dport, and an
  /// unbound local address too), so its 4-tuple matches no transition; the
  /// connection with the same local port and peer address that closed most
  /// recently is the one.
  public mutating func endedConnection(_ reported: ConnectionKey) -> ConnectionKey {
    guard reported.peer.port == 0, tracksLifetimes,
      let key = recentlyClosedWithoutPeerPort.removeValue(forKey: reported.resetRemains), recentlyClosed[key] != nil
    else { return reported }
    return key
  }

  /// The full socket is handed to a time-wait socket from FIN_WAIT2 (normal
  /// active close), CLOSING (simultaneous close) or FIN_WAIT1 (FIN and ACK together).
  public static func mayHandOverToTimeWait(_ state: TCPState) -> Bool {
    state == .finWait2 || state == .closing || state == .finWait1
  }

  /// Drops entries for sockets whose end was never seen (lost events), so a
  /// long watch keeps flat memory.
  mutating func sweep(now: UInt64) {
    let second: UInt64 = 1_000_000_000
    // Ages by subtraction, never `since + limit`: a corrupt timestamp near UInt64.max must not trap.
    func age(_ since: UInt64) -> UInt64 { now >= since ? now - since : 0 }
    guard age(lastSweepNs) > 10 * second else { return }
    lastSweepNs = now
    recentlyClosed = recentlyClosed.filter { age($0.value.closedAt) < 30 * second }
    recentlyClosedWithoutPeerPort = recentlyClosedWithoutPeerPort.filter { recentlyClosed[$0.value] != nil }
    if births.count > 200_000 { births = births.filter { age($0.value) < 3600 * second } }
    if sockets.count > 200_000 { sockets = sockets.filter { age($0.value.sinceNs) < 3600 * second } }
  }
}
