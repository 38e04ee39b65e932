import ArgumentParser
import Glibc
import TCPStateKit

@main
struct TCPStateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tcpstate",
    abstract: "Show what the kernel's TCP stack is doing right now, and explain it.",
    discussion: """
      tcpstate reads every TCP socket, IPv4 and IPv6, straight from the kernel's \
      sock_diag netlink interface (as ss does) and adds what ss leaves to you: state \
      transitions as they happen, an explanation of every state, topic and tunable \
      next to this host's values, the RFC 9293 state machine with live counts, and a \
      doctor that turns kernel counters into findings. It never changes anything on \
      the host, except tcpstate kill, which closes the sockets it is told to \
      (SOCK_DESTROY, as ss -K) and asks first.

      Without a subcommand tcpstate runs list, so tcpstate -l is tcpstate list -l. \
      Filters (--state, --port, --sport, --dport, --src, --dst, -4, -6) are shared by \
      list, watch, doctor and kill; --cgroup, --where, --pid, --command and --uid by \
      list, watch, top and kill; --json output uses stable snake_case keys with the unit \
      in the key name.

      Exit codes: 0 success, 64 usage error (bad state, port, CIDR or flag), \
      69 kernel interface unavailable, 74 output could not be written (a full \
      disk; a closed pipe is not an error), 77 missing privilege. doctor also exits \
      1 for warnings and 2 for critical findings; kill exits 1 when a socket could \
      not be killed.
      """,
    version: TCPStateVersion.current,
    subcommands: [
      ListCommand.self, WatchCommand.self, ExplainCommand.self, TunablesCommand.self, DiagramCommand.self,
      DoctorCommand.self, TopCommand.self, KillCommand.self, ExporterCommand.self,
    ],
    defaultSubcommand: ListCommand.self
  )

  /// A mistyped subcommand gets a suggestion before ArgumentParser would
  /// hand the word to list as an unexpected argument.
  static func main() {
    let known = configuration.subcommands.map { $0._commandName }
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let error = UnknownSubcommand.error(arguments, known: known) {
      report(error)
      Glibc.exit(error.exitCode)
    }
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch {
      // Help and --version print as ArgumentParser prints them; errors get
      // tcpstate's one style ("tcpstate: ...") and its exit codes.
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }
      let message = fullMessage(for: error)
      if !message.isEmpty { warn(Self.restyled(message)) }
      Glibc.exit(code.rawValue)
    }
  }

  /// ArgumentParser's "Error: ..." as "tcpstate: ...", the usage lines after it kept.
  static func restyled(_ message: String) -> String {
    message.hasPrefix("Error: ") ? "tcpstate: " + message.dropFirst("Error: ".count) : message
  }
}
