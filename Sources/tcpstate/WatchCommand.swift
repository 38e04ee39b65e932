import ArgumentParser
import Glibc
import TCPStateKernel
import TCPStateKit

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
      socket: by default through a private tracefs instance (instances/tcpstate-PID, \
      mounting tracefs if needed, with the port filters applied in the kernel), \
      else through perf_event_open on every CPU (--source perf). The instance is \
      removed on every normal exit, and instances left by a killed tcpstate are \
      removed at the next start. Without root or tracefs, or with --source poll, \
      it polls sock_diag every --interval milliseconds and listens for destroy \
      notifications; it says on stderr what that can miss (states shorter than the \
      interval).

      The active closer's hand-over to TIME_WAIT is reported by the kernel as \
      FIN_WAIT2 -> CLOSE; tcpstate looks the 4-tuple up and shows FIN_WAIT2 -> \
      TIME_WAIT. A state filter matches a transition when its old or its new state \
      is asked for. --json writes NDJSON: one object per line, flushed within 20 ms.
      """
  )

  @OptionGroup var filters: FilterOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var namespace: NamespaceOptions

  // Numbers parse unconditionally so `--count -1` reports the bad number, not a missing value.
  @Option(name: [.short, .customLong("count")], parsing: .unconditional, help: "Stop after this many transitions.")
  var count: Int?

  @Option(name: [.customLong("duration")], parsing: .unconditional, help: "Stop after this many seconds.")
  var duration: Double?

  @Option(
    name: .long,
    help:
      "Event source: auto (tracefs instance, else perf events, else polling), tracefs, perf or poll (no root needed).")
  var source: WatchSession.SourcePreference = .auto

  @Option(name: .long, parsing: .unconditional, help: "Polling interval in milliseconds for the fallback source.")
  var interval: Int32 = 100

  @Flag(name: .long, help: "Leave out the per-connection summary lines.")
  var noSummary = false

  @Option(
    name: .long,
    help: ArgumentHelp("Create this file once the event source is armed (for scripts).", valueName: "path"),
    completion: .file())
  var readyFile: String?

  func validate() throws {
    if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    if let duration, !(duration > 0 && duration < 1e9) {
      throw ValidationError("--duration must be a positive number of seconds")
    }
    if interval < 10 || interval > 60_000 { throw ValidationError("--interval must be 10-60000 ms") }
    if namespace.netns != nil && (source == .tracefs || source == .perf) {
      throw ValidationError(
        "--source \(source.rawValue) sees every namespace (its events carry none): with --netns use --source poll or auto"
      )
    }
  }

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      var options = WatchSession.Options()
      options.filter = try filters.makeFilter()
      options.source = source
      options.namespace = namespace.netns
      options.count = count
      options.durationNs = duration.map { UInt64($0 * 1e9) }
      options.pollIntervalMs = interval
      options.summaries = !noSummary
      let session = WatchSession(options: options)
      let sink = OutputSink()
      var text = TransitionText(style: output.colors.style())
      let json = output.json
      var headerShown = output.noHeader || json
      session.onNotice = { warn($0) }
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
      session.onSummary = { summary in
        try sink.write((json ? TransitionJSON.line(summary) : text.line(summary)) + "\n")
      }
      session.onBatchEnd = { try sink.flush() }
      try session.run()
      try sink.flush()
    }
  }
}
