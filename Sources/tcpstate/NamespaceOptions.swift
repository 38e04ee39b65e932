import ArgumentParser
import TCPStateKernel

/// `--netns`, shared by every subcommand that looks at the live host.
struct NamespaceOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).",
      valueName: "name|path|pid"))
  var netns: String?

  /// Enters the namespace; must run before any socket is opened or /proc read.
  func enter() throws {
    if let netns { try NetworkNamespace.enter(netns) }
  }
}
