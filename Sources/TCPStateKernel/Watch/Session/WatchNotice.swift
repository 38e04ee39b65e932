import TCPStateModel

/// What the session tells its host besides events, as data: the command
/// line words each for stderr (naming its own options where they help), the
/// exporter logs or drops them. `setup`, `losses` and `cleanup` carry the
/// readers' own notices, whose descriptions are kernel facts (paths, counts,
/// errno) that both print as they are.
public enum WatchNotice: Sendable {
  /// Polling is the source from here: at `intervalMs`, missing short states.
  /// `cause` is why the tracepoint is not used (nil: polling was asked for,
  /// or a starved source's fallback, announced as a source change).
  /// `withoutDestroyNotifications`: ends are seen only by the snapshots too.
  case polling(intervalMs: Int32, cause: PollingCause?, withoutDestroyNotifications: Bool)
  /// A starved source gave way: the trouble events of these kinds (which
  /// only the tracefs instance delivers) stop here.
  case troubleEventsStopped(EventKinds)
  /// What a reader's setup could not do (a trouble tracepoint this kernel
  /// lacks, a filter it refused): its events are missing or filtered later.
  case setup(TracingNotice)
  /// Events the kernel dropped or tcpstate could not decode since the last report.
  case losses(LossNotice)
  /// What closing a reader could not undo (an instance still busy, a mount).
  case cleanup(TracingNotice)
}

/// Why a watch polls instead of reading the tracepoint.
public enum PollingCause: Sendable, Equatable {
  /// Watching another network namespace, named so: the tracepoint's events carry none.
  case otherNamespace(String)
  /// Neither the tracefs instance nor perf could be opened; the last failure.
  case tracepointUnavailable(String)
}

/// Why a session cannot start, as data for the command line to word.
public enum WatchSetupError: Error, Sendable {
  /// Trouble events were asked for with a source that is not a tracefs
  /// instance (or `auto` inside another namespace, where it polls). The
  /// command line refuses this before; a host that builds its own options
  /// gets it here.
  case troubleNeedsTraceInstance(EventKinds, source: WatchSession.SourcePreference, inOtherNamespace: Bool)
  /// Trouble events were asked for and the tracefs instance would not open.
  case troubleUnavailable(EventKinds, cause: TracingError)
}
