import Foundation
import Glibc
import TestSupport
import XCTest

/// `kill --all-netns` where two namespaces hold the same 4-tuple: the dry
/// run names each socket's namespace, and the kill destroys each through a
/// netlink socket inside its own namespace (from tcpstate's namespace the
/// kernel would not find them). Needs root.
final class KillAllNamespacesTests: XCTestCase {
  var lab: NamespaceLab!

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "creating network namespaces needs root")
    lab = NamespaceLab()
  }

  override func tearDown() { lab?.tearDown() }

  /// A client on a fixed port, so the 4-tuple is the same in every namespace.
  func connect(inside name: String, from port: UInt16) throws {
    let script = """
      import socket, sys
      c = socket.socket(); c.bind(("127.0.0.1", int(sys.argv[2]))); c.connect(("127.0.0.1", int(sys.argv[1])))
      print("ready", flush=True); sys.stdin.read()
      """
    _ = try lab.hold(["ip", "netns", "exec", name, "python3", "-c", script, String(lab.port), String(port)])
  }

  func established(in name: String) throws -> Int {
    try Shell.output("ip netns exec \(name) ss -tnH state established '( dport = :\(lab.port) )'")
      .split(separator: "\n").count
  }

  func testSameFourTupleInTwoNamespacesEachKilledInItsOwn() throws {
    let a = try lab.named("ka")
    let b = try lab.named("kb")
    let clientPort = lab.port + 1
    try connect(inside: a, from: clientPort)
    try connect(inside: b, from: clientPort)
    XCTAssertEqual(try established(in: a), 1)
    XCTAssertEqual(try established(in: b), 1)
    let filter = ["--dport", String(lab.port), "--sport", String(clientPort)]

    let dry = try CLI.run(["kill", "--all-netns", "--dry-run"] + filter)
    XCTAssertEqual(dry.status, 0, dry.stderr)
    let rows = dry.stdout.split(separator: "\n").dropFirst()
    XCTAssertEqual(rows.count, 2, dry.stdout)
    XCTAssertEqual(Set(rows.map { String($0.split(separator: " ")[0]) }), [a, b], dry.stdout)
    XCTAssertTrue(dry.stderr.contains("2 sockets would be killed"), dry.stderr)

    // From tcpstate's own namespace alone there is nothing to kill.
    let here = try CLI.run(["kill", "--yes"] + filter)
    XCTAssertTrue(here.stderr.contains("no socket to kill"), here.stderr)

    let killed = try CLI.run(["kill", "--all-netns", "--yes"] + filter)
    XCTAssertEqual(killed.status, 0, killed.stdout + killed.stderr)
    let lines = killed.stdout.split(separator: "\n").filter { $0.hasPrefix("killed ") && $0.contains("netns:") }
    XCTAssertEqual(lines.count, 2, killed.stdout)
    XCTAssertEqual(Set(lines.compactMap { $0.components(separatedBy: "netns:").last }), [a, b], killed.stdout)
    XCTAssertEqual(try established(in: a), 0, "destroyed inside \(a)")
    XCTAssertEqual(try established(in: b), 0, "destroyed inside \(b)")
    XCTAssertTrue(killed.stdout.contains("killed 2 of 2 sockets"), killed.stdout)
  }
}
