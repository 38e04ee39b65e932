import Foundation
import TCPStateKit
import XCTest

/// Issue 18 item 12, end to end: at COLUMNS=60 every explain page, in both
/// languages, fits 60 columns and breaks only at word boundaries that know CJK.
final class ExplainNarrowTests: XCTestCase {
  func run(_ arguments: [String]) throws -> CLIResult {
    guard FileManager.default.isExecutableFile(atPath: CLI.binary.path) else {
      throw XCTSkip("tcpstate binary not built")
    }
    return try CLI.run(arguments, environment: ["COLUMNS": "60"])
  }

  func testEveryPageFitsSixtyColumnsInBothLanguages() throws {
    let index = try JSONSerialization.jsonObject(with: Data(try run(["explain", "--json"]).stdout.utf8))
    let kinds = try XCTUnwrap(index as? [String: Any])
    var words: [String] = []
    for key in ["states", "topics", "tunables"] {
      for item in kinds[key] as? [Any] ?? [] {
        if let word = item as? String {
          words.append(word)
        } else if let object = item as? [String: Any], let word = (object["id"] ?? object["name"]) as? String {
          words.append(word)
        }
      }
    }
    XCTAssertGreaterThan(words.count, 40, "the index lists states, topics and tunables")
    for language in ["en", "zh"] {
      for word in words {
        let page = try run(["explain", word, "--lang", language, "--color", "never"])
        XCTAssertEqual(page.status, 0, page.stderr)
        for line in page.stdout.split(separator: "\n") {
          XCTAssertLessThanOrEqual(TextWrap.width(String(line)), 60, "\(word) (\(language)): \(line)")
        }
      }
    }
  }

  func testNamesAndChineseWordsStayWhole() throws {
    for (state, number) in [("CLOSE_WAIT", 8), ("TIME_WAIT", 6), ("NEW_SYN_RECV", 12)] {
      let page = try run(["explain", "--state", state, "--no-live", "--color", "never"])
      XCTAssertTrue(page.stdout.contains("kernel: \(state) (\(number))"), page.stdout)
      let chinese = try run(["explain", "--state", state, "--no-live", "--color", "never", "--lang", "zh"])
      XCTAssertTrue(chinese.stdout.contains("内核：\(state)（\(number)）"), chinese.stdout)
    }
    // The English page quotes the Chinese aliases: each stays on one line.
    let flood = try run(["explain", "syn-flood", "--no-live", "--color", "never"])
    XCTAssertTrue(flood.stdout.contains("SYN泛洪"), flood.stdout)
    XCTAssertTrue(
      flood.stdout.split(separator: "\n").contains { $0.hasSuffix(" 泛洪") || $0.contains(" 泛洪,") }, flood.stdout)
    XCTAssertFalse(flood.stdout.split(separator: "\n").contains { $0.hasSuffix("泛") }, flood.stdout)
  }

  /// The tunables table at COLUMNS=60: every line fits; a row too wide for
  /// its default puts the default on the next line instead of dropping it.
  func testTunablesTableFitsSixtyColumns() throws {
    for language in ["en", "zh"] {
      let table = try run(["tunables", "--lang", language, "--color", "never"])
      XCTAssertEqual(table.status, 0, table.stderr)
      for line in table.stdout.split(separator: "\n") {
        XCTAssertLessThanOrEqual(TextWrap.width(String(line)), 60, "\(language): \(line)")
      }
    }
    let lines = try run(["tunables", "--color", "never"]).stdout.split(separator: "\n")
    let rmem = try XCTUnwrap(
      lines.firstIndex { $0.hasPrefix("  net.ipv4.tcp_rmem ") || $0.hasPrefix("* net.ipv4.tcp_rmem ") })
    XCTAssertTrue(lines[rmem + 1].hasSuffix("4096 131072 ?"), "the default on the next line: \(lines[rmem + 1])")
  }
}
