import Foundation
import TestSupport
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

  /// Real kernel data: every catalogued tunable this kernel has is read live,
  /// and one it lacks is said to be missing, never guessed.
  func testNewTunablesAreLiveWhereTheKernelHasThem() throws {
    let all = try run(["tunables", "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any]
    let rows = object?["tunables"] as? [[String: Any]] ?? []
    for name in [
      "tcp_mtu_probing", "tcp_notsent_lowat", "tcp_slow_start_after_idle", "tcp_mem",
      "tcp_tw_reuse_delay", "tcp_rto_min_us", "tcp_rto_max_ms", "ip_local_reserved_ports",
      "tcp_challenge_ack_limit", "rmem_max", "wmem_max", "netdev_max_backlog",
    ] {
      let row = try XCTUnwrap(rows.first { $0["name"] as? String == name }, name)
      let path = try XCTUnwrap(row["path"] as? String)
      let live = row["live"] as? [String: Any]
      let expected = FileManager.default.fileExists(atPath: path) ? "ok" : "missing"
      XCTAssertEqual(live?["status"] as? String, expected, name)
      if expected == "ok", name != "ip_local_reserved_ports" {
        XCTAssertNotNil(live?["implication"] as? String, name)
      }
    }
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tcpstate-cli-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let text = try run(["tunables", "--proc-root", root.path, "--color", "never"])
    XCTAssertEqual(text.status, 0, text.stderr)
    XCTAssertTrue(text.stdout.contains("net.ipv4.tcp_rto_max_ms"), text.stdout)
    XCTAssertTrue(text.stdout.contains("(not on this kernel)"), text.stdout)
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

  /// A state's page shows the sockets in it now, with their process and the
  /// tcpstate command for all of them; a shared implication is said once.
  func testStatePageShowsItsSocketsAndSaysEachImplicationOnce() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 4)
    let client = LoopbackTCP.connect(port: port)
    let server = accept(listener, nil, nil)
    close(client)  // the server's end is now in CLOSE_WAIT
    defer {
      close(server)
      close(listener)
    }
    usleep(50_000)
    let result = try CLI.run(["explain", "CLOSE_WAIT", "--color", "never"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("all of them: tcpstate list --state CLOSE_WAIT -p"), result.stdout)
    XCTAssertFalse(result.stdout.contains("ss -tnp"), "hints name tcpstate's own commands")
    let implication = "a dead idle peer is detected after"
    XCTAssertEqual(result.stdout.components(separatedBy: implication).count - 1, 1, result.stdout)
    // Other CLOSE_WAIT sockets on the host may come first; ours shows when it is among the first five.
    let shown = result.stdout.split(separator: "\n").filter { $0.hasPrefix("    127.") }
    XCTAssertFalse(shown.isEmpty, result.stdout)
    if let ours = shown.first(where: { $0.contains("127.0.0.1:\(port) ") }) {
      XCTAssertTrue(ours.contains("[\(getpid())]"), "with its process: \(ours)")
    }
  }
}
