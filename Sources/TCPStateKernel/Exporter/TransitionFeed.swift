import Synchronization
import TCPStateKit
import TCPStateModel

/// Feeds the exporter's transition histograms from a `WatchSession` running
/// on its own thread, through the session's public callbacks only. The
/// tracepoint alone: polling would miss short states and so make the
/// counters lie, so without tracefs the source is `none` and the families are absent.
public final class TransitionFeed: @unchecked Sendable {
  struct State {
    var histograms = TransitionHistograms()
    var source = ExporterSnapshot.TransitionSource.none
    var lost: UInt64 = 0
  }

  let state = Mutex(State())
  // Touched only by the watch thread, except stop(), which is atomic.
  let session: WatchSession
  let log: @Sendable (String) -> Void

  public init(log: @escaping @Sendable (String) -> Void) {
    var options = WatchSession.Options()
    options.source = .tracefs
    options.summaries = true
    session = WatchSession(options: options)
    self.log = log
  }

  /// A consistent copy for one scrape: histograms (nil without a tracepoint), source, events lost.
  public var current: (histograms: TransitionHistograms?, source: ExporterSnapshot.TransitionSource, lost: UInt64) {
    self.state.withLock { ($0.source == .none ? nil : $0.histograms, $0.source, $0.lost) }
  }

  public func stop() { session.stop() }

  /// Runs the watch until `stop()` or SIGINT/SIGTERM; returns at once when
  /// the tracepoint cannot be had, saying why.
  public func run() {
    let log = self.log
    session.onReady = { _ in
      StopSignal.ignoreHangUp()
      self.state.withLock { $0.source = .tracefs }
      log("tcpstate exporter: transitions from the sock:inet_sock_set_state tracepoint (tracefs instance)")
    }
    session.onTransition = { event in
      let changed = self.state.withLock { current -> Bool in
        current.histograms.record(event)
        guard event.source == .poll, current.source != .poll else { return false }
        current.source = .poll
        return true
      }
      if changed { log("tcpstate exporter: transitions now come from sock_diag polling (the tracepoint went silent)") }
    }
    session.onSummary = { summary in self.state.withLock { $0.histograms.record(summary) } }
    session.onNotice = { notice in log(notice) }
    session.onBatchEnd = { [unowned session] in
      let lost = session.lostEvents
      self.state.withLock { $0.lost = lost }
    }
    do {
      try session.run()
    } catch {
      let reason = (error as? TCPStateError)?.message ?? "\(error)"
      log("tcpstate exporter: no transition metrics: the tracepoint is unavailable (\(reason))")
    }
    StopSignal.ignoreHangUp()
    self.state.withLock { $0.source = .none }
  }
}
