import ArgumentParser
import Glibc
import TCPStateDoctor
import TCPStateKernel
import TCPStateKit
import TCPStateKnowledge
import TCPStateTerminal
import TCPStateTop

struct TopCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "top",
    abstract: "A live, full-screen view of the host's TCP connections, refreshed in place.",
    discussion: """
      Every --delay seconds top dumps the sockets with tcp_info and shows, per \
      connection, its state, addresses, send and receive rate (from the change in \
      tcpi_bytes_acked and tcpi_bytes_received since the last refresh, matched by \
      socket cookie), smoothed RTT, cwnd, retransmissions in the interval and in \
      all, the queues and how long it has been in its state. A connection seen for \
      the first time has blank rates, not zero. The header counts sockets per state \
      with the change since the last refresh, gives kernel counters per second \
      (opens, retransmitted segments, resets sent, listen overflows) and the \
      doctor's most severe finding.

      Keys: q quits; ? shows every key; sort with a column's key (T send, R recv, \
      D rtt, W cwnd, X retransmits, Q Recv-Q, A time in state, S state, L local, \
      P peer ...), < and > move the sort column, r reverses; / filters with list's \
      words (state established port 443); l switches to listeners with their \
      accept-queue fill; Enter shows the selected connection's tcp_info, timer and \
      state explained; p pauses; arrows and PgUp/PgDn move the selection, which \
      follows its connection across refreshes.

      FILTER words (state NAME, port N, sport N, dport N, src ADDR[/LEN], \
      dst ADDR[/LEN], -4, -6) mean what list's options of the same name mean; -l \
      starts in the listeners view. --where, --pid, --command, --uid and --cgroup \
      select the sockets of every refresh as in list (--pid and --command read \
      /proc/*/fd each refresh, with or without -p); the / prompt's words narrow \
      what they selected. Without a terminal top refuses (exit 64) \
      unless --batch is given: --batch prints --iterations frames as plain text \
      (like top -b -n N), or one JSON object per line with --json; each frame is \
      taken one --delay after the previous, so even the first has rates.
      """
  )

  @Argument(
    help: ArgumentHelp(
      "Filter words as at the / prompt: state NAME, port N, sport N, dport N, src ADDR, dst ADDR.",
      valueName: "filter"))
  var words: [String] = []

  @OptionGroup var filters: FilterOptions
  @OptionGroup var cgroups: CgroupOptions
  @OptionGroup var selection: SelectionOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var namespace: NamespaceOptions

  @Option(
    name: [.short, .long], parsing: .unconditional,
    help: ArgumentHelp(
      "Time between refreshes (100ms to 1h; 2s, 500ms; a bare number is seconds).", valueName: "duration"))
  var delay = DurationValue(seconds: 1)

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Column to sort by: \(TopColumn.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "column"),
    completion: .list(TopColumn.allCases.map(\.rawValue)))
  var sort: String = TopColumn.send.rawValue

  @Flag(name: .long, help: "Reverse the sort order (text columns sort A-Z, numbers largest first).")
  var reverse = false

  @Flag(name: [.short, .long], help: "Show the process holding each socket (reads /proc/*/fd every refresh).")
  var process = false

  @Flag(name: [.short, .long], help: "Print frames as text (or JSON with --json) instead of the full-screen view.")
  var batch = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "With --batch, only these columns, in this order (comma-separated): "
        + TopColumn.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "list"),
    completion: .list(TopColumn.allCases.map(\.rawValue)))
  var columns: [String] = []

  @Option(
    name: [.customShort("n"), .long], parsing: .unconditional,
    help: ArgumentHelp("With --batch, how many frames to print.", valueName: "n"))
  var iterations: Int = 1

  func validate() throws {
    guard delay.seconds.isFinite, delay.seconds >= 0.1, delay.seconds <= 3600 else {
      throw ValidationError("--delay must be between 100ms and 1h (a bare number is seconds)")
    }
    guard TopColumn.named(sort) != nil else {
      throw ValidationError(
        "unknown --sort column '\(sort)': one of \(TopColumn.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    if iterations < 1 { throw ValidationError("--iterations must be at least 1") }
    if output.json && !batch { throw ValidationError("--json needs --batch: the full-screen view is for people") }
    if !columns.isEmpty && (!batch || output.json) {
      throw ValidationError("--columns lays out --batch's text frames (the full-screen view and JSON have their own)")
    }
  }

  func run() throws {
    var signalled: Int32 = 0
    try runReportingErrors {
      try namespace.enter()
      MemoryFootprint.keepLargeBuffers()
      var words = try TopFilterWords.split(self.words)
      words.merge(commandLineWords)
      let chosen = columns.isEmpty ? nil : try TopColumn.parseList(columns)
      var order = TopOrder(sort: TopColumn.named(sort) ?? .send, reversed: reverse)
      // -l picks the view; as a filter it would empty the connections view.
      if words.listening { order.view = .listeners }
      order.fitSortToView()
      words.listening = false
      var filter = try words.filter()
      _ = try cgroups.apply(to: &filter, shown: false)
      var sampler = TopSampler(filter: filter, withProcesses: process)
      sampler.predicate = try selection.makePredicate()
      try sampler.predicate.checkForSockets()
      let scoped = !filter.clauses.isEmpty || !filter.families.isEmpty || !sampler.predicate.isEmpty
      let doctor = DoctorInputBuilder.reading(scoped: scoped)
      let finding = { (model: TopModel) in TopFinding.worst(doctor.input(for: model)) }
      if batch {
        try TopBatch(
          delay: delay.seconds, iterations: iterations, json: output.json, header: !output.noHeader, order: order,
          columns: chosen
        )
        .run(sample: sampler.sample, finding: finding)
        return
      }
      guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        throw TCPStateError(
          .usage, "top needs a terminal on stdin and stdout",
          hints: ["without one, use --batch (plain-text frames, like top -b) or --batch --json"])
      }
      var loop = TopLoop(
        interval: delay.seconds, colour: output.colors.style().enabled, session: TopSession(order: order),
        sample: sampler.sample, finding: finding, now: Clock.monotonicSeconds)
      do {
        signalled = try loop.run()
      } catch TopLoop.Failure.noLibrary(let text) {
        throw TCPStateError(
          .unavailable, "the full-screen view needs ncurses: \(text)", hints: ["--batch works without it"])
      } catch TopLoop.Failure.noTerminal {
        let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
        throw TCPStateError(
          .unavailable, "cannot start the full-screen view on this terminal (TERM=\(term))",
          hints: ["use --batch for plain-text frames"])
      }
    }
    // SIGTERM and SIGHUP end us as they would have, now that the terminal is back.
    if signalled == SIGTERM || signalled == SIGHUP {
      signal(signalled, SIG_DFL)
      raise(signalled)
    }
  }

  /// The filter options (--state, --port ...) as filter words, to merge with the positional ones.
  var commandLineWords: TopFilterWords {
    var words = TopFilterWords()
    words.states = filters.state
    words.ports = filters.scope.port
    words.sports = filters.scope.sport
    words.dports = filters.scope.dport
    words.sources = filters.scope.src
    words.destinations = filters.scope.dst
    words.ipv4 = filters.scope.ipv4
    words.ipv6 = filters.scope.ipv6
    words.listening = filters.listening
    return words
  }
}

/// `top --batch`: a first snapshot, then `iterations` frames one `delay` apart.
struct TopBatch {
  var delay: Double
  var iterations: Int
  var json: Bool
  var header: Bool
  var order: TopOrder
  var columns: [TopColumn]?

  func run(sample: (Int) throws -> TopSnapshot, finding: (TopModel) -> Finding?) throws {
    var model = TopModel()
    model.ingest(try sample(0))
    var next = Clock.monotonicSeconds() + delay
    let sink = OutputSink()
    for _ in 0..<iterations {
      Clock.sleep(seconds: next - Clock.monotonicSeconds())
      next += delay
      model.ingest(try sample(model.rows.count))
      let frame = TopFrame.make(model, order: order, finding: finding(model))
      if json {
        var writer = JSONWriter(reservingCapacity: 4096)
        TopJSON.write(frame, to: &writer)
        sink.buffer.append(contentsOf: writer.out)
        sink.buffer.append(10)
      } else {
        sink.buffer.append(contentsOf: TopTextRenderer.batch(frame, header: header, columns: columns).utf8)
      }
      try sink.flush()
    }
  }
}
