import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// The fallback loop: sock_diag snapshots every interval, destroy
/// notifications for every end, both against the previous snapshot.
extension WatchSession {
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
        // Polls can miss FIN_WAIT1/2 entirely, so any end may be a hand-over: ask.
        if event.oldState != nil,
          let holder = lookup?.find(family: socket.family, local: socket.local, peer: socket.peer),
          holder.timer.kind == .timeWait
        {
          event.kernelNewState = .close
          event.newState = .timeWait
          event.timeWaitSubstate = holder.state
          watcher.handedOver(socket, nowNs: ended)
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
      try onBatchEnd()
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
