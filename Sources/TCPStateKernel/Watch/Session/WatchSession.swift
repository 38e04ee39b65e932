import CShim
import Glibc
import Synchronization
import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// `tcpstate watch`: streams transitions from the tracepoint (root), or from
/// sock_diag polling plus destroy notifications (anyone), until a count, a
/// duration, a signal or a closed output ends it. Everything it opens is a
/// file descriptor or a tracefs instance it removes, however it ends.
///
/// The session manages sources (WatchSession+Sources, +Tracepoint,
/// +Polling); bookkeeping and emission live in `TransitionEmitter`.
public final class WatchSession {
  public enum SourcePreference: String, CaseIterable, Sendable {
    /// The tracefs instance, else perf events, else polling.
    case auto
    /// The tracepoint through a private tracefs instance (root).
    case tracefs
    /// The tracepoint through perf_event_open per CPU (root).
    case perf
    /// sock_diag polling plus destroy notifications (anyone).
    case poll
  }

  public struct Options {
    public var filter = SocketFilter()
    public var source = SourcePreference.auto
    /// The namespace's name when watching another one: the tracepoint
    /// carries no namespace, so `auto` polls that namespace's sock_diag instead.
    public var namespace: String?
    public var count: Int?
    public var durationNs: UInt64?
    public var pollIntervalMs: Int32 = 100
    public var summaries = true
    /// What to show: state transitions (the default) and, from the tracefs
    /// instance, retransmissions, resets, drops and failed connects.
    public var events: EventKinds = .state
    /// When perf delivery starves, move to a tracefs instance (which cannot
    /// be starved) before falling back to polling. Off only in tests of the
    /// polling-and-return path.
    public var perfFallsBackToTracefs = true
    /// Install the SIGINT/SIGTERM/SIGHUP handlers that end the session. A
    /// host process that installed its own (the exporter, which keeps SIGHUP
    /// harmless) turns this off; the session still stops on the shared flag.
    public var installsSignalHandlers = true
    /// Owner selection (pids, commands, uids, cgroups): transitions and summaries of the
    /// connections these owners hold (see `OwnerSelection`).
    public var owners = OwnerSelection()
    /// Where cgroup v2 is mounted, to find a process's cgroup id.
    public var cgroupMount: String?
    /// A predicate on summaries: show only the summaries it holds for.
    public var summaryPredicate: SocketPredicate?
    public init() {}
  }

  public var options: Options
  public var onTransition: (TransitionEvent) throws -> Void {
    get { emitter.onTransition }
    set { emitter.onTransition = newValue }
  }
  public var onSummary: (ConnectionSummary) throws -> Void {
    get { emitter.onSummary }
    set { emitter.onSummary = newValue }
  }
  /// A retransmission, reset, drop or failed connect (trouble events asked for in `events`).
  public var onEvent: (TCPEvent) throws -> Void {
    get { emitter.onTroubleEvent }
    set { emitter.onTroubleEvent = newValue }
  }
  public var eventsShown: Int { emitter.eventsShown }
  /// Notices for the host to word: losses, what a mode can miss, cleanup problems.
  public var onNotice: (WatchNotice) -> Void = { _ in }
  /// The source changed (fallback, switch, return, restore): the CLI says it
  /// on stderr and, in JSON output, in the stream.
  public var onSourceChange: (SourceChange) throws -> Void = { _ in }
  /// Called after each read of the source (at least every ~20 ms while
  /// running): the place to flush output, so it is live without a write per line.
  public var onBatchEnd: () throws -> Void = {}
  /// Called once the first source is armed, with which: transitions from here on are seen.
  public var onReady: (WatchSourceKind) -> Void = { _ in }

  public var transitionsShown: Int { emitter.transitionsShown }
  /// Events the kernel said it dropped, summed over the sources used.
  public internal(set) var lostEvents: UInt64 = 0
  let stopRequested = Atomic<Bool>(false)

  /// Ends `run()` from another thread at its next poll (within ~20 ms).
  public func stop() { stopRequested.store(true, ordering: .relaxed) }

  let wallOffsetNs = Int64(Clock.wallNanoseconds()) - Int64(Clock.monotonicNanoseconds())
  let emitter: TransitionEmitter
  var deadline: UInt64?
  var destroy: DestroyMonitor?
  var announcedReady = false
  /// What has been reported of the current source's and the destroy monitor's losses.
  var reported = ReportedLosses()

  public init(options: Options) {
    self.options = options
    emitter = TransitionEmitter(
      filter: options.filter, count: options.count, summaries: options.summaries,
      wallOffsetNs: Int64(Clock.wallNanoseconds()) - Int64(Clock.monotonicNanoseconds()), lookup: try? SocketLookup())
    emitter.enableTrouble(kinds: options.events)
    emitter.summaryPredicate = options.summaryPredicate
    if !options.owners.isEmpty {
      emitter.owners = OwnerResolver(
        selection: options.owners, lookup: emitter.lookup, cgroupMount: options.cgroupMount)
    }
  }

  /// Where the next stretch of the watch reads from.
  enum Stage {
    case tracepoint(StateChangeSource)
    /// `probe`: a tracepoint source kept open to return to once it delivers again.
    case polling(probe: StateChangeSource?, cause: PollingCause?)
  }

  public func run() throws {
    if options.installsSignalHandlers { tcpstate_install_stop_handlers() }
    deadline = options.durationNs.map { Clock.monotonicNanoseconds() + $0 }
    if options.summaries || options.source == .poll { destroy = try? DestroyMonitor() }
    emitter.owners?.seedListeners()
    var stage = try firstStage()
    while let next = try run(stage) { stage = next }
    // Past the count nothing more is shown, the summaries still waiting included.
    guard !emitter.countEnded else { return }
    try emitter.releasePending(nowNs: Clock.monotonicNanoseconds(), final: true)
  }

  func run(_ stage: Stage) throws -> Stage? {
    switch stage {
    case .tracepoint(let source): return try runTracepoint(source)
    case .polling(let probe, let cause): return try runPolling(probe: probe, cause: cause)
    }
  }

  func shouldStop() -> Bool {
    if tcpstate_stop_signal() != 0 || stopRequested.load(ordering: .relaxed) { return true }
    if let deadline, Clock.monotonicNanoseconds() >= deadline { return true }
    return emitter.countReached
  }

  func ready(_ kind: WatchSourceKind) {
    guard !announcedReady else { return }
    announcedReady = true
    onReady(kind)
  }

  func announce(_ kind: SourceChange.Kind, from: String, to: String, reason: String, willReturn: Bool = false) throws {
    try onSourceChange(
      SourceChange(
        timestampNs: Clock.wallNanoseconds(), kind: kind, from: from, to: to, reason: reason, willReturn: willReturn))
  }

  /// Closes a source and says what it could not undo.
  func release(_ source: StateChangeSource) {
    for problem in source.close() { onNotice(.cleanup(problem)) }
  }
}
