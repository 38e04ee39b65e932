import ArgumentParser

@main
struct TCPStateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tcpstate",
    abstract: "Show what the kernel's TCP stack is doing right now, and explain it.",
    discussion: """
      Exit codes: 0 success, 64 usage error (bad state, port, CIDR or flag), \
      69 kernel interface unavailable, 77 missing privilege. doctor also exits \
      1 for warnings and 2 for critical findings.
      """,
    version: "0.1.0",
    subcommands: [
      ListCommand.self, WatchCommand.self, ExplainCommand.self, TunablesCommand.self, DiagramCommand.self,
      DoctorCommand.self,
    ],
    defaultSubcommand: ListCommand.self
  )
}
