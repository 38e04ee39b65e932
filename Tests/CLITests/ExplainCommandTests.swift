import Foundation
import XCTest

final class ExplainCommandTests: XCTestCase {
  func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> CLIResult {
    guard FileManager.default.isExecutableFile(atPath: CLI.binary.path) else {
      throw XCTSkip("tcpstate binary not built")
    }
    return try CLI.run(arguments, environment: environment)
  }

  func testUnknownWordExits64WithSuggestions() throws {
    let result = try run(["explain", "TIME_WIAT"])
    XCTAssertEqual(result.status, 64)
    XCTAssertTrue(result.stderr.contains("did you mean TIME_WAIT"), result.stderr)
  }

  func testEveryWordRendersInBothLanguages() throws {
    let index = try run(["explain", "--json"])
    XCTAssertEqual(index.status, 0)
    let object = try JSONSerialization.jsonObject(with: Data(index.stdout.utf8)) as? [String: Any]
    let states = (object?["states"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    let topics = (object?["topics"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    let tunables = object?["tunables"] as? [String] ?? []
    XCTAssertEqual(states.count, 13)
    for word in states + topics + tunables {
      for lang in ["en", "zh"] {
        let text = try run(["explain", word, "--lang", lang, "--no-live"])
        XCTAssertEqual(text.status, 0, "\(word) \(lang): \(text.stderr)")
        XCTAssertFalse(text.stdout.isEmpty)
      }
      let json = try run(["explain", word, "--json"])
      XCTAssertEqual(json.status, 0, word)
      XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)), word)
    }
  }

  func testPagesAndJSONCiteTheirSources() throws {
    let text = try run(["explain", "CLOSE_WAIT", "--no-live", "--lang", "en"])
    XCTAssertTrue(text.stdout.contains("\nSources\n"), text.stdout)
    XCTAssertTrue(text.stdout.contains("net/ipv4/tcp_input.c: tcp_fin()"), text.stdout)
    let zh = try run(["explain", "CLOSE_WAIT", "--no-live", "--lang", "zh"])
    XCTAssertTrue(zh.stdout.contains("\n参考\n"), zh.stdout)
    let json = try run(["explain", "tcp_fin_timeout", "--json", "--no-live"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let sources = object?["sources"] as? [[String: Any]] ?? []
    XCTAssertEqual(sources.first?["document"] as? String, "Documentation/networking/ip-sysctl.rst")
    XCTAssertEqual(sources.first?["detail"] as? String, "tcp_fin_timeout")
  }

  func testLanguageFromEnvironment() throws {
    let result = try run(
      ["explain", "CLOSE_WAIT", "--no-live"], ["LANG": "zh_CN.UTF-8", "LC_ALL": ""])
    XCTAssertTrue(result.stdout.contains("对端已关闭"), result.stdout)
  }

  func testLiveSectionFromAFakeProcTree() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tcpstate-cli-proc-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("sys/net/ipv4")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try Data("2\n".utf8).write(to: dir.appendingPathComponent("tcp_synack_retries"))
    let result = try run(["explain", "SYN_RCVD", "--proc-root", root.path, "--json"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let live = object?["live"] as? [String: Any]
    let rows = live?["tunables"] as? [[String: Any]] ?? []
    let synack = rows.first { $0["name"] as? String == "tcp_synack_retries" }
    XCTAssertEqual(synack?["value"] as? String, "2")
    XCTAssertEqual(synack?["differs_from_default"] as? Bool, true)
    XCTAssertTrue((synack?["implication"] as? String)?.contains("7 s") ?? false)
    let missing = rows.first { $0["name"] as? String == "tcp_syncookies" }
    XCTAssertEqual(missing?["status"] as? String, "missing")
    XCTAssertTrue(live?["sockets"] is Int || live?["sockets"] is NSNull)
  }

  func testTunablesListAndChanged() throws {
    let all = try run(["tunables", "--json"])
    XCTAssertEqual(all.status, 0, all.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any]
    XCTAssertGreaterThanOrEqual((object?["tunables"] as? [Any])?.count ?? 0, 20)
    let changed = try run(["tunables", "--changed"])
    XCTAssertEqual(changed.status, 0)
    XCTAssertFalse(changed.stdout.contains("tcp_keepalive_intvl") && !changed.stdout.contains("*"))
  }

  func testDiagramFormats() throws {
    let text = try run(["diagram", "--color", "never"])
    XCTAssertEqual(text.status, 0)
    for name in [
      "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT",
      "CLOSING", "LAST_ACK", "TIME_WAIT", "CLOSED",
    ] {
      XCTAssertTrue(text.stdout.contains(name), name)
    }
    let dot = try run(["diagram", "--format", "dot"])
    XCTAssertTrue(dot.stdout.hasPrefix("digraph"))
    let mermaid = try run(["diagram", "--format", "mermaid"])
    XCTAssertTrue(mermaid.stdout.hasPrefix("stateDiagram-v2"))
  }
}
