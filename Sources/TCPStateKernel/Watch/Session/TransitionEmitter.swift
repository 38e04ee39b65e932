import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// watch's bookkeeping and emission, whatever the source: raw changes become
/// transitions through the tracker (time in state, owner, TIME_WAIT
/// hand-overs), the user's filter and owner selection are applied, trouble
/// records are merged in time order, and each connection's end becomes a
/// summary. Each concern is its own type; this one drives the tracker and
/// composes them:
/// - `TimeWaitLookup`: the batch's hand-over candidates, looked up at once;
/// - `ResetMarks`: resets by socket, telling a hand-over from a reset close;
/// - `OwnerResolver`: owner selection of transitions and summaries;
/// - `TroubleEmitter`: trouble events, when asked for;
/// - `SummaryRelease` and `EmissionCount`: what is shown, and when to stop.
final class TransitionEmitter {
  let filter: SocketFilter
  let summaries: Bool
  let wallOffsetNs: Int64
  var onTransition: (TransitionEvent) throws -> Void = { _ in }
  var onSummary: (ConnectionSummary) throws -> Void {
    get { release.onSummary }
    set { release.onSummary = newValue }
  }
  var onTroubleEvent: (TCPEvent) throws -> Void = { _ in }
  let count: EmissionCount
  let release: SummaryRelease
  var transitionsShown: Int { count.transitions }
  /// Trouble events shown; the count counts them with the transitions.
  var eventsShown: Int { count.events }
  /// Off when only trouble events are asked for: transitions are tracked
  /// (for durations and connect failures) but not shown.
  var showsTransitions = true
  /// Set when trouble events are asked for: sees every change and every trouble record.
  private(set) var trouble: TroubleEmitter?
  /// The tracepoint reader in use, named in each event's `source`.
  var tracepointReader = TransitionEvent.Source.tracefs
  /// Owner selection: connections selected by their owner.
  var owners: OwnerResolver? {
    get { release.owners }
    set { release.owners = newValue }
  }
  /// With a summary predicate only the summaries it holds for are shown.
  var summaryPredicate: SocketPredicate? {
    get { release.predicate }
    set { release.predicate = newValue }
  }
  let timeWait: TimeWaitLookup
  var lookup: SocketLookup? { timeWait.lookup }
  let resetMarks = ResetMarks()
  /// Set when the source delivers both reset tracepoints (a tracefs instance).
  var resetsKnown = false {
    didSet {
      let marks = resetMarks
      tracker.resetSeen = resetsKnown ? { socket, ns in marks.consume(socket, upTo: ns) } : nil
    }
  }
  /// Filled by a tracefs source that sees task exits; names tasks gone from /proc.
  let taskExits = TaskExitLog()
  var tracker: TransitionTracker

  init(filter: SocketFilter, count: Int?, summaries: Bool, wallOffsetNs: Int64, lookup: SocketLookup?) {
    self.filter = filter
    self.count = EmissionCount(limit: count)
    release = SummaryRelease(count: self.count)
    self.summaries = summaries
    self.wallOffsetNs = wallOffsetNs
    timeWait = TimeWaitLookup(lookup: lookup)
    tracker = Self.makeTracker(wallOffsetNs: wallOffsetNs, timeWait: timeWait, taskExits: taskExits)
    tracker.tracksLifetimes = summaries
  }

  /// The tracker, asking the batch's time-wait lookup about hand-overs and
  /// naming owners from /proc, or from the task exits once they are gone.
  static func makeTracker(wallOffsetNs: Int64, timeWait: TimeWaitLookup, taskExits: TaskExitLog)
    -> TransitionTracker
  {
    var identities = ProcessIdentity()
    identities.exits = taskExits
    return TransitionTracker(
      wallClockOffsetNs: wallOffsetNs,
      timeWaitProbe: { family, local, peer in timeWait.holder(ConnectionKey(family: family, local: local, peer: peer))
      },
      ownerOf: { tid, eventNs in
        identities.owner(ofTask: tid, eventNs: eventNs).map { ($0.pid, $0.command) }
      })
  }

  var countReached: Bool { count.reached }
  /// Something more would have been shown past the count: the session ends,
  /// showing and reporting nothing more (see `EmissionCount`).
  var countEnded: Bool { count.ended }

