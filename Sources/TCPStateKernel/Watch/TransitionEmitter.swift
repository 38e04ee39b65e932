import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// watch's bookkeeping and emission, whatever the source: raw changes become
/// transitions (time in state, owner, TIME_WAIT hand-overs resolved in one
/// batched lookup), the user's filter and count are applied, and each
/// connection's end becomes a summary line.
final class TransitionEmitter {
  let filter: SocketFilter
  let count: Int?
  let summaries: Bool
  let wallOffsetNs: Int64
  var onTransition: (TransitionEvent) throws -> Void = { _ in }
  var onSummary: (ConnectionSummary) throws -> Void = { _ in }
  private(set) var transitionsShown = 0
  /// Trouble events shown (`--events`); `count` counts them with the transitions.
  private(set) var eventsShown = 0
  /// `--events` without `state`: transitions are tracked (for durations and
  /// connect failures) but not shown.
  var showsTransitions = true
  /// Set for `--events` beyond `state`: sees every change and every trouble record.
  private(set) var trouble: TroubleEmitter?
  var onTroubleEvent: (TCPEvent) throws -> Void = { _ in }
  /// The tracepoint reader in use, named in each event's `source`.
  var tracepointReader = TransitionEvent.Source.tracefs

  /// Time-wait sockets found for the current batch's hand-over candidates.
  final class TimeWaitHolders {
    var states: [ConnectionKey: TCPState] = [:]
  }
  let timeWaitHolders = TimeWaitHolders()
  /// `--pid/--command/--uid/--cgroup`: connections selected by their owner.
  var owners: OwnerResolver?
  /// `--where`: only the summaries it holds for are shown, and no transitions
  /// (their fields are known only once the connection has ended).
  var summaryPredicate: SocketPredicate?
  private(set) var summariesShown = 0
  /// Reset times by socket address. A freed socket's address is soon reused,
  /// even within one read, so each CLOSE consumes only the marks up to its time.
  final class ResetMarks {
    var states: [UInt64: [UInt64]] = [:]

    /// Whether `socket` had a reset at or before `ns`; forgets those marks.
    func consume(_ socket: UInt64, upTo ns: UInt64) -> Bool {
      guard let marks = states[socket] else { return false }
      let later = marks.filter { $0 > ns }
      states[socket] = later.isEmpty ? nil : later
      return later.count < marks.count
    }
  }
  let resetMarks = ResetMarks()
  /// Set when the source delivers both reset tracepoints (a tracefs instance).
  var resetsKnown = false {
    didSet {
      let marks = resetMarks
      tracker.resetSeen =
        resetsKnown
        ? { socket, ns in marks.consume(socket, upTo: ns) } : nil
    }
  }
  /// Filled by a tracefs source that sees task exits; names tasks gone from /proc.
  let taskExits = TaskExitLog()
  var tracker: TransitionTracker
  let lookup: SocketLookup?

  /// Thrown when `count` transitions have been shown.
  struct CountReached: Error {}

  init(filter: SocketFilter, count: Int?, summaries: Bool, wallOffsetNs: Int64, lookup: SocketLookup?) {
    self.filter = filter
    self.count = count
    self.summaries = summaries
    self.wallOffsetNs = wallOffsetNs
    self.lookup = lookup
    var identities = ProcessIdentity()
    identities.exits = taskExits
    let holders = timeWaitHolders
    tracker = TransitionTracker(
      wallClockOffsetNs: wallOffsetNs,
      timeWaitProbe: { family, local, peer in
        holders.states[ConnectionKey(family: family, local: local, peer: peer)]
      },
      ownerOf: { tid, eventNs in
        identities.owner(ofTask: tid, eventNs: eventNs).map { ($0.pid, $0.command) }
      })
    tracker.tracksLifetimes = summaries
  }

  /// With `--where` only summaries are shown, so they are what `count` counts.
  var countReached: Bool {
    count.map { transitionsShown + eventsShown + (summaryPredicate == nil ? 0 : summariesShown) >= $0 } ?? false
  }

