import ArgumentParser
import Glibc
import TCPStateKernel
import TCPStateKit
import TCPStateModel
import TCPStateWatch

extension WatchSession.SourcePreference: ExpressibleByArgument {}

struct WatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Stream TCP state transitions as they happen.",
    discussion: """
      Each line is one transition: time, old and new state, local and peer \
      endpoint, time spent in the old state, and the process when known. When a \
      connection ends, a summary line gives its lifetime, bytes, retransmits, rtt \
      and cwnd from the final tcp_info (leave it out with --no-summary).

      Sources. As root, tcpstate reads the kernel tracepoint \
      sock:inet_sock_set_state, which sees every transition in true order per \
      socket: by default through a private tracefs instance \
      (instances/tcpstate-PID-STARTTIME, mounting tracefs if needed and unmounting \
      it when the last watcher leaves, with the port filters applied in the \
      kernel), else through perf_event_open on every CPU (--source perf). The \
      instance is removed on every normal exit, and instances whose owner is gone \
      (told by pid and start time, never by name) are removed at the next start. \
      Without root or tracefs, or with --source poll, it polls sock_diag every \
      --interval and listens for destroy notifications; it says on \
      stderr what that can miss (states shorter than the interval), and reports \
      the end of a socket no poll saw as (unseen) -> CLOSE.

      Staying complete. A tracefs instance is fed on the ftrace path, which a BPF \
      program on the same tracepoint cannot starve; watch checks every second that \
      its event and tracing are still switched on in the instance and switches \
      them back on if someone turned them off. perf delivery can be starved by \
      such a program: watch compares the host's connection opens with the \
      (unfiltered) perf samples and, when they stop, moves to a tracefs instance, \
      or else polls until perf delivers again. Every such change is said on \
      stderr and, with --json, as an "event": "source" line. Buffer overruns are \
      reported with the number of events the kernel dropped.

      The active closer's hand-over to TIME_WAIT is reported by the kernel as \
      FIN_WAIT2 -> CLOSE; tcpstate looks the 4-tuple up and shows FIN_WAIT2 -> \
      TIME_WAIT. close() after shutdown(SHUT_WR) makes the kernel report \
      FIN_WAIT1 -> FIN_WAIT1, which is no change and is not shown. A listener's \
      summary says how long it listened; a connection's gives the kernel's \
      bytes_sent (data, retransmissions included) and bytes_received (which \
      counts the peer's FIN as one byte). A state filter matches a transition when its old or its new state \
      is asked for. --json writes NDJSON: one object per line, flushed within 20 ms.

      Events. --events KIND[,KIND...] adds TCP trouble to the stream, in time \
      order with the transitions, from tracepoints enabled in the same tracefs \
      instance (root): retransmit (tcp:tcp_retransmit_skb and \
      tcp:tcp_retransmit_synack: whether the SYN, a SYN-ACK or a segment was sent \
      again, the socket's state, and the connection's ca_state, rto, cwnd, \
      ssthresh and retransmits from one sock_diag lookup per read, when the \
      socket is in tcpstate's network namespace); reset (tcp:tcp_send_reset and \
      tcp:tcp_receive_reset: direction, state, and the kernel's reset reason); \
      drop (skb:kfree_skb for IP packets: the drop reason and the kernel \
      function that dropped it, with the connection when the packet's socket is \
      known or a reset was sent for the same packet; drops in UDP and other \
      protocols' code are left out; the text shows at most 10 drops per reason \
      per second and then a count, NDJSON every one); connect-failure (derived: \
      SYN_SENT -> CLOSE after a received RST is refused, ended by the \
      retransmission timer is timed_out, by the application is other, with the \
      attempt's duration and its SYN retransmissions); state (the transitions, \
      the default); all. Reason names are read from each tracepoint's format \
      file (its __print_symbolic table), so a newer kernel's reasons are named \
      as it names them. The port filters go into each tracepoint's kernel filter \
      where it has port fields, and every filter is checked in user space too; \
      a drop without a known connection is shown only when no address, port or \
      state filter is given. The text table gains a Kind column; NDJSON objects \
      have "event": "retransmit", "reset", "drop" or "connect_failure", the \
      transitions' address keys (null when unknown), "state", and per kind \
      "retransmitted", "error", "tcp_info" / "direction", "reason" / "reason", \
      "location" / "outcome", "attempt_ms", "syn_retransmits"; with state \
      and retransmit or reset asked for, a connection's summary also counts the \
      retransmissions and resets shown for it ("retransmissions_seen", \
      "resets_seen"). A tail loss probe \
      that resends data is counted in TcpRetransSegs but does not pass the \
      tracepoint, so it is not shown. A tracepoint this kernel lacks is said once \
      on stderr while the others run. Without root, or with --source perf or \
      poll, or with --netns, kinds other than state are refused (exit 77 without \
      root, 64 otherwise); --events state works as before. Tracepoints see every \
      network namespace: filter by address or port.

      Selecting by owner. --pid, --command, --uid and --cgroup select \
      connections by the socket's owner, not by the task on the CPU: every \
      transition of a selected connection is shown, including those the kernel \
      makes in interrupt context (a server's handshake, a FIN's arrival), and its \
      summary. The owner is decided once per socket, from the first of: the \
      process that made one of its transitions in a system call (connect, listen, \
      close: it holds the socket); a sock_diag lookup of the 4-tuple, batched per \
      read (uid, cgroup id, and the processes holding the socket's inode in \
      /proc/*/fd, walked again at most every 200 ms); for a connection not yet \
      accepted, the owner of the listener it arrived on. The task alone would \
      miss every interrupt-context transition; the lookup alone would miss a \
      socket already gone when its event is read. A socket whose only evidence \
      is a task that has exited is judged by that task's pid; its uid and \
      cgroup then come from /proc and are unknown once it has gone, so such a \
      socket is not selected by --uid or --cgroup. When polling, each \
      snapshot's sockets are judged by their own uid, cgroup and holders; a \
      socket no poll saw is selected only as a connection of a selected \
      listener. --where tests each connection's \
      summary when it ends (lifetime, 4-tuple, final tcp_info: 'lifetime>1h', \
      'bytes_sent>1MiB', 'total_retrans>0') and, since a transition's values \
      are known only then, shows summaries alone; --count then counts them. \
      These do not combine with --events beyond state.
      """
  )

  @OptionGroup var filters: FilterOptions
  @OptionGroup var cgroups: CgroupOptions
  @OptionGroup var selection: WatchSelectionOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var namespace: NamespaceOptions

  // Numbers parse unconditionally so `--count -1` reports the bad number, not a missing value.
  @Option(name: [.short, .customLong("count")], parsing: .unconditional, help: "Stop after this many transitions.")
  var count: Int?

  @Option(
    name: [.customLong("duration")], parsing: .unconditional,
    help: "Stop after this long (30s, 2m, 500ms; a bare number is seconds).")
  var duration: DurationValue?

  @Option(
    name: .long,
    help:
      "Event source: auto (tracefs instance, else perf events, else polling), tracefs, perf or poll (no root needed).")
  var source: WatchSession.SourcePreference = .auto

  @Option(
    name: .long, parsing: .unconditional,
    help: "Polling interval for the fallback source (100ms, 1s; a bare number is seconds, as everywhere).")
  var interval = DurationValue(seconds: 0.1)

  @Option(
    name: .long,
    help: ArgumentHelp(
      "What to show, comma-separated: state (transitions, the default), retransmit, reset, drop, connect-failure, or all.",
      valueName: "kinds"))
  var events = "state"

  /// `--events` parsed (validate() has refused a word it does not know).
  var eventKinds: EventKinds { (try? EventKinds.parse(events).get()) ?? .state }

  @Flag(name: .long, help: "Leave out the per-connection summary lines.")
  var noSummary = false

  @Option(
    name: .long,
    help: ArgumentHelp("Create this file once the event source is armed (for scripts).", valueName: "path"),
    completion: .file())
  var readyFile: String?

  func validate() throws {
    if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    if let duration, !(duration.seconds > 0 && duration.seconds < 1e9) {
      throw ValidationError("--duration must be a positive duration (30s, 2m, 500ms)")
    }
    if !(interval.seconds >= 0.01 && interval.seconds <= 60) {
      let bare = interval.seconds >= 10 && interval.seconds <= 60_000 && interval.seconds == interval.seconds.rounded()
      throw ValidationError(
        "--interval must be 10ms to 60s"
          + (bare ? " (a bare number is seconds: did you mean \(Int(interval.seconds))ms?)" : ""))
    }
    switch EventKinds.parse(events) {
    case .failure(let failure):
      throw ValidationError(
        "--events: unknown kind '\(failure.word)' (use \(EventKinds.words.map(\.0).joined(separator: ", ")))")
    case .success(let kinds) where kinds.isEmpty:
      throw ValidationError("--events needs at least one kind")
    case .success(let kinds) where !kinds.needsTracepoints.isEmpty:
      if source == .perf || source == .poll {
        throw ValidationError(
          "--events \(events) reads the tcp and skb tracepoints through a tracefs instance; --source \(source.rawValue) carries only state transitions (use --source tracefs or auto)"
        )
      }
      if namespace.netns != nil {
        throw ValidationError(
          "--events \(events) reads tracepoints, which see every namespace and name none: leave out --netns and filter by the namespace's addresses"
        )
      }
    default:
      break
    }
    if !selection.isEmpty || !cgroups.cgroup.isEmpty {
      if !eventKinds.needsTracepoints.isEmpty {
        throw ValidationError(
          "--where, --pid, --command, --uid and --cgroup select transitions and summaries; they do not combine with --events \(events)"
        )
      }
    }
    if !selection.where.isEmpty && noSummary {
      throw ValidationError("--where tests connection summaries, which --no-summary leaves out")
    }
    if namespace.netns != nil && (source == .tracefs || source == .perf) {
      throw ValidationError(
        "--source \(source.rawValue) sees every namespace (its events carry none): with --netns use --source poll or auto"
      )
    }
  }

  func run() throws {
    try runReportingErrors {
      if let readyFile { try Self.checkCreatable(readyFile) }
      try namespace.enter()
      var options = WatchSession.Options()
      options.filter = try filters.makeFilter()
      options.source = source
      options.namespace = namespace.netns
      options.count = count
      options.durationNs = duration.map { UInt64($0.seconds * 1e9) }
      options.pollIntervalMs = Int32((interval.seconds * 1000).rounded())
      // Summaries belong to the transitions: --events without state leaves them out.
      options.summaries = !noSummary && eventKinds.contains(.state)
      options.events = eventKinds
      let predicate = try selection.makePredicate()
      options.summaryPredicate = predicate.expression == nil ? nil : predicate
      options.owners.pids = predicate.pids
      options.owners.commands = predicate.commands
      options.owners.uids = predicate.uids
      if !cgroups.cgroup.isEmpty, let hierarchy = try cgroups.readHierarchy() {
        options.owners.cgroups = try cgroups.ids(in: hierarchy)
        options.cgroupMount = hierarchy.mountPoint
      }
      let session = WatchSession(options: options)
      let sink = OutputSink()
      var text = TransitionText(style: output.colors.style())
      let trouble = !eventKinds.needsTracepoints.isEmpty
      text.kindColumn = trouble
      var eventText = TCPEventText(style: output.colors.style())
      let json = output.json
      var headerShown = output.noHeader || json
      // Notices quote paths and process names: escaped, like every other message.
      session.onNotice = { warn(TextEscaping.escape($0.text)) }
      session.onReady = { _ in
        if let readyFile {
          let fd = open(readyFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
          if fd >= 0 { close(fd) }
        }
        if !headerShown {
          headerShown = true
          // onReady cannot throw; the sink keeps a failure and the next flush throws it.
          try? sink.write(text.header + "\n")
          try? sink.flush()
        }
      }
      // Whole lines, flushed after every read of the source (every ~20 ms at
      // most), so `| jq` sees events live without a write(2) per line at 50k events/s.
      session.onTransition = { event in
        if json { TransitionJSON.append(event, to: &sink.buffer) } else { text.append(event, to: &sink.buffer) }
        try sink.flushIfFull()
      }
      session.onEvent = { event in
        if json { TCPEventJSON.append(event, to: &sink.buffer) } else { eventText.append(event, to: &sink.buffer) }
        try sink.flushIfFull()
      }
      session.onSummary = { summary in
        try sink.write((json ? TransitionJSON.line(summary) : text.line(summary)) + "\n")
      }
      session.onSourceChange = { change in
        warn(change.message)
        if json { try sink.write(SourceChangeJSON.line(change) + "\n") }
      }
      session.onBatchEnd = {
        if trouble && !json { eventText.appendExpired(nowNs: Clock.wallNanoseconds(), to: &sink.buffer) }
        try sink.flush()
        try sink.checkReader()
      }
      do {
        try session.run()
      } catch let error as TracingError {
        throw error.userError
      } catch let error as WatchSetupError {
        throw error.userError
      }
      if trouble && !json { eventText.appendExpired(nowNs: nil, to: &sink.buffer) }
      try sink.flush()
    }
  }

  /// The ready file is written only once the source is armed, which is too
  /// late to say it cannot be: check its folder now (EX_CANTCREAT).
  static func checkCreatable(_ path: String) throws {
    let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) : "."
    let directory = folder.isEmpty ? "/" : folder
    var info = stat()
    guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, access(directory, W_OK) == 0 else {
      let reason = String(cString: strerror(errno == 0 ? ENOTDIR : errno))
      throw TCPStateError(.cannotCreate, "cannot create --ready-file \(path): \(directory): \(reason)")
    }
  }
}
