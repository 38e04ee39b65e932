import ArgumentParser
import Glibc
import TCPStateFilter
import TCPStateKit

/// What the kernel's bytecode cannot ask: `--where` on tcp_info and queue
/// fields, the owning process and the owning user. Applied in user space
/// after the kernel filter; list uses it now, and watch, top and kill can
/// take the same group and call `makePredicate().matches`.
struct SelectionOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only sockets for which EXPR holds: comparisons on tcp_info and queue fields with units, e.g. 'rtt>50ms and retrans>0' (repeatable: all must hold).",
      discussion: SocketFieldHelp.whereSyntax + " " + SocketFieldHelp.fields(includingSummary: false),
      valueName: "expr"))
  var `where`: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only sockets held by this process id (comma-separated or repeated; reads /proc/*/fd).", valueName: "pid"))
  var pid: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only sockets held by a process with this command name, as /proc/PID/comm shows it (comma-separated or repeated).",
      valueName: "name"))
  var command: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only sockets owned by this user, a name or a uid (comma-separated or repeated). Checked in user space: inet_diag bytecode has no uid operation. TIME_WAIT and SYN_RECV sockets report uid 0.",
      valueName: "user"))
  var uid: [String] = []

  func makePredicate() throws(TCPStateError) -> SocketPredicate {
    try SocketPredicate.parse(where: `where`, pids: pid, commands: command, uids: uid) { name in
      guard let entry = getpwnam(name) else { return nil }
      return entry.pointee.pw_uid
    }
  }
}

/// Flags an ss user types out of habit, accepted so `tcpstate -tlnp` and
/// `tcpstate -tan` work: tcpstate is TCP-only, numeric, and lists every state.
struct SSHabitOptions: ParsableArguments {
  @Flag(
    name: [.customShort("t"), .customLong("tcp")],
    help: "TCP sockets (accepted for ss habits: tcpstate shows only TCP).")
  var tcp = false

  @Flag(
    name: [.customShort("n"), .customLong("numeric")],
    help: "Numeric addresses and ports (accepted for ss habits: tcpstate never resolves names).")
  var numeric = false

  @Flag(
    name: [.customShort("a"), .customLong("all")],
    help:
      "Listening and non-listening sockets (accepted for ss habits: tcpstate list shows every state unless filtered).")
  var all = false
}
