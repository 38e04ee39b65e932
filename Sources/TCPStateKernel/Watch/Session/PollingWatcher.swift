import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// The fallback without the tracepoint: sock_diag snapshots compared by
/// socket cookie. It sees a state only if it lasts across a poll, so short
/// states (SYN_SENT, FIN_WAIT1, LAST_ACK on a fast network) are often missed;
/// destroy notifications still report every socket's end, seen or not.
struct PollingWatcher {
  struct Known {
    var state: TCPState
    var sinceNs: UInt64
    var key: ConnectionKey
  }

  var known: [UInt64: Known] = [:]
  /// The last state seen per 4-tuple, so a time-wait socket that replaces a
  /// full one is reported as FIN_WAIT2 -> TIME_WAIT, not as new.
  var lastStateByKey: [ConnectionKey: TCPState] = [:]
  /// Cookies whose end a destroy notification already reported.
  var reportedEnds: Set<UInt64> = []
  var primed = false

  /// Compares a fresh snapshot with the last; returns the changes, in no particular order.
  mutating func diff(_ snapshot: [Socket], nowNs: UInt64, wallOffsetNs: Int64) -> [TransitionEvent] {
    var events: [TransitionEvent] = []
    var current: [UInt64: Known] = [:]
    current.reserveCapacity(snapshot.count)
    let wall = TransitionTracker.wallClock(nowNs, offset: wallOffsetNs)
    for var socket in snapshot {
      // A time-wait socket is TIME_WAIT to the user whatever its sub-state
      // (an orphan's FIN_WAIT2 is kept in one too): report the hand-over once.
      if socket.timer.kind == .timeWait { socket.state = .timeWait }
      let key = ConnectionKey(family: socket.family, local: socket.local, peer: socket.peer)
      if let before = known[socket.cookie] {
        current[socket.cookie] = before
        if before.state != socket.state {
          var event = TransitionEvent(
            timestampNs: wall, family: socket.family, local: socket.local, peer: socket.peer, oldState: before.state,
            newState: socket.state, socketID: socket.cookie, source: .poll)
          event.durationNs = nowNs - before.sinceNs
          events.append(event)
          current[socket.cookie] = Known(state: socket.state, sinceNs: nowNs, key: key)
        }
      } else {
        current[socket.cookie] = Known(state: socket.state, sinceNs: nowNs, key: key)
        // The first snapshot is the starting point, not a burst of news.
        if primed && lastStateByKey[key] != socket.state {
          events.append(
            TransitionEvent(
              timestampNs: wall, family: socket.family, local: socket.local, peer: socket.peer,
              oldState: lastStateByKey[key], newState: socket.state, socketID: socket.cookie, source: .poll))
        }
      }
      lastStateByKey[key] = socket.state
    }
    let currentKeys = Set(current.values.map(\.key))
    for (cookie, gone) in known where current[cookie] == nil {
      // Gone between polls: a time-wait socket expired, a request socket became a child or was dropped.
      // When another socket now holds the same 4-tuple (a time-wait socket took over), its
      // appearance above already told the story.
      if !reportedEnds.contains(cookie) && !currentKeys.contains(gone.key) {
        var event = TransitionEvent(
          timestampNs: wall, family: gone.key.family, local: gone.key.local, peer: gone.key.peer,
          oldState: gone.state, newState: .close, socketID: cookie, source: .poll)
        event.durationNs = nowNs - gone.sinceNs
        events.append(event)
      }
      reportedEnds.remove(cookie)
      if lastStateByKey[gone.key] == gone.state { lastStateByKey[gone.key] = nil }
    }
    known = current
    primed = true
    return events
  }

  /// A destroy notification that was a hand-over to a time-wait socket (which
  /// keeps the cookie): the next poll must not report it again, and the
  /// time-wait socket's own end, when it expires, is still to be reported.
  mutating func handedOver(_ socket: Socket, nowNs: UInt64) {
    let key = ConnectionKey(family: socket.family, local: socket.local, peer: socket.peer)
    known[socket.cookie] = Known(state: .timeWait, sinceNs: nowNs, key: key)
    reportedEnds.remove(socket.cookie)
    lastStateByKey[key] = .timeWait
  }

  /// A destroy notification: the socket's end, with the state it was last
  /// seen in (nil: no poll saw it, shown as `(unseen)`), or nil when there is
  /// nothing to report (a time-wait socket's hand-over already reported).
  mutating func destroyed(_ socket: Socket, nowNs: UInt64, wallOffsetNs: Int64) -> TransitionEvent? {
    let before = known[socket.cookie]
    var event = TransitionEvent(
      timestampNs: TransitionTracker.wallClock(nowNs, offset: wallOffsetNs), family: socket.family, local: socket.local,
      peer: socket.peer,
      oldState: before?.state, newState: .close, socketID: socket.cookie, source: .destroy)
    if let before { event.durationNs = nowNs - before.sinceNs }
    // A time-wait socket keeps its full socket's cookie: when a poll already saw
    // it, this destroy is the hand-over reported then, not an end; the
    // time-wait socket's own end (expiry) is still to come.
    if before?.state == .timeWait { return nil }
    if known[socket.cookie] != nil { reportedEnds.insert(socket.cookie) }
    return event
  }
}
