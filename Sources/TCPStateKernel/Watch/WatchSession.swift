import CShim
import Glibc
import Synchronization
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// `tcpstate watch`: streams transitions from the tracepoint (root), or from
/// sock_diag polling plus destroy notifications (anyone), until a count, a
/// duration, a signal or a closed output ends it. Everything it opens is a
/// file descriptor, so nothing outlives the process, however it ends.
public final class WatchSession {
  public enum SourcePreference: String, CaseIterable, Sendable {
    /// The tracefs instance, else perf events, else polling.
    case auto
    /// The tracepoint through a private tracefs instance (root).
    case tracefs
    /// The tracepoint through perf_event_open per CPU (root).
    case perf
    /// sock_diag polling plus destroy notifications (anyone).
    case poll
  }

  public struct Options {
    public var filter = SocketFilter()
    public var source = SourcePreference.auto
    /// The --netns word when watching another namespace: the tracepoint
    /// carries no namespace, so `auto` polls that namespace's sock_diag instead.
    public var namespace: String?
    public var count: Int?
    public var durationNs: UInt64?
    public var pollIntervalMs: Int32 = 100
    public var summaries = true
    public init() {}
  }

  public var options: Options
  public var onTransition: (TransitionEvent) throws -> Void = { _ in }
  public var onSummary: (ConnectionSummary) throws -> Void = { _ in }
  /// One-line notices for stderr: fallbacks, losses, what a mode can miss.
  public var onNotice: (String) -> Void = { _ in }
  /// Called once the source is armed: transitions from here on are seen.
  public var onReady: (String) -> Void = { _ in }

  public private(set) var transitionsShown = 0
  let stopRequested = Atomic<Bool>(false)

  /// Ends `run()` from another thread at its next poll (within ~20 ms).
  public func stop() { stopRequested.store(true, ordering: .relaxed) }
  public private(set) var lostEvents: UInt64 = 0

  let wallOffsetNs = Int64(wallClockNow()) - Int64(monotonicNow())
  var tracker: TransitionTracker
  let lookup: SocketLookup?

  public init(options: Options) {
    self.options = options
    let lookup = try? SocketLookup()
    self.lookup = lookup
    var identities = ProcessIdentity()
    tracker = TransitionTracker(
      wallClockOffsetNs: Int64(wallClockNow()) - Int64(monotonicNow()),
      timeWaitProbe: { family, local, peer in
        guard let socket = lookup?.find(family: family, local: local, peer: peer),
          socket.timer.kind == .timeWait || socket.state == .timeWait
        else { return nil }
        return socket.state
      },
      ownerOf: { tid in
        identities.owner(ofTask: tid).map { ($0.pid, $0.command) }
      })
  }

  struct Finished: Error {}

  public func run() throws {
    tcpstate_install_stop_handlers()
    let deadline = options.durationNs.map { monotonicNow() + $0 }
    let destroy = options.summaries || options.source == .poll ? try? DestroyMonitor() : nil
    do {
      switch options.source {
      case .poll:
        try runPolling(destroy: destroy, deadline: deadline, reason: nil)
      case .tracefs:
        try runTracepoint(openSource(.tracefs), destroy: destroy, deadline: deadline)
      case .perf:
        try runTracepoint(openSource(.perf), destroy: destroy, deadline: deadline)
      case .auto where options.namespace != nil:
        let reason =
          "its events carry no network namespace, so inside --netns \(options.namespace ?? "") tcpstate polls"
        try runPolling(destroy: destroy, deadline: deadline, reason: reason)
      case .auto:
        let source: StateChangeSource
        do {
          source = try openSource(.tracefs)
        } catch {
          do {
            source = try openSource(.perf)
          } catch {
            try runPolling(destroy: destroy, deadline: deadline, reason: Self.reason(error))
            return
          }
        }
        try runTracepoint(source, destroy: destroy, deadline: deadline)
      }
    } catch is Finished {
      return
    }
  }

  static func reason(_ error: Error) -> String {
    if let error = error as? TCPStateError { return error.message }
    return "\(error)"
  }

  func openSource(_ kind: SourcePreference) throws -> StateChangeSource {
    if kind == .perf {
      return try PerfTracepointSource(tracepoint: try TraceFS.stateChangeTracepoint())
    }
    return try TraceInstanceSource(instance: try TraceInstance(kernelFilter: Self.kernelFilter(options.filter)))
  }

  /// The ftrace filter for the instance: TCP only, and the ports asked for,
  /// so the kernel drops the rest before it reaches the buffer.
  static func kernelFilter(_ filter: SocketFilter) -> String {
    var clauses = ["protocol == 6"]
    for clause in filter.clauses {
      var alternatives: [String] = []
      for condition in clause {
        guard case .port(let side, let range) = condition else {
          alternatives.removeAll()
          break
        }
        let field = side == .source ? "sport" : "dport"
        alternatives.append(
          range.lowerBound == range.upperBound
            ? "\(field) == \(range.lowerBound)" : "(\(field) >= \(range.lowerBound) && \(field) <= \(range.upperBound))"
        )
      }
      // A clause with an address condition stays in user space; ports are enough to cut the volume.
      if !alternatives.isEmpty { clauses.append("(" + alternatives.joined(separator: " || ") + ")") }
    }
    return clauses.joined(separator: " && ")
  }

  func shouldStop(_ deadline: UInt64?) -> Bool {
    if tcpstate_stop_signal() != 0 || stopRequested.load(ordering: .relaxed) { return true }
    if let deadline, monotonicNow() >= deadline { return true }
    if let count = options.count, transitionsShown >= count { return true }
    return false
  }

