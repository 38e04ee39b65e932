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
  /// Called after each read of the source (at least every ~20 ms while
  /// running): the place to flush output, so it is live without a write per line.
  public var onBatchEnd: () throws -> Void = {}
  /// Called once the source is armed: transitions from here on are seen.
  public var onReady: (String) -> Void = { _ in }

  public private(set) var transitionsShown = 0
  let stopRequested = Atomic<Bool>(false)

  /// Ends `run()` from another thread at its next poll (within ~20 ms).
  public func stop() { stopRequested.store(true, ordering: .relaxed) }
  public private(set) var lostEvents: UInt64 = 0
  var uncountedLossPages = 0

  let wallOffsetNs = Int64(wallClockNow()) - Int64(monotonicNow())

  /// Time-wait sockets found for the current batch's hand-over candidates.
  final class TimeWaitHolders {
    var states: [ConnectionKey: TCPState] = [:]
  }
  let timeWaitHolders = TimeWaitHolders()

  /// Looks up, in one batch, every 4-tuple in `events` that may have been
  /// handed to a time-wait socket.
  func resolveHandOvers(_ events: [RawStateChange]) {
    let candidates = events.compactMap { event -> ConnectionKey? in
      let record = event.record
      guard record.newState == .close, TransitionTracker.mayHandOverToTimeWait(record.oldState) else { return nil }
      return ConnectionKey(family: record.family, local: record.local, peer: record.peer)
    }
    timeWaitHolders.states.removeAll(keepingCapacity: true)
    guard !candidates.isEmpty, let lookup else { return }
    for (key, socket) in lookup.findAll(candidates) where socket.timer.kind == .timeWait || socket.state == .timeWait {
      timeWaitHolders.states[key] = socket.state
    }
  }
  var tracker: TransitionTracker
  let lookup: SocketLookup?

  public init(options: Options) {
    self.options = options
    defer { tracker.tracksLifetimes = options.summaries }
    let lookup = try? SocketLookup()
    self.lookup = lookup
    var identities = ProcessIdentity()
    let holders = self.timeWaitHolders
    tracker = TransitionTracker(
      wallClockOffsetNs: Int64(wallClockNow()) - Int64(monotonicNow()),
      timeWaitProbe: { family, local, peer in
        holders.states[ConnectionKey(family: family, local: local, peer: peer)]
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
      try emit(batch: source.poll(timeoutMs: 20))
      destroy?.drain { socket in try? emitSummary(socket, nowNs: monotonicNow()) }
      try onBatchEnd()
      let now = monotonicNow()
      if now - lastCheck >= 1_000_000_000 {
        lastCheck = now
        reportLosses(source)
        if silence.check(samplesRead: source.samplesRead) {
          onNotice(
            "tcpstate: the tracepoint has gone silent while connections keep opening (is a BPF program attached to sock:inet_sock_set_state?); switching to sock_diag polling"
          )
          source.close()
          try runPolling(destroy: destroy, deadline: deadline, reason: nil)
          return
        }
      }
    }
    try emit(batch: source.flush())
    reportLosses(source)
  }

  /// Tracks and emits one read's worth of raw changes, hand-overs resolved in one lookup batch.
  func emit(batch: [RawStateChange]) throws {
    resolveHandOvers(batch)
    for event in batch {
      let record = event.record
      try emit(
        tracker.track(
          TransitionTracker.Change(
            monotonicNs: event.monotonicNs, family: record.family, local: record.local, peer: record.peer,
            oldState: record.oldState, newState: record.newState, socketID: record.socketAddress, pid: event.pid,
            inInterrupt: record.inInterrupt)))
    }
  }

  /// Says, with a count, when the kernel dropped events since the last report.
  func reportLosses(_ source: StateChangeSource) {
    if source.lost > lostEvents {
      onNotice("tcpstate: the kernel dropped \(source.lost - lostEvents) tracepoint events (buffer full)")
      lostEvents = source.lost
    }
    if let instance = source as? TraceInstanceSource, instance.pagesWithUncountedLoss > uncountedLossPages {
      onNotice("tcpstate: the kernel dropped tracepoint events (buffer full; it did not say how many)")
      uncountedLossPages = instance.pagesWithUncountedLoss
    }
  }
}
