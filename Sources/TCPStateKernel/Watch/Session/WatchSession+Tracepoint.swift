import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// The tracepoint loop: read, emit, and once a second report losses and ask
/// the source whether it still delivers.
extension WatchSession {
  func runTracepoint(_ source: StateChangeSource) throws -> Stage? {
    var handedOn = false
    defer { if !handedOn { release(source) } }
    emitter.tracepointReader = source.kind == .perf ? .perf : .tracefs
    ready(source.kind)
    for notice in source.setupNotices { onNotice(.setup(notice)) }
    reported.startSource()
    var lastCheck = Clock.monotonicNanoseconds()
    while !shouldStop() {
      // Destroy notifications are read before the source takes its cut-off:
      // every event of a destroyed socket is older than its destroy, so it is
      // released in this batch, before the summary that counts it.
      let ended = collectDestroyed()
      let changes = source.poll(timeoutMs: 20)
      try emitter.emit(batch: changes, trouble: source.takeTrouble())
      if emitter.countEnded { return nil }
      try emitSummaries(ended)
      if emitter.countEnded { return nil }
      try onBatchEnd()
      let now = Clock.monotonicNanoseconds()
      guard now - lastCheck >= 1_000_000_000 else { continue }
      lastCheck = now
      reportLosses(source)
      switch source.checkHealth() {
      case .healthy:
        break
      case .restored(let reason):
        try announce(.restored, from: source.name, to: source.name, reason: reason)
      case .starved(let reason):
        let changes = source.flush()
        try emitter.emit(batch: changes, trouble: source.takeTrouble())
        if emitter.countEnded { return nil }
        if !options.events.needsTracepoints.isEmpty {
          onNotice(.troubleEventsStopped(options.events.needsTracepoints))
        }
        handedOn = true
        return try replace(source, starvedBecause: reason)
      }
    }
    let changes = source.flush()
    try emitter.emit(batch: changes, trouble: source.takeTrouble())
    if emitter.countEnded { return nil }
    try drainDestroyed()
    if emitter.countEnded { return nil }
    reportLosses(source)
    return nil
  }

  /// A starved perf source gives way to a tracefs instance, which BPF cannot
  /// starve; failing that (or for a tracefs source), polling takes over, and
  /// a perf source is kept as a probe to return to when it delivers again.
  func replace(_ source: StateChangeSource, starvedBecause reason: String) throws -> Stage {
    let isPerf = source.kind == .perf
    if isPerf, options.perfFallsBackToTracefs, let instance = try? openSource(.tracefs) {
      release(source)
      try announce(.switched, from: source.name, to: instance.name, reason: reason)
      return .tracepoint(instance)
    }
    if !isPerf { release(source) }
    try announce(.fallback, from: source.name, to: WatchSourceKind.poll.rawValue, reason: reason, willReturn: isPerf)
    return .polling(probe: isPerf ? source : nil, cause: nil)
  }

  func drainDestroyed() throws {
    try emitSummaries(collectDestroyed())
  }

  /// The sockets destroyed since the last call, with when they were read.
  func collectDestroyed() -> [(socket: Socket, readNs: UInt64)] {
    guard let destroy else { return [] }
    var ended: [(socket: Socket, readNs: UInt64)] = []
    destroy.drain { ended.append(($0, Clock.monotonicNanoseconds())) }
    return ended
  }

  func emitSummaries(_ ended: [(socket: Socket, readNs: UInt64)]) throws {
    try emitter.releasePending(nowNs: Clock.monotonicNanoseconds())
    for entry in ended { try emitter.emitSummary(entry.socket, nowNs: entry.readNs) }
  }

  /// Says, with a count, what the kernel dropped or tcpstate could not decode since the last report.
  func reportLosses(_ source: StateChangeSource?) {
    if let source {
      for loss in reported.news(source.losses, source: source.kind) { onNotice(.losses(loss)) }
      lostEvents = reported.totalDropped
    }
    if let destroy {
      for loss in reported.news(destroyOverruns: destroy.overruns, undecodable: destroy.problems) {
        onNotice(.losses(loss))
      }
    }
  }
}
