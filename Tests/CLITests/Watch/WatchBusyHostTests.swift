import Foundation
import Glibc
import XCTest

/// `watch --port` on a host that looks like production: other ports carry
/// connections while the watched one is quiet, two watchers run at once,
/// the binary has another name. Every transition on the watched port must
/// arrive, and nothing may fall back to polling.
final class WatchBusyHostTests: XCTestCase {
  override func setUpWithError() throws {
    guard geteuid() == 0 else { throw XCTSkip("the tracepoint needs root") }
  }

  func watcher(_ port: UInt16, executable: URL? = nil, extra: [String] = []) throws -> BackgroundCLI {
    let watcher = try BackgroundCLI(
      ["watch", "--port", "\(port)", "--json", "--no-summary", "--ready-file", "{ready}"] + extra,
      executable: executable)
    XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)
    return watcher
  }

  func stop(_ watcher: BackgroundCLI) {
    usleep(300_000)  // the last events reach the buffer and the next read
    kill(watcher.pid, SIGINT)
    XCTAssertEqual(watcher.waitForExit(), 0, watcher.stderr)
  }

  /// The scenario: the old silence check compared host-wide
  /// connection opens with port-filtered events and gave up the tracepoint
  /// after two busy seconds elsewhere.
  func testBusyOtherPortDoesNotCostTheWatchedPortAnyTransition() throws {
    let watched = LoopbackChurn()
    let other = LoopbackChurn()
    let watch = try watcher(watched.port)
    other.run(rate: 300, seconds: 3.5)
    XCTAssertGreaterThan(other.completed, 500, "the other port was busy")
    other.start(rate: 300, seconds: 2)  // and stays busy while the watched port works
    watched.run(count: 300, rate: 600)
    other.wait()
    stop(watch)
    XCTAssertEqual(watched.completed, 300)
    let missing = try missingTransitions(in: watch.stdout, churn: watched)
    XCTAssertEqual(missing, [], "first few: \(missing.prefix(5))")
    XCTAssertFalse(watch.stderr.contains("polling"), watch.stderr)
    XCTAssertFalse(watch.stdout.contains("\"event\":\"source\""), "no source change: \(watch.stderr)")
    let otherPort = "\"local_port\":\(other.port),"
    XCTAssertFalse(watch.stdout.contains(otherPort), "the other port's events are filtered out")
  }

  /// Two watchers of a renamed copy of the binary on the same port: the
  /// second must not take the first's instance for a stale one, and
  /// stopping the first must not disturb the second.
  func testTwoWatchersOfARenamedBinaryBothSeeEverything() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-copy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("tcpstate-new")
    try FileManager.default.copyItem(at: CLI.binary, to: copy)
    let link = folder.appendingPathComponent("tcps")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: copy)
    let first = LoopbackChurn()
    let second = LoopbackChurn()
    // Both watch both ports; the first stops after the first churn.
    let filter = ["--port", "\(second.port)"]
    let early = try watcher(first.port, executable: copy, extra: filter)
    let late = try watcher(first.port, executable: link, extra: filter)
    first.run(count: 200, rate: 500)
    stop(early)
    second.run(count: 200, rate: 500)
    stop(late)
    for (name, watch) in [("first", early), ("second", late)] {
      let missing = try missingTransitions(in: watch.stdout, churn: first)
      XCTAssertEqual(missing, [], "\(name) watcher, first churn: \(missing.prefix(5))")
      XCTAssertFalse(watch.stderr.contains("polling"), watch.stderr)
    }
    let missing = try missingTransitions(in: late.stdout, churn: second)
    XCTAssertEqual(missing, [], "the second watcher after the first stopped: \(missing.prefix(5))")
    XCTAssertEqual(leakedInstances(), [])
  }
}
