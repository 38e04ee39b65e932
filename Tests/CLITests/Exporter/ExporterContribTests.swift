import Foundation
import Glibc
import TestSupport
import XCTest

/// What contrib/ ships, checked with the real tools: the alerting rules with
/// promtool (syntax and unit tests), the exposition with `promtool check
/// metrics`, and the systemd unit with systemd-analyze and by running the
/// exporter with exactly the unit's capability bounding set.
final class ExporterContribTests: XCTestCase {
  static let promtool = "/usr/bin/promtool"

  func promtool(_ arguments: [String], stdin: String? = nil) throws -> CLIResult {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.promtool), "needs promtool (prometheus)")
    let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
    if let stdin {
      let file = try Repo.temporaryDirectory(self).appendingPathComponent("exposition.txt")
      try stdin.write(to: file, atomically: true, encoding: .utf8)
      return try CLI.run([], shell: "cd '\(Repo.root.path)' && \(Self.promtool) \(quoted) < '\(file.path)'")
    }
    return try CLI.run([], shell: "cd '\(Repo.root.path)' && \(Self.promtool) \(quoted)")
  }

  func testAlertingRulesPassCheckAndTheirUnitTests() throws {
    let check = try promtool(["check", "rules", "contrib/prometheus/tcpstate-rules.yml"])
    XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    XCTAssertTrue(check.stdout.contains("SUCCESS: 7 rules found"), check.stdout)
    let test = try promtool(["test", "rules", "contrib/prometheus/tests/tcpstate-rules-test.yml"])
    XCTAssertEqual(test.status, 0, test.stdout + test.stderr)
    XCTAssertTrue(test.stdout.contains("SUCCESS"), test.stdout)
  }

  /// Scrapes until the slow cadence's first results are in (so every family
  /// is linted) and `ready` holds: the tracepoint is armed on the session's
  /// own thread, which can lag the first scrapes (it did under ASan in CI).
  func scrape(
    _ prefix: [String] = [], extra: [String] = [], until ready: (String) -> Bool = { _ in true }
  ) throws -> (BackgroundCLI, String) {
    let port = LoopbackHTTP.freePort()
    let exporter = try BackgroundCLI(["exporter", "--listen", "127.0.0.1:\(port)"] + extra, prefix: prefix)
    let deadline = Date().addingTimeInterval(20)
    var last = ""
    while Date() < deadline {
      if let reply = LoopbackHTTP.get(port: port, path: "/metrics", timeout: 5), reply.status == 200 {
        last = reply.text
        if last.contains("tcpstate_exporter_doctor_age_seconds ") && ready(last) { return (exporter, last) }
      }
      usleep(200_000)
    }
    XCTFail("no complete scrape: \(exporter.stderr)")
    return (exporter, last)
  }

  func testExpositionPassesPromtoolCheckMetrics() throws {
    let (listener, queued) = LoopbackTCP.listener(backlog: 4)
    let client = LoopbackTCP.connect(port: queued)
    defer {
      close(client)
      close(listener)
    }
    let (exporter, text) = try scrape(extra: ["--port", "\(queued)", "--by-cgroup", "2"])
    XCTAssertTrue(text.contains("tcpstate_port_sockets{port=\"\(queued)\",state=\"listen\"} 1\n"), text)
    XCTAssertTrue(
      text.contains("tcpstate_cgroup_sockets{cgroup=\"/"), "opt-in families linted too")
    let lint = try promtool(["check", "metrics"], stdin: text)
    XCTAssertEqual(lint.status, 0, lint.stdout + lint.stderr)
    XCTAssertEqual(lint.stdout + lint.stderr, "", "promtool reports nothing")
    kill(exporter.pid, SIGTERM)
    XCTAssertEqual(exporter.waitForExit(), 0)
  }

  func testSystemdUnitVerifiesAndItsCapabilitiesAreEnough() throws {
    try XCTSkipUnless(geteuid() == 0, "the unit's privileges are tested from root")
    let unit = try String(contentsOfFile: Repo.path("contrib/systemd/tcpstate-exporter.service"), encoding: .utf8)
    XCTAssertTrue(unit.contains("NoNewPrivileges=yes"))
    XCTAssertTrue(unit.contains("ProtectSystem=strict"))
    let line = try XCTUnwrap(unit.split(separator: "\n").first { $0.hasPrefix("CapabilityBoundingSet=") })
    let capabilities = line.dropFirst("CapabilityBoundingSet=".count).split(separator: " ")
      .map { $0.lowercased().replacingOccurrences(of: "cap_", with: "") }
    XCTAssertEqual(capabilities, ["net_admin"])
    if let analyze = Repo.tool("systemd-analyze") {
      // Verified with ExecStart pointing at the binary under test (it must exist).
      let directory = try Repo.temporaryDirectory(self)
      let copy = directory.appendingPathComponent("tcpstate-exporter.service")
      try unit.replacingOccurrences(of: "/usr/local/bin/tcpstate", with: CLI.binary.path)
        .write(to: copy, atomically: true, encoding: .utf8)
      let verify = try Repo.run(analyze, ["verify", copy.path])
      let complaints = (verify.stdout + verify.stderr).split(separator: "\n")
        .filter { $0.contains("tcpstate-exporter.service") }
        // Documentation=man:tcpstate(1) is looked up with man(1): not installed where the tests run.
        .filter { !$0.contains("man tcpstate(1)") }
      XCTAssertEqual(complaints, [], "systemd-analyze verify")
    }
    // ExecStartPre's job, then the service's privileges: uid 0, only these capabilities, no new privileges.
    let wasMounted = FileManager.default.fileExists(atPath: "/sys/kernel/tracing/instances")
    let mounted = try CLI.run(
      [], shell: "mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing")
    XCTAssertEqual(mounted.status, 0, mounted.stderr)
    // Leave the host as found (as WatchCommandTests does).
    defer { if !wasMounted { _ = try? CLI.run([], shell: "umount /sys/kernel/tracing") } }
    let bounding = "-all," + capabilities.map { "+\($0)" }.joined(separator: ",")
    let armed = "tcpstate_exporter_transitions_source{source=\"tracefs\"} 1\n"
    let (exporter, text) = try scrape(
      ["/usr/bin/setpriv", "--no-new-privs", "--inh-caps=-all", "--bounding-set=\(bounding)"],
      until: { $0.contains(armed) })
    XCTAssertTrue(text.contains(armed), exporter.stderr)
    XCTAssertFalse(tcpstateInstances(of: exporter.pid).isEmpty, "the exporter reads through its own tracefs instance")
    kill(exporter.pid, SIGTERM)
    XCTAssertEqual(exporter.waitForExit(), 0, exporter.stderr)
    XCTAssertEqual(tcpstateInstances(of: exporter.pid), [], "instance removed")
  }
}
