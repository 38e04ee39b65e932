import Foundation
import Glibc

/// Two network namespaces the test creates, joined by a veth pair with
/// addresses in 10.213.0.0/16 that exist only inside them: `client` at .1,
/// `server` at .2 of a /30 picked from the test's pid. nftables rules go
/// into the server's input hook, so the client sees real loss. Everything
/// is removed in `remove()` (deleting a namespace deletes its veth end and
/// its ruleset).
public final class VethPair {
  public let client: String
  public let server: String
  public let clientAddress: String
  public let serverAddress: String

  public init() throws {
    let tag = "\(getpid())-\(Int.random(in: 0..<10_000))"
    client = "tcpstate-ev-\(tag)-c"
    server = "tcpstate-ev-\(tag)-s"
    let block = Int(getpid()) % 16_000
    let third = block / 64
    let fourth = (block % 64) * 4
    clientAddress = "10.213.\(third).\(fourth + 1)"
    serverAddress = "10.213.\(third).\(fourth + 2)"
    let link = "tev\(getpid() % 100_000)"
    try Shell.check(
      """
      set -e
      ip netns add \(client); ip netns add \(server)
      ip link add \(link)c netns \(client) type veth peer name \(link)s netns \(server)
      ip -n \(client) addr add \(clientAddress)/30 dev \(link)c; ip -n \(server) addr add \(serverAddress)/30 dev \(link)s
      ip -n \(client) link set \(link)c up; ip -n \(server) link set \(link)s up
      ip -n \(client) link set lo up; ip -n \(server) link set lo up
      """)
  }

  public func remove() {
    _ = try? Shell.check("ip netns del \(client); ip netns del \(server)")
  }

  /// Applies an nftables ruleset inside the server namespace.
  public func serverRules(_ rules: String) throws {
    try Shell.check("ip netns exec \(server) nft -f - <<'EOF'\n\(rules)\nEOF")
  }

  /// The namespace's `Tcp: RetransSegs` (fresh namespaces start at 0).
  public func retransSegs(_ namespace: String) throws -> Int {
    try counter(namespace, file: "/proc/net/snmp", group: "Tcp:", name: "RetransSegs")
  }

  /// The namespace's `TcpExt: TCPLossProbes`.
  public func lossProbes(_ namespace: String) throws -> Int {
    try counter(namespace, file: "/proc/net/netstat", group: "TcpExt:", name: "TCPLossProbes")
  }

  /// One counter of a header/values line pair in a /proc/net file; -1 when absent.
  private func counter(_ namespace: String, file: String, group: String, name: String) throws -> Int {
    let text = try Shell.output("ip netns exec \(namespace) cat \(file)")
    let lines = text.split(separator: "\n").filter { $0.hasPrefix(group) }
    guard lines.count == 2 else { return -1 }
    let names = lines[0].split(separator: " ")
    let values = lines[1].split(separator: " ")
    guard let index = names.firstIndex(of: Substring(name)), index < values.count else { return -1 }
    return Int(values[index]) ?? -1
  }

  /// Runs a Python program inside a namespace, in the background.
  public func python(_ namespace: String, _ program: String) throws -> Process {
    try TestNamespaces.python(namespace, program, quiet: true)
  }

  public static var available: Bool {
    geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
      && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft")
  }
}