  /// Turns on trouble events (kinds beyond state transitions).
  func enableTrouble(kinds: EventKinds) {
    showsTransitions = kinds.contains(.state)
    guard !kinds.needsTracepoints.isEmpty else { return }
    let trouble = TroubleEmitter(kinds: kinds, filter: filter, wallOffsetNs: wallOffsetNs, lookup: lookup)
    trouble.identities.exits = taskExits
    trouble.onEvent = { [unowned self] event in
      guard count.admit() else { return }
      try onTroubleEvent(event)
      count.shownEvent()
    }
    self.trouble = trouble
  }

  func emit(_ event: TransitionEvent) throws {
    guard showsTransitions else { return }
    let touched = [event.oldState, event.newState, event.kernelNewState].compactMap { $0 }
    let passes = filter.matches(family: event.family, local: event.local, peer: event.peer, states: touched)
    // Decided even when transitions are not shown (summary predicate): the summaries follow the decision.
    let selected = passes ? owners?.selects(event) ?? true : false
    owners?.ended(event)
    guard passes, selected else { return }
    guard summaryPredicate == nil else { return }
    guard count.admit() else { return }
    try onTransition(event)
    count.shownTransition()
  }

  /// Tracks and emits one read's worth of raw changes, hand-overs resolved
  /// in one lookup batch, merged in time order with the trouble records
  /// released by the same read (both sorted, both cut off at the same time).
  func emit(batch: [RawStateChange], trouble events: [RawTCPEvent] = []) throws {
    timeWait.resolve(batch)
    owners?.prepare(batch)
    if resetsKnown { resetMarks.mark(events) }
    guard let trouble else {
      for event in batch where !count.ended { try track(event) }
      return
    }
    trouble.prepare(events)
    var next = 0
    for event in batch {
      // On a tie the trouble record goes first: a received RST precedes the CLOSE it causes.
      while next < events.count, events[next].monotonicNs <= event.monotonicNs, !count.ended {
        try trouble.emit(events[next])
        next += 1
      }
      if count.ended { return }
      try track(event)
      try trouble.note(event)
    }
    for event in events[next...] where !count.ended { try trouble.emit(event) }
  }

  func track(_ event: RawStateChange) throws {
    let record = event.record
    // close() after shutdown(SHUT_WR) sets FIN_WAIT1 again (tcp_close_state()):
    // no change of state, so it is folded into the FIN_WAIT1 already shown.
    if record.oldState == record.newState { return }
    var transition = tracker.track(
      TransitionTracker.Change(
        monotonicNs: event.monotonicNs, family: record.family, local: record.local, peer: record.peer,
        oldState: record.oldState, newState: record.newState, socketID: record.socketAddress, pid: event.pid,
        inInterrupt: record.inInterrupt))
    if record.newState == .close { _ = resetMarks.consume(record.socketAddress, upTo: event.monotonicNs) }
    transition.source = tracepointReader
    try emit(transition)
  }

  /// A destroyed socket's summary line. A reset socket's notification has
  /// lost its peer port; the tracker knows which connection it was.
  func emitSummary(_ socket: Socket, nowNs: UInt64) throws {
    guard summaries, !count.ended else { return }
    let key = tracker.endedConnection(ConnectionKey(family: socket.family, local: socket.local, peer: socket.peer))
    guard filter.matches(family: key.family, local: key.local, peer: key.peer, states: [.close]) else { return }
    var summary = ConnectionSummary(
      timestampNs: TransitionTracker.wallClock(nowNs, offset: wallOffsetNs), family: key.family, local: key.local,
      peer: key.peer,
      finalState: socket.state, lifetimeNs: tracker.lifetime(of: key, endedAt: nowNs), cookie: socket.cookie,
      info: socket.tcpInfo, congestion: socket.congestion)
    if let trouble {
      (summary.retransmitsSeen, summary.resetsSeen) = trouble.takeSeen(key)
    }
    try release.offer(summary, socket: socket, key: key, endedNs: nowNs)
  }

  /// See `SummaryRelease.releasePending`.
  func releasePending(nowNs: UInt64, final: Bool = false) throws {
    try release.releasePending(nowNs: nowNs, final: final)
  }
}
