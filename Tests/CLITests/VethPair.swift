import Foundation
import Glibc
import XCTest

/// Two network namespaces the test creates, joined by a veth pair with
/// addresses in 10.213.0.0/16 that exist only inside them: `client` at .1,
/// `server` at .2 of a /30 picked from the test's pid. nftables rules go
/// into the server's input hook, so the client sees real loss. Everything
/// is removed in `remove()` (deleting a namespace deletes its veth end and
/// its ruleset).
final class VethPair {
  let client: String
  let server: String
  let clientAddress: String
  let serverAddress: String

  init() throws {
    let tag = "\(getpid())-\(Int.random(in: 0..<10_000))"
    client = "tcpstate-ev-\(tag)-c"
    server = "tcpstate-ev-\(tag)-s"
    let block = Int(getpid()) % 16_000
    let third = block / 64
    let fourth = (block % 64) * 4
    clientAddress = "10.213.\(third).\(fourth + 1)"
    serverAddress = "10.213.\(third).\(fourth + 2)"
    let link = "tev\(getpid() % 100_000)"
    try Self.sh(
      """
      set -e
      ip netns add \(client); ip netns add \(server)
      ip link add \(link)c netns \(client) type veth peer name \(link)s netns \(server)
      ip -n \(client) addr add \(clientAddress)/30 dev \(link)c; ip -n \(server) addr add \(serverAddress)/30 dev \(link)s
      ip -n \(client) link set \(link)c up; ip -n \(server) link set \(link)s up
      ip -n \(client) link set lo up; ip -n \(server) link set lo up
      """)
  }

  func remove() {
    _ = try? Self.sh("ip netns del \(client); ip netns del \(server)")
  }

  /// Applies an nftables ruleset inside the server namespace.
  func serverRules(_ rules: String) throws {
    try Self.sh("ip netns exec \(server) nft -f - <<'EOF'\n\(rules)\nEOF")
  }

  /// The namespace's `Tcp: RetransSegs` (fresh namespaces start at 0).
  func retransSegs(_ namespace: String) throws -> Int {
    let text = try Self.output("ip netns exec \(namespace) cat /proc/net/snmp")
    let lines = text.split(separator: "\n").filter { $0.hasPrefix("Tcp:") }
    guard lines.count == 2 else { return -1 }
    let names = lines[0].split(separator: " ")
    let values = lines[1].split(separator: " ")
    guard let index = names.firstIndex(of: "RetransSegs"), index < values.count else { return -1 }
    return Int(values[index]) ?? -1
  }

  /// The namespace's `TcpExt: TCPLossProbes`.
  func lossProbes(_ namespace: String) throws -> Int {
    let text = try Self.output("ip netns exec \(namespace) cat /proc/net/netstat")
    let lines = text.split(separator: "\n").filter { $0.hasPrefix("TcpExt:") }
    guard lines.count == 2 else { return -1 }
    let names = lines[0].split(separator: " ")
    let values = lines[1].split(separator: " ")
    guard let index = names.firstIndex(of: "TCPLossProbes"), index < values.count else { return -1 }
    return Int(values[index]) ?? -1
  }

  /// Runs a Python program inside a namespace, in the background.
  func python(_ namespace: String, _ program: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
    process.arguments = ["netns", "exec", namespace, "python3", "-c", program]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
  }

  static var available: Bool {
    geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
      && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft")
  }

  @discardableResult
  static func sh(_ command: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw NSError(domain: "sh", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: command])
    }
    return 0
  }

  static func output(_ command: String) throws -> String {
    let process = Process()
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
