import Foundation
import Glibc
import TestSupport
import XCTest

/// `tcpstate doctor` as a user runs it: exit codes 0/1/2/64, --json, --lang,
/// --proc-root on a fake tree, and a real full accept queue on loopback.
final class DoctorCommandTests: XCTestCase {
  var descriptors: [Int32] = []

  override func tearDown() {
    for fd in descriptors { close(fd) }
    descriptors = []
  }

  /// A fake /proc: this machine's counters and tunables, with `changes` applied.
  func fakeProc(_ changes: [String: String] = [:]) throws -> String {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../TCPStateKitTests/Fixtures/proc").standardized
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tcpstate-proc-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: fixtures, to: root)
    addTeardownBlock { try? FileManager.default.removeItem(at: root) }
    for (path, text) in changes {
      try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }
    return root.path
  }

  func testQuietScopeIsHealthy() throws {
    let result = try CLI.run(["doctor", "--port", "1", "--interval", "0"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stdout, "healthy: 0 sockets in scope, no findings\n")
    let chinese = try CLI.run(["doctor", "--port", "1", "--interval", "0", "--lang", "zh"])
    XCTAssertEqual(chinese.stdout, "健康：0 个套接字，限定范围内，没有发现问题\n")
  }

  /// doctor --help offers only what doctor takes.
  func testHelpOffersNoStateFilter() throws {
    let help = try CLI.run(["doctor", "--help"])
    XCTAssertEqual(help.status, 0)
    XCTAssertTrue(help.stdout.contains("--sport"), help.stdout)
    XCTAssertFalse(help.stdout.contains("--state"), help.stdout)
    XCTAssertFalse(help.stdout.contains("--listening"), help.stdout)
    XCTAssertTrue(try CLI.run(["list", "--help"]).stdout.contains("--state"))
  }

  func testUsageErrors() throws {
    for arguments in [
      ["doctor", "--state", "listen"], ["doctor", "--interval", "-1"],
      ["doctor", "--interval", "nan"],
      ["doctor", "--lang", "fr"], ["doctor", "--min-count", "0"], ["doctor", "-4", "-6"],
      ["doctor", "--port", "x"],
    ] {
      let result = try CLI.run(arguments)
      XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", "\(arguments)")
      XCTAssertFalse(result.stderr.contains("Fatal error"), "\(arguments)")
    }
  }

  func testHelpDocumentsExitCodes() throws {
    let result = try CLI.run(["doctor", "--help"])
    XCTAssertEqual(result.status, 0)
    let text = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(
      separator: " ")
    XCTAssertTrue(text.contains("Exit codes: 0 healthy"), text)
    XCTAssertTrue(
      text.contains("1 at least one warning, 2 at least one critical finding, 64 usage error"), text
    )
  }

  func testFakeProcRootDrivesHostFindings() throws {
    // tcp_mem far below sockstat's mem: critical, unscoped, so exit 2.
    let root = try fakeProc(["sys/net/ipv4/tcp_mem": "10\t20\t30\n"])
    let result = try CLI.run(["doctor", "--proc-root", root, "--interval", "0", "--json"])
    XCTAssertEqual(result.status, 2, result.stderr)
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
    let memory = try XCTUnwrap(findings.first { $0["id"] as? String == "tcp-memory" })
    XCTAssertEqual(memory["severity"] as? String, "critical")
    XCTAssertEqual((memory["evidence"] as? [String: Any])?["mem_pages"] as? Int, 187)
    XCTAssertEqual((memory["evidence"] as? [String: Any])?["high_pages"] as? Int, 30)
    // Within a scope the same host-wide finding is a note.
    let scoped = try CLI.run(["doctor", "--proc-root", root, "--interval", "0", "--port", "1"])
    XCTAssertEqual(scoped.status, 0, scoped.stdout)
    XCTAssertTrue(scoped.stdout.contains("INFO  TCP memory pressure"), scoped.stdout)
  }

  func testMalformedCountersAreReportedNotFatal() throws {
    let root = try fakeProc([
      "net/netstat": "TcpExt: A B\nTcpExt: 1\n", "net/sockstat": "TCP: inuse x\n",
    ])
    try FileManager.default.removeItem(atPath: root + "/net/snmp")
    let result = try CLI.run([
      "doctor", "--proc-root", root, "--interval", "0.1", "--port", "1", "--json",
    ])
    XCTAssertEqual(result.status, 0, result.stderr)
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let problems = try XCTUnwrap(object["problems"] as? [String])
    XCTAssertTrue(problems.contains { $0.contains("net/netstat line 2") }, "\(problems)")
    XCTAssertTrue(problems.contains { $0.hasPrefix("net/snmp:") }, "\(problems)")
    XCTAssertTrue(problems.contains { $0.contains("net/sockstat line 1") }, "\(problems)")
  }

  func testFullAcceptQueueExitsTwo() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 2)
    descriptors.append(listener)
    XCTAssertGreaterThanOrEqual(listener, 0)
    for _ in 0..<3 {
      let client = LoopbackTCP.connect(port: port)
      descriptors.append(client)
      XCTAssertGreaterThanOrEqual(client, 0)
    }
    let result = try CLI.run([
      "doctor", "--sport", String(port), "--src", "127.0.0.1", "--interval", "0", "--json",
    ])
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let first = try XCTUnwrap((object["findings"] as? [[String: Any]])?.first)
    XCTAssertEqual(first["id"] as? String, "accept-queue-overflow")
    XCTAssertEqual((first["evidence"] as? [String: Any])?["recv_q"] as? Int, 3)
    XCTAssertEqual((first["evidence"] as? [String: Any])?["backlog"] as? Int, 2)
  }
}
