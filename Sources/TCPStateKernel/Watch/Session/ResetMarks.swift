import TCPStateWire

/// Reset times by socket address, for telling a FIN_WAIT2 socket's hand-over
/// to a time-wait socket from its reset close (see
/// `TransitionTracker.resetSeen`). A freed socket's address is soon reused,
/// even within one read, so each CLOSE consumes only the marks up to its time.
final class ResetMarks {
  private var marks: [UInt64: [UInt64]] = [:]

  /// Notes the resets (sent or received) among one read's trouble records.
  func mark(_ events: [RawTCPEvent]) {
    for event in events where event.record.kind == .sendReset || event.record.kind == .receiveReset {
      if event.record.socketAddress != 0 {
        marks[event.record.socketAddress, default: []].append(event.monotonicNs)
      }
    }
    // Bounded: past 64k sockets, marks older than 10 s behind the newest go.
    if marks.count > 65536, let newest = events.last?.monotonicNs, newest > 10_000_000_000 {
      marks = marks.filter { $0.value.contains { $0 >= newest - 10_000_000_000 } }
    }
  }

  /// Whether `socket` had a reset at or before `ns`; forgets those marks.
  func consume(_ socket: UInt64, upTo ns: UInt64) -> Bool {
    guard let times = marks[socket] else { return false }
    let later = times.filter { $0 > ns }
    marks[socket] = later.isEmpty ? nil : later
    return later.count < times.count
  }
}
