import ArgumentParser
import Glibc
import TCPStateFilter
import TCPStateKernel
import TCPStateKit
import TCPStateModel

struct KillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kill",
    abstract: "Close matching TCP sockets through sock_diag's SOCK_DESTROY (as ss -K), safely.",
    discussion: """
      Takes the filter words of list (--state, --port, --sport, --dport, --src, \
      --dst, -4, -6, --cgroup), compiled to the same inet_diag bytecode and \
      checked again in user space before each destroy, and list's --where, \
      --pid, --command and --uid, tested in user space on the dump and again \
      before each destroy (--pid and --command read /proc/*/fd). Any one of \
      them is a filter. Each socket is destroyed \
      by its 4-tuple and cookie, so a new socket that took the same addresses \
      is never hit. The kernel aborts it: the peer gets a RST, the owner \
      ECONNABORTED; TIME_WAIT and request sockets are simply dropped.

      Safety: without a filter kill refuses (say --all to mean everything). \
      --dry-run prints what would be killed, as list's table or --json, and \
      kills nothing. On a terminal kill asks for confirmation with the count \
      unless --yes; without a terminal --yes is required. The connection of \
      the SSH session it runs in (SSH_CONNECTION) and sockets held by its own \
      chain of parent processes (shell, tmux, sshd, sudo) are skipped, and said \
      so, unless --force.

      Exit codes: 0 every target killed (or already closed), 1 some \
      failed or the confirmation was declined, 64 usage (no filter, no --yes \
      off a terminal), 69 the kernel lacks CONFIG_INET_DIAG_DESTROY, 77 no \
      CAP_NET_ADMIN.
      """
  )

  @OptionGroup var filters: FilterOptions
  @OptionGroup var cgroups: CgroupOptions
  @OptionGroup var selection: SelectionOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var namespace: NamespaceOptions

  @Flag(name: .long, help: "Kill every socket: needed instead of a filter, so that a forgotten filter kills nothing.")
  var all = false

  @Flag(
    name: [.customShort("n"), .long], help: "Print what would be killed (list's table or --json) and kill nothing.")
  var dryRun = false

  @Flag(name: [.short, .long], help: "Do not ask for confirmation (required without a terminal).")
  var yes = false

  @Flag(name: .long, help: "Also kill the SSH session's connection and sockets of this process's own parents.")
  var force = false

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      var filter = try filters.makeFilter()
      let hierarchy = try cgroups.apply(to: &filter, shown: !cgroups.cgroup.isEmpty)
      let predicate = try selection.makePredicate()
      try predicate.checkForSockets()
      var request = KillPolicy.Request(hasFilter: filter != SocketFilter() || !predicate.isEmpty)
      request.all = all
      request.dryRun = dryRun
      request.yes = yes
      request.force = force
      request.interactive = isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1
      try KillPolicy.check(request)
      // Fail before asking anything when the kernel would refuse every destroy.
      if !dryRun, Capabilities.effective(Capabilities.netAdmin) == false {
        throw KillPolicy.fatalError(errno: EPERM, detail: "this process has no CAP_NET_ADMIN")
          ?? TCPStateError(.permission, "kill needs CAP_NET_ADMIN")
      }
      var matches: [Socket] = []
      let processes = predicate.processMap()
      try SockDiagDumper().dump(filter: filter, extensions: predicate.dumpExtensions) { socket in
        if predicate.matches(socket, in: processes) { matches.append(socket) }
        return true
      }
      let session = getenv("SSH_CONNECTION").flatMap { SSHConnection.parse(String(cString: $0)) }
      let chain = ProcessChain.read()
      let owners = chain.socketOwners.mapValues { "\($0.command)[\($0.pid)]" }
      let plan = KillPolicy.plan(matches, session: session, ownSockets: owners, force: force)
      for (socket, why) in plan.protected {
        warn("tcpstate: skipping \(socket.state.name) \(socket.local) \(socket.peer): \(why.text); --force kills it")
      }
      var options = ListOptions()
      options.header = !output.noHeader
      options.family = (TerminalWidth.detected() ?? 0) >= ListOptions.familyColumnWidth
      options.style = output.colors.style()
      if hierarchy != nil { options.cgroups = hierarchy?.names }
      if dryRun {
        try showDryRun(plan.targets, options: options)
        return
      }
      if plan.targets.isEmpty {
        warn("tcpstate: no socket to kill" + (plan.protected.isEmpty ? "" : " (\(plan.protected.count) skipped)"))
        return
      }
      if KillPolicy.needsConfirmation(request, targets: plan.targets.count) {
        warn(KillPolicy.prompt(targets: plan.targets.count), newline: false)
        guard KillPolicy.isConfirmed(readLine()) else {
          warn("tcpstate: nothing killed")
          throw ExitCode(1)
        }
      }
      let report = try destroy(plan, filter: filter, predicate: predicate, processes: processes)
      let sink = OutputSink()
      if output.json {
        try sink.write(report.json(options: options))
      } else {
        for (socket, outcome) in report.entries { try sink.write(KillReport.line(socket, outcome) + "\n") }
        try sink.write(report.summary + "\n")
      }
      try sink.flush()
      if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
  }

  /// Destroys the targets one by one, re-checking each against the filter and
  /// the predicate (on the values of the dump: a destroy carries no tcp_info);
  /// a refusal that would repeat for every socket (no privilege, no kernel
  /// support) stops the run with its exit code.
  func destroy(
    _ plan: KillPolicy.Plan, filter: SocketFilter, predicate: SocketPredicate, processes: ProcessMap?
  ) throws -> KillReport {
    var report = KillReport()
    for (socket, why) in plan.protected { report.add(socket, .protected(why)) }
    let destroyer = try SocketDestroyer()
    for socket in plan.targets {
      guard filter.matches(socket), predicate.matches(socket, in: processes) else { continue }
      let (code, detail) = destroyer.destroy(socket)
      let reason = String(cString: strerror(code)) + (detail.map { ": \($0)" } ?? "")
      switch code {
      case 0: report.add(socket, .killed)
      case ENOENT, ESTALE: report.add(socket, .gone)
      default:
        if let fatal = KillPolicy.fatalError(errno: code, detail: "SOCK_DESTROY: \(reason)") { throw fatal }
        report.add(socket, .failed("\(socket.state.name): \(reason)"))
      }
    }
    return report
  }

  /// Exactly what would be killed, as list shows it.
  func showDryRun(_ targets: [Socket], options: ListOptions) throws {
    let sink = OutputSink()
    if output.json {
      var json = JSONWriter()
      json.beginArray()
      for socket in targets { SocketJSON(options: options).write(socket, processes: [], to: &json) }
      json.endArray()
      try sink.write(String(decoding: json.out, as: UTF8.self) + "\n")
    } else {
      var table = SocketTable(options: options)
      table.fit(targets)
      table.header(into: &sink.buffer)
      for socket in targets { table.row(socket, processes: [], into: &sink.buffer) }
    }
    try sink.flush()
    warn("tcpstate: dry run: \(targets.count) socket\(targets.count == 1 ? "" : "s") would be killed")
  }
}
