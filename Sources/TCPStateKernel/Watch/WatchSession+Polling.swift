import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// The fallback loop: sock_diag snapshots every interval, destroy
/// notifications for every end, both against the previous snapshot. With a
/// probe (a perf source that starved), it returns to the tracepoint as soon
/// as the probe delivers again.
extension WatchSession {
  func runPolling(probe: StateChangeSource?, reason: String?) throws -> Stage? {
    var handedOn = false
    defer { if !handedOn, let probe { release(probe) } }
    let interval = options.pollIntervalMs
    var notice =
      "tcpstate: watching by sock_diag polling every \(interval) ms plus destroy notifications: states shorter than the interval (often SYN_SENT, SYN_RECV, FIN_WAIT1, LAST_ACK, CLOSING) are missed, and a socket first seen mid-life shows '(new)' as its old state"
    if let reason { notice = "tcpstate: the tracepoint is unavailable (\(reason)).\n" + notice }
    if destroy == nil {
      notice +=
        options.summaries || options.source == .poll
        ? "; destroy notifications are unavailable too, so ends are seen only by polling" : ""
    }
    onNotice(notice)
    var watcher = PollingWatcher()
    var dumpFilter = options.filter
    dumpFilter.states = .all  // state filters apply to transitions (old or new), not to snapshots
    let dumper = SockDiagDumper()
    let probeStart = probe?.recordsRead ?? 0
    var lastLossReport = monotonicNow()
    while !shouldStop() {
      if let probe {
        // Read and drop: polling reports this stretch; the probe only has to show it delivers.
        _ = probe.poll(timeoutMs: 0)
        if probe.recordsRead > probeStart {
          handedOn = true
          try announce(.returned, from: "poll", to: probe.name, reason: "\(probe.name) delivers events again")
          return .tracepoint(probe)
        }
      }
      try drainEnds(into: &watcher)
      var snapshot: [Socket] = []
      try dumper.dump(filter: dumpFilter) { socket in
        snapshot.append(socket)
        return true
      }
      let now = monotonicNow()
      for event in watcher.diff(snapshot, nowNs: now, wallOffsetNs: wallOffsetNs).sorted(by: {
        $0.socketID < $1.socketID
      }) {
        try emitter.emit(event)
      }
      try onBatchEnd()
      ready("poll")
      if now - lastLossReport >= 1_000_000_000 {
        lastLossReport = now
        reportLosses(nil)
      }
      var slept: Int32 = 0
      while slept < interval && !shouldStop() {
        usleep(10_000)
        slept += 10
      }
    }
    try drainEnds(into: &watcher)
    reportLosses(nil)
    return nil
  }

  /// Ends first, against the previous snapshot, so a socket's last seen
  /// state comes before its end. A socket no poll saw (shorter than the
  /// interval) still gets its end, as `(unseen) -> CLOSE`.
  func drainEnds(into watcher: inout PollingWatcher) throws {
    guard let destroy else { return }
    let ended = monotonicNow()
    try destroy.drain { socket in
      if var event = watcher.destroyed(socket, nowNs: ended, wallOffsetNs: wallOffsetNs) {
        // Polls can miss FIN_WAIT1/2 entirely, so any end of a seen socket may be a hand-over: ask.
        if event.oldState != nil,
          let holder = emitter.lookup?.find(family: socket.family, local: socket.local, peer: socket.peer),
          holder.timer.kind == .timeWait
        {
          event.kernelNewState = .close
          event.newState = .timeWait
          event.timeWaitSubstate = holder.state
          watcher.handedOver(socket, nowNs: ended)
        }
        try emitter.emit(event)
      }
      try emitter.emitSummary(socket, nowNs: ended)
    }
  }
}
