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

  @Flag(
    name: .customLong("all-netns"),
    help: ArgumentHelp(
      "Select in every network namespace on the host; each socket is destroyed from inside its own namespace.",
      discussion:
        "Try it with --dry-run first: the listing has a Netns column. Entering namespaces needs CAP_SYS_ADMIN."
    ))
  var allNetns = false

  func validate() throws {
    if allNetns && namespace.netns != nil {
      throw ValidationError("--all-netns searches every namespace; --netns names one: choose one of them")
    }
  }

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
      if !dryRun, !SocketKill.mayDestroy {
        throw KillPolicy.fatalError(errno: EPERM, detail: "this process has no CAP_NET_ADMIN")
          ?? TCPStateError(.permission, "kill needs CAP_NET_ADMIN")
      }
      var kill = SocketKill(filter: filter, predicate: predicate, force: force)
      var discovery: NamespaceDiscovery.Result?
      if allNetns {
        var found = NamespaceDiscovery.scan()
        found.namespaces = NamespaceNaming().annotate(found.namespaces)
        discovery = found
        kill.namespaces = discovery?.namespaces
      }
      let selected = try kill.select()
      for line in NamespaceSweepWording.warnings(selected.skipped, unreadableTasks: discovery?.unreadableTasks ?? 0) {
        warn(line)
      }
      let plan = selected.plan
      for (socket, why) in plan.protected {
        warn("tcpstate: skipping \(socket.state.name) \(socket.local) \(socket.peer): \(why.text); --force kills it")
      }
      var options = ListOptions()
      options.header = !output.noHeader
      options.family = (TerminalWidth.detected() ?? 0) >= ListOptions.familyColumnWidth
      options.style = output.colors.style()
      if hierarchy != nil { options.cgroups = hierarchy?.names }
      if let discovery {
        // The Netns column, named as list --all-netns names it.
        options.namespaces = NamespaceSweep.byInode(discovery.namespaces)
        options.interfaceNames = [:]
      }
      if dryRun {
        // Exactly what would be killed, as list shows it.
        let listing = SocketListing(showing: plan.targets, options: options, format: output.json ? .json : .table)
        try listing.run(into: OutputSink())
        let count = plan.targets.count
        warn("tcpstate: dry run: \(count) socket\(count == 1 ? "" : "s") would be killed")
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
      let report = try destroy(selected, with: kill)
      let sink = OutputSink()
      if output.json {
        try sink.write(report.json(options: options))
      } else {
        for (socket, outcome) in report.entries {
          let netns = socket.netns.map { options.namespaces?[$0]?.label ?? String($0) }
          try sink.write(KillReport.line(socket, outcome, netns: netns) + "\n")
        }
        try sink.write(report.summary + "\n")
      }
      try sink.flush()
      if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
  }

  /// The protected sockets and what each destroy did, in words; a refusal
  /// that stopped the run becomes its error, with the exit code scripts expect.
  func destroy(_ selected: SocketKill.Selection, with kill: SocketKill) throws -> KillReport {
    var report = KillReport()
    for (socket, why) in selected.plan.protected { report.add(socket, .protected(why)) }
    do {
      for (socket, outcome) in try kill.destroy(selected) {
        switch outcome {
        case .destroyed: report.add(socket, .killed)
        case .gone: report.add(socket, .gone)
        case .failed(let code, let detail): report.add(socket, .failed("\(socket.state.name): \(reason(code, detail))"))
        }
      }
    } catch let refused as SocketKill.Refused {
      let detail = "SOCK_DESTROY: " + reason(refused.errno, refused.detail)
      throw KillPolicy.fatalError(errno: refused.errno, detail: detail) ?? TCPStateError(.software, detail)
    }
    return report
  }

  /// `Operation not permitted: <the kernel's extended-ack text>`.
  func reason(_ code: Int32, _ detail: String?) -> String {
    String(cString: strerror(code)) + (detail.map { ": \($0)" } ?? "")
  }
}
