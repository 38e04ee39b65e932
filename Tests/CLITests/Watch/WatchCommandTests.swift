import Foundation
import Glibc
import XCTest

/// `tcpstate watch` as a user runs it: output, fallback, signals, pipes, cleanup.
final class WatchCommandTests: XCTestCase {
  func requireRoot() throws {
    guard geteuid() == 0 else { throw XCTSkip("needs root") }
  }

  func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
      try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
    }
  }

  func testNDJSONLinesParseAndCarryTheKeys() throws {
    try requireRoot()
    let watcher = try BackgroundCLI([
      "watch", "--json", "--src", "127.0.0.1", "--duration", "30", "--ready-file", "{ready}",
    ])
    XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)
    let port = try loopbackConnection(hold: 0.05)
    usleep(300_000)
    kill(watcher.pid, SIGINT)
    XCTAssertEqual(watcher.waitForExit(), 0, watcher.stderr)
    let events = try jsonLines(watcher.stdout).filter {
      ($0["local_port"] as? Int) == Int(port) || ($0["peer_port"] as? Int) == Int(port)
    }
    let transitions = events.filter { $0["event"] as? String == "transition" }
    XCTAssertGreaterThanOrEqual(transitions.count, 10, watcher.stdout)
    for key in [
      "timestamp", "family", "local_address", "local_port", "peer_address", "peer_port", "old_state", "new_state",
      "duration_ms", "pid", "source",
    ] {
      XCTAssertTrue(transitions.allSatisfy { $0[key] != nil }, key)
    }
    XCTAssertTrue(
      transitions.contains { $0["new_state"] as? String == "TIME_WAIT" && $0["kernel_new_state"] as? String == "CLOSE" }
    )
    let summaries = events.filter { $0["event"] as? String == "summary" }
    XCTAssertGreaterThanOrEqual(summaries.count, 2, "one summary per connection end")
    XCTAssertNotNil((summaries.first?["tcp_info"] as? [String: Any])?["bytes_acked"])
  }

  func testSignalsLeaveNoTracingInstance() throws {
    try requireRoot()
    for signal in [SIGINT, SIGTERM, SIGHUP] {
      let watcher = try BackgroundCLI(["watch", "--port", "1", "--ready-file", "{ready}"])
      XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)
      XCTAssertEqual(tcpstateInstances(of: watcher.pid).count, 1, "the instance exists while watching")
      kill(watcher.pid, signal)
      XCTAssertEqual(watcher.waitForExit(), 0, "signal \(signal): \(watcher.stderr)")
      XCTAssertEqual(tcpstateInstances(of: watcher.pid), [], "signal \(signal) left the instance behind")
    }
  }

  func testClosedPipeEndsTheWatchAndCleansUp() throws {
    try requireRoot()
    let shell = try BackgroundCLI(
      [
        "-c", "\"$0\" watch --src 127.0.0.1 --no-summary --ready-file \"$1\" | head -2; echo piped", CLI.binary.path,
        "{ready}",
      ],
      shell: true)
    XCTAssertTrue(shell.waitUntilReady(), shell.stderr)
    _ = try loopbackConnection(hold: 0.02)
    XCTAssertEqual(shell.waitForExit(timeout: 10), 0, "the watcher must end when head goes away")
    XCTAssertTrue(shell.stdout.hasSuffix("piped\n"))
    XCTAssertEqual(shell.stderr, "")
    XCTAssertEqual(leakedInstances(), [])
  }

  func testNextStartRemovesTheInstanceOfAKilledWatcher() throws {
    try requireRoot()
    // Keep tracefs mounted across both runs, as a host that uses it would.
    let mounted = FileManager.default.fileExists(atPath: "/sys/kernel/tracing/instances")
    if !mounted { _ = try CLI.run([], shell: "mount -t tracefs nodev /sys/kernel/tracing") }
    defer { if !mounted { _ = try? CLI.run([], shell: "umount /sys/kernel/tracing") } }
    let killed = try BackgroundCLI(["watch", "--port", "1", "--ready-file", "{ready}"])
    XCTAssertTrue(killed.waitUntilReady(), killed.stderr)
    kill(killed.pid, SIGKILL)
    killed.waitForExit()
    XCTAssertEqual(tcpstateInstances(of: killed.pid).count, 1, "SIGKILL cannot clean up")
    let next = try CLI.run(["watch", "--port", "1", "--duration", "0.2"])
    XCTAssertEqual(next.status, 0, next.stderr)
    XCTAssertEqual(tcpstateInstances(of: killed.pid), [], "the next start removed the dead watcher's instance")
    XCTAssertEqual(leakedInstances(), [])
  }

  func testFallbackWithoutRootSaysWhatItMisses() throws {
    try requireRoot()  // to become nobody
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("setpriv missing") }
    let watcher = try BackgroundCLI(
      ["watch", "--json", "--src", "127.0.0.1", "--ready-file", "{ready}", "--interval", "50ms"],
      prefix: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)
    let port = try loopbackConnection(hold: 0.4)
    kill(watcher.pid, SIGTERM)
    XCTAssertEqual(watcher.waitForExit(), 0, watcher.stderr)
    XCTAssertTrue(watcher.stderr.contains("sock_diag polling"), watcher.stderr)
    XCTAssertTrue(watcher.stderr.contains("missed"), "says what it can miss: \(watcher.stderr)")
    let events = try jsonLines(watcher.stdout).filter {
      ($0["local_port"] as? Int) == Int(port) || ($0["peer_port"] as? Int) == Int(port)
    }
    let changes = Set(
      events.compactMap { event -> String? in
        guard event["event"] as? String == "transition" else { return nil }
        return "\(event["old_state"] as? String ?? "-")>\(event["new_state"] as? String ?? "?")"
      })
    for expected in ["-" + ">ESTABLISHED", "ESTABLISHED>CLOSE_WAIT", "-" + ">LISTEN"] {
      XCTAssertTrue(changes.contains(expected), "\(expected) in \(changes)")
    }
    // A 50 ms poll may or may not catch the brief FIN_WAIT1/FIN_WAIT2; the client's close shows either way.
    XCTAssertTrue(
      changes.contains { $0.hasPrefix("ESTABLISHED>FIN_WAIT") || $0 == "ESTABLISHED>TIME_WAIT" }, "\(changes)")
    XCTAssertEqual(changes.filter { $0.hasSuffix(">TIME_WAIT") }.count, 1, "the hand-over is reported once: \(changes)")
    XCTAssertFalse(changes.contains("ESTABLISHED>CLOSE"), "the client's end is a hand-over, not a close: \(changes)")
    XCTAssertTrue(events.contains { $0["source"] as? String == "poll" })
  }

  func testBadWatchArguments() throws {
    for (arguments, mention) in [
      (["watch", "--count", "0"], "--count"), (["watch", "--duration", "-1"], "--duration"),
      (["watch", "--source", "bpf"], "bpf"), (["watch", "--interval", "1ms"], "--interval"),
      (["watch", "--state", "TIME_WIAT"], "TIME_WAIT"),
    ] {
      let result = try CLI.run(arguments)
      XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
    }
  }
}
