import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// Which of a batch's closing sockets handed their connection to a
/// time-wait socket. The tracepoint shows FIN_WAIT2 -> CLOSE for both a
/// hand-over and a plain close; only a sock_diag lookup of the 4-tuple tells
/// them apart, so every candidate of one read is looked up in one batch
/// before the batch is tracked, and the tracker asks here.
final class TimeWaitLookup {
  let lookup: SocketLookup?
  /// The current batch's answers: time-wait holders by connection.
  private var states: [ConnectionKey: TCPState] = [:]

  init(lookup: SocketLookup?) {
    self.lookup = lookup
  }

  /// Looks up, in one batch, every 4-tuple in `events` that may have been
  /// handed to a time-wait socket; forgets the previous batch's answers.
  func resolve(_ events: [RawStateChange]) {
    let candidates = events.compactMap { event -> ConnectionKey? in
      let record = event.record
      guard record.newState == .close, TransitionTracker.mayHandOverToTimeWait(record.oldState) else { return nil }
      return ConnectionKey(family: record.family, local: record.local, peer: record.peer)
    }
    states.removeAll(keepingCapacity: true)
    guard !candidates.isEmpty, let lookup else { return }
    for (key, socket) in lookup.findAll(candidates) where socket.timer.kind == .timeWait || socket.state == .timeWait {
      states[key] = socket.state
    }
  }

  /// The time-wait socket's state holding `key`, if this batch found one.
  func holder(_ key: ConnectionKey) -> TCPState? { states[key] }
}
