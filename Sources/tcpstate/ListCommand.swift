import ArgumentParser
import Glibc
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

      Works without root: sock_diag shows every socket, with tcp_info, to any user. \
      Only --process needs root (CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH) to map \
      other users' sockets to processes through /proc/PID/fd; without it those \
      processes are left out and a note on stderr says how many.
      """
  )

  @OptionGroup var filters: FilterOptions
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

  @Flag(name: [.short, .long], help: "Show uid, inode and socket cookie.")
  var extended = false

  @Flag(name: [.short, .long], help: "Show the processes holding each socket (reads /proc/*/fd).")
  var process = false

  @Flag(name: [.short, .long], help: "Only count sockets per state and family.")
  var summary = false

  func validate() throws {
    if filters.ipv4 && filters.ipv6 {
      throw ValidationError("-4 and -6 together mean both families: leave both out")
    }
    if summary && (info || timers || memory || extended || process) {
      throw ValidationError(
        "--summary counts sockets; it does not combine with --info, --timers, --memory, --extended or --process")
    }
  }

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      let filter = try filters.makeFilter()
      var options = ListOptions()
      options.info = info
      options.timers = timers
      options.memory = memory
      options.extended = extended
      options.processes = process
      options.header = !output.noHeader
      options.listenersOnly = filter.states == StateSet(.listen)
      options.style = output.style()
      // After entering the namespace: its interfaces, not ours.
      options.interfaceNames = InterfaceNames.current()
      let format: SocketListing.Format =
        summary ? (output.json ? .summaryJSON : .summary) : (output.json ? .json : .table)
      var listing = SocketListing(filter: filter, options: options, format: format)
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
    }
  }
}
