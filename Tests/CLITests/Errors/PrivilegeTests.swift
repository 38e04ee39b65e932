import Foundation
import Glibc
import TestSupport
import XCTest

/// Every command run as nobody (setpriv --reuid=65534): it works fully, or says
/// which capability is missing and what it falls back to. Never silently empty.
final class PrivilegeTests: XCTestCase {
  var listener: Int32 = -1
  var clients: [Int32] = []
  var accepted: [Int32] = []
  var port: UInt16 = 0

  /// A listener owned by root (this test) with three connections the peer
  /// closed: three CLOSE_WAIT sockets whose owner nobody cannot see.
  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "dropping privileges needs root to start with")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv")
    (listener, port) = LoopbackTCP.listener(backlog: 8)
    for _ in 0..<3 {
      let client = LoopbackTCP.connect(port: port)
      clients.append(client)
      accepted.append(accept(listener, nil, nil))
    }
    for client in clients { close(client) }
    usleep(100_000)
  }

  override func tearDown() {
    for fd in accepted + [listener] where fd >= 0 { close(fd) }
  }

  func asNobody(_ arguments: String) throws -> CLIResult {
    try CLI.run([], shell: "cd / && setpriv --reuid=65534 --regid=65534 --clear-groups \"$TCPSTATE\" \(arguments)")
  }

  func testListWorksFully() throws {
    let result = try asNobody("list --port \(port) -H")
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("LISTEN"), result.stdout)
    XCTAssertTrue(result.stdout.contains("CLOSE_WAIT"), result.stdout)
    XCTAssertEqual(result.stderr, "")
    let info = try asNobody("list --port \(port) -H --info --json")
    XCTAssertTrue(info.stdout.contains("\"rtt_us\""), "tcp_info works without root: \(info.stdout)")
  }

  func testListProcessesNamesTheMissingCapabilities() throws {
    let result = try asNobody("list --port \(port) -p -H")
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("LISTEN"), "sockets are still listed")
    XCTAssertTrue(result.stderr.contains("CAP_SYS_PTRACE"), result.stderr)
    XCTAssertTrue(result.stderr.contains("hidden"), result.stderr)
  }

  func testWatchFallsBackAndSaysWhy() throws {
    let result = try asNobody("watch --duration 1 --port \(port)")
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stderr.contains("needs root"), result.stderr)
    XCTAssertTrue(result.stderr.contains("CAP_PERFMON"), result.stderr)
    XCTAssertTrue(result.stderr.contains("polling"), "names the fallback: \(result.stderr)")
    XCTAssertTrue(result.stdout.hasPrefix("Time"), "the header still shows: \(result.stdout)")
  }

  func testDoctorSaysWhoseOwnersItCannotSee() throws {
    let result = try asNobody("doctor --port \(port) --interval 0 --min-count 1")
    XCTAssertTrue([0, 1, 2].contains(result.status), result.stderr)
    XCTAssertTrue(result.stdout.contains("CLOSE_WAIT"), result.stdout)
    XCTAssertTrue(result.stdout.contains("owners of 3 sockets unknown"), result.stdout)
    XCTAssertTrue(result.stdout.contains("CAP_SYS_PTRACE"), result.stdout)
  }

  func testKnowledgeCommandsWorkFully() throws {
    for command in ["explain TIME_WAIT", "tunables", "diagram", "explain tcp_fin_timeout --json"] {
      let result = try asNobody(command)
      XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
      XCTAssertFalse(result.stdout.isEmpty, command)
      XCTAssertFalse(result.stdout.contains("(unreadable)"), "\(command): \(result.stdout)")
      XCTAssertFalse(result.stdout.contains("unavailable"), "\(command): \(result.stdout)")
      XCTAssertEqual(result.stderr, "", command)
    }
  }
}