  /// Turns on `--events` beyond state transitions.
  func enableTrouble(kinds: EventKinds) {
    showsTransitions = kinds.contains(.state)
    guard !kinds.needsTracepoints.isEmpty else { return }
    let trouble = TroubleEmitter(kinds: kinds, filter: filter, wallOffsetNs: wallOffsetNs, lookup: lookup)
    trouble.identities.exits = taskExits
    trouble.onEvent = { [unowned self] event in
      if countReached { throw CountReached() }
      try onTroubleEvent(event)
      eventsShown += 1
    }
    self.trouble = trouble
  }

  func emit(_ event: TransitionEvent) throws {
    guard showsTransitions else { return }
    let touched = [event.oldState, event.newState, event.kernelNewState].compactMap { $0 }
    let passes = filter.matches(family: event.family, local: event.local, peer: event.peer, states: touched)
    // Decided even when transitions are not shown (--where): the summaries follow the decision.
    let selected = passes ? owners?.selects(event) ?? true : false
    owners?.ended(event)
    guard passes, selected else { return }
    guard summaryPredicate == nil else { return }
    if countReached { throw CountReached() }
    try onTransition(event)
    transitionsShown += 1
  }

  /// Tracks and emits one read's worth of raw changes, hand-overs resolved
  /// in one lookup batch, merged in time order with the trouble records
  /// released by the same read (both sorted, both cut off at the same time).
  func emit(batch: [RawStateChange], trouble events: [RawTCPEvent] = []) throws {
    resolveHandOvers(batch)
    owners?.prepare(batch)
    if resetsKnown { markResets(events) }
    guard let trouble else {
      for event in batch { try track(event) }
      return
    }
    trouble.prepare(events)
    var next = 0
    for event in batch {
      // On a tie the trouble record goes first: a received RST precedes the CLOSE it causes.
      while next < events.count, events[next].monotonicNs <= event.monotonicNs {
        try trouble.emit(events[next])
        next += 1
      }
      try track(event)
      try trouble.note(event)
    }
    for event in events[next...] { try trouble.emit(event) }
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
    guard summaries else { return }
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
    if let owners {
      // The destroy notification can come before the socket's last
      // transitions have been read: wait for them a little.
      guard let selected = owners.summaryDecision(key) else {
        pendingSummaries.append(PendingSummary(summary: summary, socket: socket, key: key, endedNs: nowNs))
        return
      }
      guard selected else { return }
    }
    try show(summary)
  }

  func show(_ summary: ConnectionSummary) throws {
    if let summaryPredicate {
      guard summaryPredicate.matches(summary) else { return }
      if countReached { throw CountReached() }
    }
    try onSummary(summary)
    summariesShown += 1
  }

  /// A summary whose connection is not decided yet (owner selection).
  struct PendingSummary {
    var summary: ConnectionSummary
    var socket: Socket
    var key: ConnectionKey
    var endedNs: UInt64
  }
  var pendingSummaries: [PendingSummary] = []

  /// Shows or drops the summaries whose connection has been decided since;
  /// one still undecided after 200 ms (or at the end) is judged by the
  /// destroyed socket itself (its uid, cgroup, and the listener it came from).
  func releasePending(nowNs: UInt64, final: Bool = false) throws {
    guard let owners, !pendingSummaries.isEmpty else { return }
    let pending = pendingSummaries
    pendingSummaries.removeAll()
    for entry in pending {
      if let selected = owners.summaryDecision(entry.key) {
        if selected { try show(entry.summary) }
      } else if final || nowNs &- entry.endedNs >= 200_000_000 {
        if owners.selectsEnded(entry.socket, key: entry.key) { try show(entry.summary) }
      } else {
        pendingSummaries.append(entry)
      }
    }
  }

  /// Looks up, in one batch, every 4-tuple in `events` that may have been
  /// handed to a time-wait socket.
  /// Resets by socket address, for telling a hand-over from a reset close.
  func markResets(_ events: [RawTCPEvent]) {
    for event in events where event.record.kind == .sendReset || event.record.kind == .receiveReset {
      if event.record.socketAddress != 0 {
        resetMarks.states[event.record.socketAddress, default: []].append(event.monotonicNs)
      }
    }
    if resetMarks.states.count > 65536, let newest = events.last?.monotonicNs, newest > 10_000_000_000 {
      resetMarks.states = resetMarks.states.filter { $0.value.contains { $0 >= newest - 10_000_000_000 } }
    }
  }

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
}
