import ArgumentParser
import TCPStateDoctor
import TCPStateKernel
import TCPStateKit

struct DoctorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Diagnose the host's TCP trouble from live sockets, kernel counters and tunables.",
    discussion: """
      Reads every TCP socket through sock_diag, the counters in /proc/net/netstat, \
      /proc/net/snmp and /proc/net/sockstat (twice, --interval seconds apart, for \
      rates) and the tunables under /proc/sys, and reports findings worst first: \
      accept-queue overflow, SYN floods, CLOSE_WAIT leaks, TIME_WAIT and ephemeral \
      port pressure, orphans, retransmission hot spots, stalled flows, unanswered \
      connects and memory pressure. Each finding shows its numbers, the sockets \
      involved, the tunables that govern it and the explain topic. Suggestions are \
      text only: tcpstate never changes a tunable.

      With --port, --sport, --dport, --src, --dst, -4 or -6 the sockets are scoped; \
      findings that rest only on host-wide counters then become notes. \
      --proc-root DIR reads the counters (DIR/net/...) and tunables (DIR/sys/...) \
      from another tree; sockets always come from the kernel.

      Exit codes: 0 healthy (no findings, or notes only), 1 at least one warning, \
      2 at least one critical finding, 64 usage error, 69 kernel interface \
      unavailable, 74 output could not be written, 77 missing privilege.
      """
  )

  /// Ports, addresses and families only: doctor looks at every state.
  @OptionGroup var scope: ScopeOptions

  // Not offered (help, man page, completions): accepted only to say why
  // they do not apply, instead of a bare "unknown option".
  @Option(name: [.customShort("S"), .customLong("state")], help: .private)
  var rejectedStates: [String] = []
  @Flag(name: [.customShort("l"), .customLong("listening")], help: .private)
  var rejectedListening = false
  /// --lang, --proc-root and --color, shared with explain, tunables and diagram.
  @OptionGroup var knowledge: KnowledgeOptions<DoctorProcRoot>
  @OptionGroup var namespace: NamespaceOptions

  @Flag(name: .long, help: SharedHelp.json)
  var json = false

  // Numbers parse unconditionally so `--interval -1` reports the bad number, not a missing value.
  @Option(
    name: .long, parsing: .unconditional,
    help: ArgumentHelp(
      "Time between the two counter readings (1s, 500ms; a bare number is seconds; 0: one reading, no rates).",
      valueName: "duration"))
  var interval = DurationValue(seconds: 1)

  @Option(
    name: .long, parsing: .unconditional,
    help: ArgumentHelp(
      "Smallest pile of sockets worth a finding (CLOSE_WAIT per process and port, SYN_SENT, SYN_RECV, FIN_WAIT2, ports per destination); overrides each rule's default.",
      valueName: "n"))
  var minCount: Int?

  func validate() throws {
    if !rejectedStates.isEmpty || rejectedListening {
      throw ValidationError(
        "doctor looks at every state: scope it with --port, --sport, --dport, --src, --dst, -4 or -6")
    }
    guard interval.seconds.isFinite, interval.seconds >= 0, interval.seconds <= 60 else {
      throw ValidationError("--interval must be between 0 and 60 seconds")
    }
    if let minCount, minCount < 1 { throw ValidationError("--min-count must be at least 1") }
  }

  func run() throws {
    var exitCode: Int32 = 0
    try runReportingErrors {
      try namespace.enter()
      let language = try knowledge.language()
      let filter = try scope.makeFilter()
      var malformed = 0
      var notes: [String] = []
      var collector = DoctorCollector(
        filter: filter, procRoot: knowledge.procRoot, interval: interval.seconds, minCount: minCount,
        onProblem: { _ in malformed += 1 })
      collector.onNote = { note in
        switch note {
        case .ownersUnknown(let sockets, let hidden):
          notes.append(
            "owners of \(sockets) sockets unknown: \(hidden) processes of other users are hidden (reading their /proc/PID/fd needs CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)"
          )
        }
      }
      let skipped = SkippedFileWarnings()
      collector.onSkip = skipped.warn
      let input = try collector.collect()
      var problems = notes
      if malformed > 0 { problems.append("\(malformed) malformed kernel messages skipped") }
      // Suggested commands run where doctor looked (--netns).
      let report = DoctorScope(netns: namespace.netns).apply(Doctor.diagnose(input, problems: problems))
      let sink = OutputSink()
      if json {
        try sink.write(DoctorJSON.render(report, language: language))
      } else {
        let options = DoctorOptions(
          language: language, width: knowledge.width(), style: knowledge.colors.style())
        try sink.write(DoctorTextRenderer.render(report, options: options))
      }
      try sink.flush()
      exitCode = report.exitCode
    }
    if exitCode != 0 { throw ExitCode(exitCode) }
  }
}
