import Foundation
import Glibc
import TestSupport
import XCTest

/// `--netns NAME|PATH|PID` against namespaces the test creates (`ip netns add`,
/// loopback up inside); traffic stays on their loopback. Needs root.
final class NamespaceTests: XCTestCase {
  var namespace = ""
  var holder: Process?
  /// Below the ephemeral range (32768-60999), so host churn does not land on it.
  var port: UInt16 = 0

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "creating network namespaces needs root")
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/ip")
        || FileManager.default.isExecutableFile(atPath: "/sbin/ip"), "needs iproute2")
    namespace = "tcpstate-test-\(getpid())"
    port = UInt16(29_000 + getpid() % 1000)
    try Shell.run(
      "ip netns add \(namespace) && ip -n \(namespace) link set lo up && ip netns exec \(namespace) sysctl -qw net.ipv4.tcp_fin_timeout=17"
    )
    // A listener inside the namespace, alive for the test, with a ready file.
    let ready = FileManager.default.temporaryDirectory.appendingPathComponent("netns-ready-\(getpid())").path
    try? FileManager.default.removeItem(atPath: ready)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c",
      "exec ip netns exec \(namespace) python3 -c \"import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',\(port)))\ns.listen(8)\nopen('\(ready)','w').close()\nwhile True:\n  c,_=s.accept(); c.close()\"",
    ]
    try process.run()
    holder = process
    BackgroundProcess.awaitReadyFile(ready, timeout: 10, poll: 20_000)
    XCTAssertTrue(process.isRunning, "listener inside \(namespace) did not start")
  }

  override func tearDown() {
    BackgroundProcess.kill(holder)
    if !namespace.isEmpty { TestNamespaces.delete(namespace) }
  }

  /// Connects to the listener inside the namespace and closes: a full life cycle there.
  func connectInside() throws {
    try Shell.run(
      "ip netns exec \(namespace) python3 -c \"import socket; c=socket.create_connection(('127.0.0.1',\(port))); c.close()\""
    )
  }

  func testListShowsOnlyTheNamespacesSockets() throws {
    let pid = try XCTUnwrap(holder?.processIdentifier)
    // The python process runs inside the namespace; ip netns exec exec'd into it.
    for word in [namespace, "/var/run/netns/\(namespace)", "\(pid)", "/proc/\(pid)/ns/net"] {
      let result = try CLI.run(["list", "--netns", word, "-H"])
      XCTAssertEqual(result.status, 0, "\(word): \(result.stderr)")
      let lines = result.stdout.split(separator: "\n")
      XCTAssertEqual(lines.count, 1, "\(word): only the namespace's listener: \(result.stdout)")
      XCTAssertTrue(lines.first?.contains("127.0.0.1:\(port)") == true, "\(word): \(result.stdout)")
    }
    let host = try CLI.run(["list", "--port", "\(port)", "--listening", "-H"])
    XCTAssertEqual(host.stdout, "", "the namespace's listener leaked into the host's list")
    let json = try CLI.run(["list", "--netns", namespace, "--json", "--listening"])
    XCTAssertTrue(json.stdout.contains("\"local_port\":\(port)"), json.stdout)
  }

  func testTunablesAndExplainReadTheNamespacesSysctls() throws {
    let tunables = try CLI.run(["tunables", "--netns", namespace, "--json"])
    XCTAssertEqual(tunables.status, 0, tunables.stderr)
    XCTAssertTrue(tunables.stdout.contains("\"17\""), "tcp_fin_timeout=17 inside the namespace")
    let explain = try CLI.run(["explain", "tcp_fin_timeout", "--netns", namespace])
    XCTAssertTrue(explain.stdout.contains("17 s"), explain.stdout)
    let hostValue = try String(contentsOfFile: "/proc/sys/net/ipv4/tcp_fin_timeout", encoding: .utf8)
    XCTAssertNotEqual(hostValue.trimmingCharacters(in: .whitespacesAndNewlines), "17", "the host kept its own value")
  }

  /// tcp_mem and tcp_max_orphans exist only in the host's /proc/sys: inside
  /// the namespace they are the host's values, not "not on this kernel" (issue 23, T1).
  func testHostWideTunablesAreReadBeforeEntering() throws {
    let result = try CLI.run(["tunables", "--netns", namespace, "--json"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let tunables = try XCTUnwrap(object["tunables"] as? [[String: Any]])
    for (name, file) in [("tcp_mem", "tcp_mem"), ("tcp_max_orphans", "tcp_max_orphans")] {
      let host = try String(contentsOfFile: "/proc/sys/net/ipv4/\(file)", encoding: .utf8)
        .split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\n" }).map(String.init)
      let entry = try XCTUnwrap(tunables.first { $0["name"] as? String == name })
      let live = try XCTUnwrap(entry["live"] as? [String: Any], "\(entry)")
      XCTAssertEqual(live["fields"] as? [String], host, name)
    }
  }

  func testDoctorCountsOnlyTheNamespace() throws {
    let result = try CLI.run(["doctor", "--netns", namespace, "--interval", "0", "--json"])
    XCTAssertTrue([0, 1, 2].contains(result.status), result.stderr)
    XCTAssertTrue(result.stdout.contains("\"sockets\":1") || result.stdout.contains("\"sockets\": 1"), result.stdout)
  }

  func testWatchSeesOnlyItsTransitions() throws {
    let watch = try BackgroundCLI([
      "watch", "--netns", namespace, "--ready-file", "{ready}", "--json", "--duration", "4",
    ])
    XCTAssertTrue(watch.waitUntilReady(), watch.stderr)
    let hostPort = try loopbackConnection(hold: 0.3)
    try connectInside()
    XCTAssertNotNil(watch.waitForExit(timeout: 15))
    XCTAssertTrue(watch.stdout.contains("\(port)"), "the namespace's connection: \(watch.stdout) \(watch.stderr)")
    XCTAssertFalse(watch.stdout.contains("\"local_port\":\(hostPort)"), "a host connection leaked in")
    XCTAssertFalse(watch.stdout.contains("\"peer_port\":\(hostPort)"), "a host connection leaked in")
    XCTAssertTrue(watch.stderr.contains("polls"), watch.stderr)
    let explicit = try CLI.run(["watch", "--netns", namespace, "--source", "perf", "--count", "1"])
    XCTAssertEqual(explicit.status, 64, explicit.stderr)
  }

  func testWrongNamespaceWords() throws {
    let unknown = try CLI.run(["list", "--netns", "no-such-ns-\(getpid())"])
    XCTAssertEqual(unknown.status, 64)
    XCTAssertTrue(unknown.stderr.contains("no network namespace named"), unknown.stderr)
    XCTAssertTrue(unknown.stderr.contains(namespace), "lists the names that exist: \(unknown.stderr)")
    let cases: [([String], String)] = [
      (["list", "--netns", "999999999"], "no process 999999999"),
      (["doctor", "--netns", "/etc/hostname"], "is not a network namespace"),
      (["explain", "close", "--netns", ""], "--netns needs a name"),
      (["watch", "--netns", "/nonexistent/ns"], "no such file"),
    ]
    for (arguments, message) in cases {
      let result = try CLI.run(arguments)
      XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      XCTAssertFalse(result.stderr.contains("Fatal error"))
    }
  }

  func testWithoutPrivilegeNamesCapSysAdmin() throws {
    for command in ["list", "doctor", "watch", "tunables"] {
      let result = try CLI.run(
        [], shell: "setpriv --reuid=65534 --regid=65534 --clear-groups \"$TCPSTATE\" \(command) --netns \(namespace)")
      XCTAssertEqual(result.status, 77, "\(command): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains("CAP_SYS_ADMIN"), "\(command): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", "\(command) printed something outside the namespace")
    }
  }
}
