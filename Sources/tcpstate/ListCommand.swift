import ArgumentParser
import Glibc
import TCPStateFilter
import TCPStateKernel
import TCPStateKit
import TCPStateModel

struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List every TCP socket (IPv4 and IPv6) from the kernel's sock_diag interface.",
    discussion: """
      One line per socket: state, Recv-Q, Send-Q, local and peer address and port. \
      For LISTEN sockets Recv-Q is the number of connections \
      waiting in the accept queue and Send-Q is the queue's limit (the listen() \
      backlog, capped by net.core.somaxconn); with -l the header says Accept-Q and Backlog.

      Filters are compiled to inet_diag bytecode, so the kernel skips what is not \
      asked for, and are checked again in user space. --json writes one JSON array \
      of socket objects; --summary counts sockets per state and family instead.

      --where, --pid, --command and --uid test what the kernel's bytecode cannot \
      (tcp_info and queue fields, the owning process, the owner) in user space, after \
      the kernel's filter. Rows stream as the kernel sends them; only --sort holds \
      them all first. -t, -n and -a are accepted as ss habits (tcpstate -tlnp, -tan).

      On a terminal, or with COLUMNS set, the --info fields wrap under their row at \
      its width (a pipe keeps them on one line, as ss does); -e, or a terminal of \
      150 columns or more, adds a Family column (inet, inet6).

      Works without root: sock_diag shows every socket, with tcp_info, to any user. \
      Only --process needs root (CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH) to map \
      other users' sockets to processes through /proc/PID/fd; without it those \
      processes are left out and a note on stderr says how many.
      """
  )

  @OptionGroup var filters: FilterOptions
  @OptionGroup var cgroups: CgroupOptions
  @OptionGroup var selection: SelectionOptions
  @OptionGroup var habits: SSHabitOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var namespace: NamespaceOptions

  @Flag(
    name: [.short, .long],
    help: "Show tcp_info: rtt, rto, cwnd, ssthresh, bytes, retransmits, rates, congestion control.")
  var info = false

  @Flag(name: [.customShort("o"), .long], help: "Show timers: retransmit, keepalive, time-wait, zero-window probe.")
  var timers = false

  @Flag(name: [.short, .long], help: "Show socket memory (skmem).")
  var memory = false

  @Flag(
    name: [.short, .long], help: "Show the Family column (inet, inet6), uid, inode, socket cookie and cgroup path.")
  var extended = false

  @Flag(
    name: .long,
    help: "Show each socket's cgroup: its systemd unit, container or pod where the path says, else the cgroup v2 path.")
  var cgroupColumn = false

  @Flag(name: [.short, .long], help: "Show the processes holding each socket (reads /proc/*/fd).")
  var process = false

  @Flag(name: [.short, .long], help: "Only count sockets per state and family.")
  var summary = false

  @Flag(
    name: .customLong("all-netns"),
    help: ArgumentHelp(
      "List the sockets of every network namespace on the host (containers, pods, ip netns), with a Netns column.",
      discussion:
        "Namespaces are found from every task's /proc/PID/task/TID/ns/net and the mounts under /run/netns and /run/docker/netns; each is dumped on its own. Entering them needs CAP_SYS_ADMIN; other users' tasks need CAP_SYS_PTRACE."
    ))
  var allNetns = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only these table columns, in this order (comma-separated or repeated): "
        + SocketColumn.allCases.map(\.rawValue).joined(separator: ", ") + ".",
      discussion: "-i and -m still add their lines under each row.", valueName: "list"),
    completion: .list(SocketColumn.allCases.map(\.rawValue)))
  var columns: [String] = []

  // Unconditional: `--sort -rtt` is a descending sort, not a flag.
  @Option(
    name: .long, parsing: .unconditional,
    help: ArgumentHelp(
      "Order by a numeric field, smallest first; -KEY for largest first (--sort rtt, --sort -total_retrans). Without it rows stream in the kernel's order.",
      discussion: "Any field --where knows. Sockets without the field (no tcp_info on TIME_WAIT) come last.",
      valueName: "key"))
  var sort: String?

  func validate() throws {
    if allNetns && namespace.netns != nil {
      throw ValidationError("--all-netns lists every namespace; --netns names one: choose one of them")
    }
    if !columns.isEmpty && (summary || output.json) {
      throw ValidationError("--columns lays out the table; --\(summary ? "summary" : "json") has no columns to choose")
    }
    if summary && sort != nil {
      throw ValidationError("--summary counts sockets; there are no rows for --sort to order")
    }
    if summary && (info || timers || memory || extended || process || cgroupColumn) {
      throw ValidationError(
        "--summary counts sockets; it does not combine with --info, --timers, --memory, --extended, --process or --cgroup-column"
      )
    }
  }

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      var filter = try filters.makeFilter()
      let selected = columns.isEmpty ? nil : try SocketColumn.parse(columns)
      let cgroupColumn = cgroupColumn || selected?.contains(.cgroup) == true
      let process = process || selected?.contains(.process) == true
      let hierarchy = try cgroups.apply(
        to: &filter, shown: !summary && (cgroupColumn || extended || (output.json && !cgroups.cgroup.isEmpty)))
      let predicate = try selection.makePredicate()
      try predicate.checkForSockets()
      let order = try sort.map { text throws(TCPStateError) in try SocketSort(text) }
      var options = ListOptions()
      options.info = info
      options.timers = timers
      options.memory = memory
      options.extended = extended
      options.processes = process
      options.cgroupColumn = cgroupColumn
      if !summary && (cgroupColumn || extended || !cgroups.cgroup.isEmpty) { options.cgroups = hierarchy?.names ?? [:] }
      options.header = !output.noHeader
      options.columns = selected
      let width = TerminalWidth.detected()
      options.width = width
      options.family = extended || (width ?? 0) >= ListOptions.familyColumnWidth
      options.listenersOnly = filter.states == StateSet(.listen)
      options.style = output.colors.style()
      // After entering the namespace: its interfaces, not ours.
      options.interfaceNames = InterfaceNames.current()
      let format: SocketListing.Format =
        summary ? (output.json ? .summaryJSON : .summary) : (output.json ? .json : .table)
      var listing: SocketListing
      var skipped: [NamespaceSweep.Skipped] = []
      var unreadableTasks = 0
      if allNetns {
        let found = NamespaceDiscovery.scan()
        unreadableTasks = found.unreadableTasks
        // Interface indexes belong to each namespace: ours would name another's wrongly.
        options.interfaceNames = [:]
        listing = SocketListing(
          sweeping: NamespaceSweep(NamespaceNaming().annotate(found.namespaces)), filter: filter, options: options,
          format: format)
        listing.onSkipped = { skipped.append($0) }
      } else {
        listing = SocketListing(filter: filter, options: options, format: format)
      }
      listing.predicate = predicate
      listing.sort = order
      var problems = 0
      listing.onProblem = { problem in
        problems += 1
        if problems <= 5 { warn("tcpstate: skipped a malformed kernel message: \(problem)") }
      }
      let sink = OutputSink()
      try listing.run(into: sink, withProcesses: process) { map in
        if map.unreadableProcesses > 0 && geteuid() != 0 {
          warn(
            "tcpstate: \(map.unreadableProcesses) processes of other users are hidden: reading their /proc/PID/fd needs root (CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)"
          )
        }
      }
      if problems > 5 { warn("tcpstate: \(problems) malformed kernel messages in all") }
      for line in NamespaceSweepWording.warnings(skipped, unreadableTasks: unreadableTasks) { warn(line) }
    }
  }
}
