import Foundation
import Glibc
import TCPStateKit
import TCPStateKnowledge
import TestSupport
import XCTest

/// One interface (issue 18): every subcommand that prints takes --json with
/// the same help, every table leaves out its header with -H.
final class InterfaceConsistencyTests: XCTestCase {
  func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> CLIResult {
    guard FileManager.default.isExecutableFile(atPath: CLI.binary.path) else {
      throw XCTSkip("tcpstate binary not built")
    }
    return try CLI.run(arguments, environment: environment)
  }

  func jsonObject(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try XCTUnwrap(value as? [String: Any], text)
  }

  func testDiagramJSONHasStatesLiveCountsAndEveryEdge() throws {
    let (listener, _) = LoopbackTCP.listener(backlog: 4)
    defer { close(listener) }
    let result = try run(["diagram", "--json"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let document = try jsonObject(result.stdout)
    XCTAssertEqual(document["live"] as? Bool, true)
    let states = try XCTUnwrap(document["states"] as? [[String: Any]])
    let names = states.compactMap { $0["name"] as? String }
    XCTAssertEqual(Set(names), Set(Transitions.all.flatMap { [$0.from.name, $0.to.name] }), "every state of the table")
    let listen = try XCTUnwrap(states.first { $0["name"] as? String == "LISTEN" })
    XCTAssertGreaterThanOrEqual(listen["count"] as? Int ?? 0, 1, "our listener is counted")
    let edges = try XCTUnwrap(document["edges"] as? [[String: Any]])
    XCTAssertEqual(edges.count, Transitions.all.count, "the same table the picture and dot draw")
    let close = try XCTUnwrap(
      edges.first { $0["from"] as? String == "ESTABLISHED" && $0["to"] as? String == "FIN_WAIT1" })
    XCTAssertEqual(close["side"] as? String, "active_closer")
    XCTAssertEqual(close["origin"] as? String, "rfc9293_figure5")
    XCTAssertEqual(close["label"] as? String, "close() or shutdown(SHUT_WR) / snd FIN")
    let passive = try XCTUnwrap(
      edges.first { $0["from"] as? String == "ESTABLISHED" && $0["to"] as? String == "CLOSE_WAIT" })
    XCTAssertEqual(passive["side"] as? String, "passive_closer")
    // Every edge in dot is one in JSON.
    let dot = try run(["diagram", "--format", "dot", "--no-live"])
    XCTAssertEqual(dot.stdout.components(separatedBy: " -> ").count - 1, edges.count)

    let offline = try jsonObject(try run(["diagram", "--json", "--no-live"]).stdout)
    XCTAssertEqual(offline["live"] as? Bool, false)
    let offlineStates = try XCTUnwrap(offline["states"] as? [[String: Any]])
    XCTAssertTrue(offlineStates.allSatisfy { $0["count"] is NSNull }, "no counts with --no-live")

    let both = try run(["diagram", "--json", "--format", "dot"])
    XCTAssertEqual(both.status, 64)
    XCTAssertTrue(both.stderr.hasPrefix("tcpstate: "), both.stderr)
  }

  /// The README says --json works everywhere: every subcommand that prints.
  func testEverySubcommandThatPrintsWritesJSON() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 4)
    defer { close(listener) }
    let scope = ["--port", String(port)]
    let commands: [[String]] = [
      ["list"] + scope, ["watch", "--source", "poll", "--duration", "200ms"] + scope,
      ["top", "--batch", "-n", "1", "--delay", "100ms"] + scope, ["kill", "--dry-run"] + scope,
      ["explain", "TIME_WAIT"], ["explain"], ["tunables"], ["diagram"], ["doctor", "--interval", "0"] + scope,
    ]
    for command in commands {
      let result = try run(command + ["--json"])
      XCTAssertTrue([0, 1, 2].contains(result.status), "\(command): \(result.stderr)")
      // watch and top write NDJSON: every line is a document.
      let documents =
        ["watch", "top"].contains(command[0])
        ? result.stdout.split(separator: "\n").map(String.init) : [result.stdout]
      // A quiet port gives watch nothing to print; it must still accept --json.
      if command[0] != "watch" {
        XCTAssertFalse(documents.isEmpty || documents[0].isEmpty, "\(command) printed nothing")
      }
      for document in documents {
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(document.utf8)), "\(command): \(document)")
      }
    }
  }

  /// `--json` (and `-H`) are described in the same words by every subcommand.
  func testJSONAndNoHeaderHelpReadTheSameEverywhere() throws {
    func helpLine(_ command: String, _ flag: String) throws -> String? {
      let help = try run([command, "--help"], ["COLUMNS": "200"]).stdout
      return help.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(flag) }
        .map { String($0).trimmingCharacters(in: .whitespaces) }
    }
    let printing = ["list", "watch", "top", "kill", "explain", "tunables", "diagram", "doctor"]
    let json = try printing.map { try XCTUnwrap(helpLine($0, "--json"), "\($0) has --json") }
    XCTAssertEqual(Set(json).count, 1, json.joined(separator: "\n"))
    let tables = ["list", "watch", "top", "kill", "tunables"]
    let header = try tables.map { try XCTUnwrap(helpLine($0, "-H, --no-header"), "\($0) has -H") }
    XCTAssertEqual(Set(header).count, 1, header.joined(separator: "\n"))
  }

  func testNoHeaderLeavesOutTheTunablesHeader() throws {
    let with = try run(["tunables", "--color", "never"])
    XCTAssertTrue(with.stdout.hasPrefix("  NAME "), with.stdout)
    let without = try run(["tunables", "--color", "never", "-H"])
    XCTAssertEqual(without.status, 0, without.stderr)
    XCTAssertFalse(without.stdout.contains("NAME "), without.stdout)
    XCTAssertTrue(without.stdout.hasPrefix("  net."), without.stdout)
  }

  /// Each subcommand's --proc-root help names what that subcommand reads
  /// there; diagram reads nothing there and does not offer it.
  func testProcRootHelpSaysWhatEachSubcommandReads() throws {
    func help(_ command: String) throws -> String {
      let text = try run([command, "--help"], ["COLUMNS": "400"]).stdout
      return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .first { $0.hasPrefix("--proc-root <dir>") } ?? ""
    }
    let explain = try help("explain")
    let tunables = try help("tunables")
    let doctor = try help("doctor")
    XCTAssertTrue(explain.contains("live section's tunables"), explain)
    XCTAssertTrue(tunables.contains("every tunable"), tunables)
    XCTAssertTrue(doctor.contains("DIR/net/netstat") && doctor.contains("DIR/sys/net"), doctor)
    XCTAssertEqual(Set([explain, tunables, doctor]).count, 3, "worded per subcommand")
    XCTAssertEqual(try help("diagram"), "", "diagram reads nothing under /proc")
    // Still accepted (and checked) for scripts that pass it.
    XCTAssertEqual(try run(["diagram", "--no-live", "--proc-root", "/"]).status, 0)
    XCTAssertEqual(try run(["diagram", "--no-live", "--proc-root", "/nonexistent"]).status, 64)
  }
}
