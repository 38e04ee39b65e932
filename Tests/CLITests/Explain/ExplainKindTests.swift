import Foundation
import XCTest

/// `explain --topic` / `--state`, and misses that say which words are topics
/// and which are states (issue 18, one interface).
final class ExplainKindTests: XCTestCase {
  func run(_ arguments: [String]) throws -> CLIResult {
    guard FileManager.default.isExecutableFile(atPath: CLI.binary.path) else {
      throw XCTSkip("tcpstate binary not built")
    }
    return try CLI.run(arguments)
  }

  func page(_ arguments: [String]) throws -> (kind: String, id: String) {
    let result = try run(["explain"] + arguments + ["--json", "--no-live"])
    XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    return (object["kind"] as? String ?? "", object["id"] as? String ?? "")
  }

  func testTopicAndStateOptionsOpenThatKindInAnyCase() throws {
    XCTAssertEqual(try page(["close"]).kind, "topic", "a bare lower-case close stays the topic")
    XCTAssertEqual(try page(["--state", "close"]).id, "CLOSE")
    XCTAssertEqual(try page(["--state", "time-wait"]).id, "TIME_WAIT")
    XCTAssertEqual(try page(["--topic", "TIME-WAIT"]).kind, "topic")
    XCTAssertEqual(try page(["--topic", "Handshake"]).id, "handshake")
  }

  func testAMissSaysWhichWordsAreTopicsAndWhichStates() throws {
    let typo = try run(["explain", "TIME_WIAT"])
    XCTAssertEqual(typo.status, 64)
    XCTAssertTrue(typo.stderr.contains("did you mean TIME_WAIT (state), time-wait (topic)?"), typo.stderr)
    XCTAssertTrue(typo.stderr.contains("lower-case words such as close and time-wait are topics"), typo.stderr)
    XCTAssertTrue(typo.stderr.contains("--topic NAME or --state NAME"), typo.stderr)

    let stateAsTopic = try run(["explain", "--topic", "CLOSE_WAIT"])
    XCTAssertEqual(stateAsTopic.status, 64)
    XCTAssertTrue(stateAsTopic.stderr.hasPrefix("tcpstate: unknown topic 'CLOSE_WAIT'"), stateAsTopic.stderr)
    XCTAssertTrue(stateAsTopic.stderr.contains("tcpstate explain --state CLOSE_WAIT"), stateAsTopic.stderr)

    let topicAsState = try run(["explain", "--state", "handshake"])
    XCTAssertEqual(topicAsState.status, 64)
    XCTAssertTrue(topicAsState.stderr.contains("tcpstate explain --topic handshake"), topicAsState.stderr)

    let both = try run(["explain", "TIME_WAIT", "--state", "TIME_WAIT"])
    XCTAssertEqual(both.status, 64)
    XCTAssertTrue(both.stderr.hasPrefix("tcpstate: "), both.stderr)
  }

  /// The man page's explain example opens the page its sentence describes:
  /// "What TIME_WAIT is, with this host's tunables and counts" is the state.
  func testManPageExplainExampleOpensThePageItDescribes() throws {
    let man = try String(contentsOfFile: Repo.path("man/tcpstate.1"), encoding: .utf8)
    let lines = man.split(separator: "\n").map(String.init)
    let sentence = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("What TIME_WAIT is") }, "the example is still there")
    let command = try XCTUnwrap(lines[sentence...].first { $0.hasPrefix("tcpstate explain") })
    let arguments = command.split(separator: " ").dropFirst().map(String.init)
    let result = try run(arguments + ["--json"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["kind"] as? String, "state", command)
    XCTAssertEqual(object["id"] as? String, "TIME_WAIT", command)
    let live = try XCTUnwrap(object["live"] as? [String: Any], "with this host's tunables and counts")
    XCTAssertNotNil(live["tunables"], "\(live.keys)")
    XCTAssertNotNil(live["sockets"], "\(live.keys)")
  }
}