  func emit(_ event: TransitionEvent) throws {
    let touched = [event.oldState, event.newState, event.kernelNewState].compactMap { $0 }
    guard options.filter.matches(family: event.family, local: event.local, peer: event.peer, states: touched) else {
      return
    }
    if let count = options.count, transitionsShown >= count { throw Finished() }
    try onTransition(event)
    transitionsShown += 1
  }

  func emitSummary(_ socket: Socket, nowNs: UInt64) throws {
    guard options.summaries,
      options.filter.matches(family: socket.family, local: socket.local, peer: socket.peer, states: [.close])
    else { return }
    let key = ConnectionKey(family: socket.family, local: socket.local, peer: socket.peer)
    let summary = ConnectionSummary(
      timestampNs: UInt64(Int64(nowNs) + wallOffsetNs), family: socket.family, local: socket.local, peer: socket.peer,
      finalState: socket.state, lifetimeNs: tracker.lifetime(of: key, endedAt: nowNs), cookie: socket.cookie,
      info: socket.tcpInfo, congestion: socket.congestion)
    try onSummary(summary)
  }

  func runTracepoint(_ source: StateChangeSource, destroy: DestroyMonitor?, deadline: UInt64?) throws {
    defer { source.close() }
    onReady(source.name)
    var silence = SilenceDetector()
    var lastCheck = monotonicNow()
    while !shouldStop(deadline) {
      for event in source.poll(timeoutMs: 20) {
        let record = event.record
        try emit(
          tracker.track(
            TransitionTracker.Change(
              monotonicNs: event.monotonicNs, family: record.family, local: record.local, peer: record.peer,
              oldState: record.oldState, newState: record.newState, socketID: record.socketAddress, pid: event.pid,
              inInterrupt: record.inInterrupt)))
      }
      destroy?.drain { socket in try? emitSummary(socket, nowNs: monotonicNow()) }
      let now = monotonicNow()
      if now - lastCheck >= 1_000_000_000 {
        lastCheck = now
        if source.lost > lostEvents {
          onNotice("tcpstate: the kernel dropped \(source.lost - lostEvents) tracepoint events (ring buffer full)")
          lostEvents = source.lost
        }
        if silence.check(samplesRead: source.samplesRead) {
          onNotice(
            "tcpstate: the tracepoint has gone silent while connections keep opening (is a BPF program attached to sock:inet_sock_set_state?); switching to sock_diag polling"
          )
          try runPolling(destroy: destroy, deadline: deadline, reason: nil)
          return
        }
      }
    }
    for event in source.flush() {
      let record = event.record
      try emit(
        tracker.track(
          TransitionTracker.Change(
            monotonicNs: event.monotonicNs, family: record.family, local: record.local, peer: record.peer,
            oldState: record.oldState, newState: record.newState, socketID: record.socketAddress, pid: event.pid,
            inInterrupt: record.inInterrupt)))
    }
    if source.lost > lostEvents {
      onNotice("tcpstate: the kernel dropped \(source.lost - lostEvents) tracepoint events")
    }

  }

  func runPolling(destroy: DestroyMonitor?, deadline: UInt64?, reason: String?) throws {
    let interval = options.pollIntervalMs
    var notice =
      "tcpstate: watching by sock_diag polling every \(interval) ms plus destroy notifications: states shorter than the interval (often SYN_SENT, SYN_RECV, FIN_WAIT1, LAST_ACK, CLOSING) are missed, and a socket first seen mid-life shows '(new)' as its old state"
    if let reason { notice = "tcpstate: the tracepoint is unavailable (\(reason)).\n" + notice }
    if destroy == nil { notice += "; destroy notifications are unavailable too, so ends are seen only by polling" }
    onNotice(notice)
    var watcher = PollingWatcher()
    var dumpFilter = options.filter
    dumpFilter.states = .all  // state filters apply to transitions (old or new), not to snapshots
    let dumper = SockDiagDumper()
    var first = true
    while !shouldStop(deadline) {
      // Ends first, against the previous snapshot, so a socket's last seen state comes before its end.
      let ended = monotonicNow()
      destroy?.drain { socket in
        var event = watcher.destroyed(socket, nowNs: ended, wallOffsetNs: wallOffsetNs)
        if let old = event.oldState, TransitionTracker.mayHandOverToTimeWait(old),
          let holder = lookup?.find(family: socket.family, local: socket.local, peer: socket.peer),
          holder.timer.kind == .timeWait
        {
          event.kernelNewState = .close
          event.newState = .timeWait
          event.timeWaitSubstate = holder.state
          watcher.lastStateByKey[ConnectionKey(family: socket.family, local: socket.local, peer: socket.peer)] =
            .timeWait
        }
        if event.oldState != nil { try? emit(event) }
        try? emitSummary(socket, nowNs: ended)
      }
      var snapshot: [Socket] = []
      try dumper.dump(filter: dumpFilter) { socket in
        snapshot.append(socket)
        return true
      }
      let now = monotonicNow()
      for event in watcher.diff(snapshot, nowNs: now, wallOffsetNs: wallOffsetNs).sorted(by: {
        $0.socketID < $1.socketID
      }) {
        try emit(event)
      }
      if first {
        onReady("poll")
        first = false
      }
      var slept: Int32 = 0
      while slept < interval && !shouldStop(deadline) {
        usleep(10_000)
        slept += 10
      }
    }
  }
}
