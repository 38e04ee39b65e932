import Foundation
import Glibc
import TestSupport
import XCTest

/// `doctor --netns NS` finds a CLOSE_WAIT leak inside NS, and the command it
/// suggests for seeing the sockets carries `--netns NS` and shows them
/// (issue 23, D1: it used to list the host's namespace, which has none).
final class DoctorNamespaceTests: XCTestCase {
  var lab: NamespaceLab!

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "creating network namespaces needs root")
    lab = NamespaceLab()
  }

  override func tearDown() { lab?.tearDown() }

  func testTheSuggestedCommandShowsTheLeakInItsNamespace() throws {
    let name = try lab.named("dr")
    // 12 connections whose clients closed while the server never does: CLOSE_WAIT.
    let leak = """
      import socket, sys, time
      port = int(sys.argv[1]) + 1
      s = socket.socket(); s.bind(("127.0.0.1", port)); s.listen(64)
      kept = []
      for _ in range(12):
          c = socket.create_connection(("127.0.0.1", port)); kept.append(s.accept()[0]); c.close()
      time.sleep(0.2); print("ready", flush=True); sys.stdin.read()
      """
    _ = try lab.hold(["ip", "netns", "exec", name, "python3", "-c", leak, String(lab.port)])
    let result = try CLI.run(["doctor", "--netns", name, "--interval", "0", "--json"])
    XCTAssertTrue([1, 2].contains(result.status), result.stdout + result.stderr)
    let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
    let leakFinding = try XCTUnwrap(findings.first { $0["id"] as? String == "close-wait-leak" }, result.stdout)
    let advice = (leakFinding["advice"] as? [String] ?? []).joined(separator: "\n")
    let line = try XCTUnwrap(advice.split(separator: "\n").first { $0.contains("tcpstate list") }, advice)
    let command = try XCTUnwrap(line.range(of: "tcpstate list").map { String(line[$0.lowerBound...]) })
    XCTAssertTrue(command.contains("--netns \(name)"), command)
    // Run what it suggests, as a user would paste it.
    let shown = try CLI.run(
      [],
      shell: "\"$TCPSTATE\" " + command.dropFirst("tcpstate ".count).replacingOccurrences(of: " -p", with: "") + " -H")
    XCTAssertEqual(shown.status, 0, shown.stderr)
    XCTAssertEqual(shown.stdout.split(separator: "\n").filter { $0.hasPrefix("CLOSE_WAIT") }.count, 12, shown.stdout)
  }
}
