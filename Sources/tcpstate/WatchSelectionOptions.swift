import ArgumentParser
import Glibc
import TCPStateFilter
import TCPStateKernel
import TCPStateKit

/// watch's `--where`, `--pid`, `--command` and `--uid`: list's words, with
/// watch's meaning. The owner words select connections (transitions and
/// summaries); `--where` tests summaries, the only lines with tcp_info.
struct WatchSelectionOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only the summaries of connections for which EXPR holds when they end, e.g. 'lifetime>1h' or 'bytes_sent>1MiB and total_retrans>0'; transitions are then left out (repeatable: all must hold).",
      discussion: SocketFieldHelp.whereSyntax + " " + SocketFieldHelp.summaryFields,
      valueName: "expr"))
  var `where`: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only connections held by this process id: transitions and summaries (comma-separated or repeated).",
      valueName: "pid"))
  var pid: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only connections held by a process with this command name, as /proc/PID/comm shows it (comma-separated or repeated).",
      valueName: "name"))
  var command: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only connections whose socket is owned by this user, a name or a uid (comma-separated or repeated).",
      valueName: "user"))
  var uid: [String] = []

  var isEmpty: Bool { `where`.isEmpty && pid.isEmpty && command.isEmpty && uid.isEmpty }

  func makePredicate() throws(TCPStateError) -> SocketPredicate {
    try SocketPredicate.parse(
      where: `where`, pids: pid, commands: command, uids: uid,
      resolveUser: { name in
        guard let entry = getpwnam(name) else { return nil }
        return entry.pointee.pw_uid
      }, forSummaries: true)
  }
}
