import ArgumentParser
import TCPStateExplain
import TCPStateFilter
import TCPStateKit
import TCPStateModel

/// The filter words of `list` and `watch`, spelled as ss users know them:
/// states, and the scope `doctor` shares.
struct FilterOptions: ParsableArguments {
  @Option(
    name: [.customShort("S"), .long], parsing: .singleValue,
    help: ArgumentHelp(
      "Only these states or ss groups (comma-separated or repeated, any spelling: TIME-WAIT, time_wait, ESTAB; groups: all, connected, synchronized, bucket, big).",
      discussion: FilterWordsHelp.states, valueName: "state"),
    completion: .list(CompletionWords.states))
  var state: [String] = []

  @Flag(name: [.short, .long], help: "Only listening sockets (same as --state LISTEN).")
  var listening = false

  @OptionGroup var scope: ScopeOptions

  func makeFilter() throws(TCPStateError) -> SocketFilter { try scope.makeFilter(states: state, listening: listening) }
}

/// Families, ports and addresses: the filters that scope `list`, `watch` and `doctor` alike.
struct ScopeOptions: ParsableArguments {

  @Flag(name: .customShort("4"), help: "Only IPv4 sockets.")
  var ipv4 = false

  @Flag(name: .customShort("6"), help: "Only IPv6 sockets.")
  var ipv6 = false

  @Option(
    name: .long, parsing: .unconditionalSingleValue,
    help: ArgumentHelp(
      "Local or peer port, or a range like 8000-8100 (repeatable).", discussion: FilterWordsHelp.ports,
      valueName: "port"))
  var port: [String] = []

  // Unconditional: `--sport -1` is a bad port, not a missing value.
  @Option(
    name: .long, parsing: .unconditionalSingleValue,
    help: ArgumentHelp("Local (source) port or range (repeatable).", valueName: "port"))
  var sport: [String] = []

  @Option(
    name: .long, parsing: .unconditionalSingleValue,
    help: ArgumentHelp("Peer (destination) port or range (repeatable).", valueName: "port"))
  var dport: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Local address or CIDR, IPv4 or IPv6 (repeatable).", discussion: FilterWordsHelp.addresses,
      valueName: "addr[/len]"))
  var src: [String] = []

  @Option(name: .long, help: ArgumentHelp("Peer address or CIDR, IPv4 or IPv6 (repeatable).", valueName: "addr[/len]"))
  var dst: [String] = []

  /// The one place the family flags are checked, for every command that takes them.
  func validate() throws {
    if ipv4 && ipv6 { throw ValidationError("-4 and -6 together mean both families: leave both out") }
  }

  func makeFilter(states: [String] = [], listening: Bool = false) throws(TCPStateError) -> SocketFilter {
    let names = ServiceNameResolver()
    return try FilterParser.filter(
      states: states, listening: listening, ipv4: ipv4, ipv6: ipv6, ports: names.resolve(port, "--port"),
      sports: names.resolve(sport, "--sport"), dports: names.resolve(dport, "--dport"), sources: src,
      destinations: dst)
  }
}
