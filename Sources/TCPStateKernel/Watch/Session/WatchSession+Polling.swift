import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// The fallback loop: sock_diag snapshots every interval, destroy
/// notifications for every end, both against the previous snapshot. With a
/// probe (a perf source that starved), it returns to the tracepoint as soon
/// as the probe delivers again.
extension WatchSession {
  func runPolling(probe: StateChangeSource?, cause: PollingCause?) throws -> Stage? {
    var handedOn = false
    defer { if !handedOn, let probe { release(probe) } }
    let interval = options.pollIntervalMs
    onNotice(
      .polling(
        intervalMs: interval, cause: cause,
        withoutDestroyNotifications: destroy == nil && (options.summaries || options.source == .poll)))
    var watcher = PollingWatcher()
    var dumpFilter = options.filter
    dumpFilter.states = .all  // state filters apply to transitions (old or new), not to snapshots
    let dumper = SockDiagDumper()
    let probeStart = probe?.recordsRead ?? 0
    var lastLossReport = Clock.monotonicNanoseconds()
    while !shouldStop() {
      if let probe {
        // Read and drop: polling reports this stretch; the probe only has to show it delivers.
        _ = probe.poll(timeoutMs: 0)
        if probe.recordsRead > probeStart {
          handedOn = true
          try announce(
            .returned, from: WatchSourceKind.poll.rawValue, to: probe.name,
            reason: "\(probe.name) delivers events again")
          return .tracepoint(probe)
        }
      }
      try drainEnds(into: &watcher)
      if emitter.countEnded { return nil }
      var snapshot: [Socket] = []
      try dumper.dump(filter: dumpFilter) { socket in
        snapshot.append(socket)
        return true
      }
      emitter.owners?.note(snapshot)
      let now = Clock.monotonicNanoseconds()
      for event in watcher.diff(snapshot, nowNs: now, wallOffsetNs: wallOffsetNs).sorted(by: {
        $0.socketID < $1.socketID
      }) {
        try emitter.emit(event)
      }
      if emitter.countEnded { return nil }
      try onBatchEnd()
      ready(.poll)
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
    if emitter.countEnded { return nil }
    reportLosses(nil)
    return nil
  }

  /// Ends first, against the previous snapshot, so a socket's last seen
  /// state comes before its end. A socket no poll saw (shorter than the
  /// interval) still gets its end, as `(unseen) -> CLOSE`. Polls can miss
  /// FIN_WAIT1/2 entirely, so any end may be a hand-over to a time-wait
  /// socket: one batched lookup asks for all of them, and the hand-over is
  /// reported here, before the summary, rather than by the next poll.
  func drainEnds(into watcher: inout PollingWatcher) throws {
    try emitter.releasePending(nowNs: Clock.monotonicNanoseconds())
    guard let destroy else { return }
    let ended = Clock.monotonicNanoseconds()
    var sockets: [Socket] = []
    destroy.drain { sockets.append($0) }
    guard !sockets.isEmpty else { return }
    let keys = sockets.map { ConnectionKey(family: $0.family, local: $0.local, peer: $0.peer) }
    let holders = emitter.lookup?.findAll(keys) ?? [:]
    for (socket, key) in zip(sockets, keys) {
      if emitter.countEnded { return }
      if var event = watcher.destroyed(socket, nowNs: ended, wallOffsetNs: wallOffsetNs) {
        if let holder = holders[key], holder.timer.kind == .timeWait {
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
