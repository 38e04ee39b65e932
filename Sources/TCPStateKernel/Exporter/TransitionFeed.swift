import Glibc
import Synchronization
import TCPStateKit
import TCPStateMetrics
import TCPStateModel

/// Feeds the exporter's transition histograms from a `WatchSession` running
/// on its own thread, through the session's public callbacks only. The
/// tracepoint alone: polling misses short states and would make the counters
/// lie, so when the session falls back to polling (its silence check fired)
/// the feed stops it and re-arms the tracepoint after a back-off; without
/// tracefs at all the source is `none` and the families are absent.
public final class TransitionFeed: @unchecked Sendable {
  struct State {
    var histograms = TransitionHistograms()
    var source = ExporterSnapshot.TransitionSource.none
    /// The tracepoint fed the histograms at least once: they stay exported.
    var armedOnce = false
    /// Events lost by sessions that ended, plus the current one's.
    var lostBefore: UInt64 = 0
    var lostNow: UInt64 = 0
    var session: WatchSession?
    var stopping = false
  }

  let state = Mutex(State())
  let log: @Sendable (String) -> Void
  /// Seconds before re-arming after a fall-back to polling; doubles up to `maxBackoff`.
  let firstBackoff: Double
  let maxBackoff: Double

  public init(log: @escaping @Sendable (String) -> Void, firstBackoff: Double = 5, maxBackoff: Double = 300) {
    self.log = log
    self.firstBackoff = firstBackoff
    self.maxBackoff = maxBackoff
  }

  /// A consistent copy for one scrape: histograms (nil until the tracepoint fed them), source, events lost.
  public var current: (histograms: TransitionHistograms?, source: ExporterSnapshot.TransitionSource, lost: UInt64) {
    state.withLock { ($0.armedOnce ? $0.histograms : nil, $0.source, $0.lostBefore &+ $0.lostNow) }
  }

  public func stop() {
    let session = state.withLock { current -> WatchSession? in
      current.stopping = true
      return current.session
    }
    session?.stop()
  }

  /// Runs sessions until `stop()` or SIGINT/SIGTERM; returns at once when
  /// the tracepoint cannot be had, saying why.
  public func run() {
    var backoff = firstBackoff
    while true {
      let outcome = runSession()
      if outcome == .failed || state.withLock({ $0.stopping }) || StopSignal.received != 0 { break }
      log("tcpstate exporter: the tracepoint went silent; transitions paused, re-arming it in \(Int(backoff)) s")
      let until = Clock.monotonicSeconds() + backoff
      while Clock.monotonicSeconds() < until && !state.withLock({ $0.stopping }) && StopSignal.received == 0 {
        usleep(100_000)
      }
      backoff = min(maxBackoff, backoff * 2)
    }
    state.withLock { $0.source = .none }
  }

  enum Outcome { case ended, fellBack, failed }

  func runSession() -> Outcome {
    var options = WatchSession.Options()
    options.source = .tracefs
    options.summaries = true
    // The exporter's own handlers are in place (SIGHUP ignored): keep them.
    options.installsSignalHandlers = false
    let session = WatchSession(options: options)
    let proceed = state.withLock { current -> Bool in
      guard !current.stopping else { return false }
      current.session = session
      current.lostBefore &+= current.lostNow
      current.lostNow = 0
      return true
    }
    guard proceed else { return .ended }
    let log = self.log
    var fellBack = false
    session.onReady = { [unowned self] kind in
      StopSignal.ignoreHangUp()
      guard kind == .tracefs else { return }
      self.state.withLock {
        $0.source = .tracefs
        $0.armedOnce = true
      }
      log("tcpstate exporter: transitions from the sock:inet_sock_set_state tracepoint (tracefs instance)")
    }
    session.onTransition = { [unowned self, unowned session] event in
      // Polled "transitions" would undercount: stop this session and re-arm later.
      guard event.source == .tracefs || event.source == .perf || event.source == .tracepoint else {
        if !fellBack {
          fellBack = true
          self.state.withLock { $0.source = .none }
          session.stop()
        }
        return
      }
      self.state.withLock { $0.histograms.record(event) }
    }
    session.onSummary = { [unowned self] summary in
      guard !fellBack else { return }
      self.state.withLock { $0.histograms.record(summary) }
    }
    session.onSourceChange = { [unowned self, unowned session] change in
      log(change.message)
      guard change.kind == .fallback else { return }
      // Stop before the fallback's first snapshot: the feed never polls.
      fellBack = true
      self.state.withLock { $0.source = .none }
      session.stop()
    }
    session.onNotice = { notice in
      switch notice {
      case .setup(let notice), .cleanup(let notice):
        log(notice.description)
      case .losses(let notice):
        log(notice.description)
      case .polling:
        // The feed never polls: the fallback that leads here stops the session.
        break
      case .troubleEventsStopped:
        // Only state transitions are asked for: no trouble events to stop.
        break
      }
    }
    session.onBatchEnd = { [unowned self, unowned session] in
      let lost = session.lostEvents
      self.state.withLock { $0.lostNow = lost }
    }
    defer { state.withLock { $0.session = nil } }
    do {
      try session.run()
    } catch {
      let reason = (error as? TCPStateError)?.message ?? "\(error)"
      log("tcpstate exporter: no transition metrics: the tracepoint is unavailable (\(reason))")
      StopSignal.ignoreHangUp()
      return .failed
    }
    StopSignal.ignoreHangUp()
    return fellBack ? .fellBack : .ended
  }
}
