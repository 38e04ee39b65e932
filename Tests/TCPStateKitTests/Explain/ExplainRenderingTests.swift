import Foundation
import TCPStateModel
import XCTest

@testable import TCPStateExplain
@testable import TCPStateKit
@testable import TCPStateKnowledge

/// explain's pages in text and JSON (with a live host's values), and the wrapping and escaping they rely on.
final class ExplainRenderingTests: XCTestCase {
  let live = LiveHost(
    readings: [
      "tcp_fin_timeout": .value("30"), "tcp_max_tw_buckets": .value("131072"),
      "tcp_tw_reuse": .value("2"),
      "ip_local_port_range": .value("32768\t60999"), "tcp_rfc1337": .missing,
      "tcp_timestamps": .unreadable("permission denied"), "tcp_synack_retries": .value("5"),
    ],
    counts: [.timeWait: 42, .synRecv: 3, .newSynRecv: 1])

  func parses(_ json: JSONValue, file: StaticString = #filePath, line: UInt = #line) -> Any? {
    let text = json.serialized()
    let object = try? JSONSerialization.jsonObject(with: Data(text.utf8))
    XCTAssertNotNil(object, "invalid JSON:\n\(text)", file: file, line: line)
    return object
  }

  func testEverySubjectRendersInBothLanguages() {
    let subjects =
      KnowledgeBase.entries.map { KnowledgeBase.Subject.entry($0) }
      + TunableCatalog.all.map { .tunable($0) }
    for language in Language.allCases {
      for liveHost in [nil, live] {
        let options = ExplainOptions(language: language, width: 72, live: liveHost)
        for subject in subjects {
          let text = ExplainTextRenderer(options).render(subject)
          XCTAssertGreaterThan(text.count, 100, subject.id)
          XCTAssertNotNil(parses(ExplainJSON.subject(subject, options)), subject.id)
        }
      }
    }
  }

  /// A listener owned by a process with a long name (a test runner on a
  /// busy host): the owner goes under the addresses at 60 columns.
  func testLiveExamplesWithLongOwnersFitTheWidth() throws {
    var host = live
    host.counts = [.listen: 1]
    let address = try XCTUnwrap(IPAddress(family: .inet, bytes: [127, 0, 0, 1]))
    host.examples = [
      LiveSocket(
        local: Endpoint(address: address, port: 40_991), peer: Endpoint(address: .anyV4, port: 0),
        processes: [ProcessRef(pid: 21_009, command: "tcpstatePackageTests.xctest", fd: 3)])
    ]
    let entry = try XCTUnwrap(KnowledgeBase.entries.first { $0.state == .listen })
    for language in Language.allCases {
      let text = ExplainTextRenderer(ExplainOptions(language: language, width: 60, live: host)).render(entry)
      XCTAssertTrue(text.contains("tcpstatePackageTests.xctest[21009]"), text)
      for line in text.split(separator: "\n") {
        XCTAssertLessThanOrEqual(TextWrap.width(String(line)), 60, String(line))
      }
    }
  }

  func testTextIsWrappedToTheWidth() {
    for language in Language.allCases {
      for entry in KnowledgeBase.entries {
        let text = ExplainTextRenderer(
          ExplainOptions(language: language, width: 60, neighbourhood: false)
        ).render(entry)
        for line in text.split(separator: "\n") {
          XCTAssertLessThanOrEqual(TextWrap.width(String(line)), 60, "\(entry.id): \(line)")
        }
      }
    }
  }

  func testLiveSectionShowsValuesMarksAndCounts() {
    let entry = KnowledgeBase.entry(for: .timeWait)!
    let text = ExplainTextRenderer(ExplainOptions(language: .en, width: 100, live: live)).render(
      entry)
    XCTAssertTrue(text.contains("sockets in TIME_WAIT now: 42"), text)
    XCTAssertTrue(text.contains("28232 ephemeral ports"), text)
    XCTAssertTrue(text.contains("(not on this kernel)"), text)
    XCTAssertTrue(text.contains("(unreadable: permission denied)"), text)
    let finWait2 = ExplainTextRenderer(ExplainOptions(language: .en, width: 100, live: live))
      .render(KnowledgeBase.entry(for: .finWait2)!)
    XCTAssertTrue(finWait2.contains("* default 60"), finWait2)
    let synRecv = ExplainTextRenderer(ExplainOptions(language: .en, width: 100, live: live)).render(
      KnowledgeBase.entry(for: .synRecv)!)
    XCTAssertTrue(synRecv.contains("sockets in SYN_RECV now: 4"), synRecv)
  }

  func testMissingCountsAreSaidNotFaked() {
    let host = LiveHost(readings: [:], counts: nil)
    let text = ExplainTextRenderer(ExplainOptions(language: .en, live: host)).render(
      KnowledgeBase.entry(for: .closeWait)!)
    XCTAssertTrue(text.contains("socket counts unavailable"))
    let zh = ExplainTextRenderer(ExplainOptions(language: .zh, live: host)).render(
      KnowledgeBase.entry(for: .closeWait)!)
    XCTAssertTrue(zh.contains("套接字计数不可用"))
    let json = parses(
      ExplainJSON.entry(
        KnowledgeBase.entry(for: .closeWait)!, ExplainOptions(language: .en, live: host)))
    let liveObject = (json as? [String: Any])?["live"] as? [String: Any]
    XCTAssertTrue(liveObject?["sockets"] is NSNull)
  }

  func testJSONShapeIsStable() throws {
    let options = ExplainOptions(language: .en, live: live)
    let json =
      parses(ExplainJSON.entry(KnowledgeBase.entry(for: .timeWait)!, options)) as? [String: Any]
    XCTAssertEqual(json?["id"] as? String, "TIME_WAIT")
    XCTAssertEqual((json?["names"] as? [String: Any])?["ss"] as? String, "TIME-WAIT")
    XCTAssertEqual(
      ((json?["sections"] as? [[String: Any]])?.map { $0["key"] as? String }),
      StateField.allCases.map(\.rawValue))
    let liveObject = json?["live"] as? [String: Any]
    XCTAssertEqual(liveObject?["sockets"] as? Int, 42)
    let rows = liveObject?["tunables"] as? [[String: Any]]
    let range = rows?.first { $0["name"] as? String == "ip_local_port_range" }
    XCTAssertEqual(range?["value"] as? String, "32768 60999")
    XCTAssertEqual(range?["differs_from_default"] as? Bool, false)
    let index = parses(ExplainJSON.index(.zh)) as? [String: Any]
    XCTAssertEqual((index?["states"] as? [Any])?.count, TCPState.known.count)
    let rowsCatalogue = live.rows(for: TunableCatalog.all.map(\.name))
    XCTAssertNotNil(parses(ExplainJSON.catalogue(rowsCatalogue, .en)))
  }

  func testEveryPageEndsWithItsSources() throws {
    let subjects =
      KnowledgeBase.entries.map { KnowledgeBase.Subject.entry($0) }
      + TunableCatalog.all.map { .tunable($0) }
    for subject in subjects {
      let sources: [Source]
      switch subject {
      case .entry(let entry): sources = entry.sources
      case .tunable(let tunable): sources = tunable.sources
      }
      for (language, heading) in [(Language.en, "Sources"), (.zh, "参考")] {
        let text = ExplainTextRenderer(ExplainOptions(language: language, width: 200)).render(
          subject)
        let lines = text.split(separator: "\n").map(String.init)
        let start = try XCTUnwrap(lines.lastIndex(of: heading), "\(subject.id) \(language)")
        XCTAssertEqual(
          Array(lines[(start + 1)...]), sources.map { "  " + $0.citation }, subject.id)
      }
      let json =
        parses(ExplainJSON.subject(subject, ExplainOptions(language: .en))) as? [String: Any]
      let cited = (json?["sources"] as? [[String: Any]])?.compactMap { $0["citation"] as? String }
      XCTAssertEqual(cited, sources.map(\.citation), subject.id)
    }
  }

  func testJSONEscaping() {
    let value = JSONValue.object([("a\"b", .string("line\nbreak\t\u{01}\\"))])
    XCTAssertEqual(value.serialized(indent: nil), "{\"a\\\"b\":\"line\\nbreak\\t\\u0001\\\\\"}")
  }

  func testAnOpeningBracketNeverEndsALine() {
    for columns in 20...40 {
      let text = "这不是协议状态：13 是请求中的一个过滤位（TCPF_BOUND_INACTIVE，较新的内核才有），《详解》（见第 3 节）。"
      for line in TextWrap.wrap(text, columns: columns) {
        XCTAssertFalse(line.hasSuffix("（") || line.hasSuffix("《"), "\(columns): \(line)")
        XCTAssertFalse(line.hasPrefix("》") || line.hasPrefix("）"), "\(columns): \(line)")
      }
      // Nothing is lost but the spaces where lines break.
      XCTAssertEqual(
        TextWrap.wrap(text, columns: columns).joined().filter { $0 != " " },
        text.filter { $0 != " " })
    }
  }

  func testChineseWrapsBetweenCharacters() {
    let lines = TextWrap.wrap(String(repeating: "中文字符，", count: 30), columns: 40)
    XCTAssertGreaterThan(lines.count, 3)
    for line in lines {
      XCTAssertLessThanOrEqual(TextWrap.width(line), 40)
      XCTAssertFalse(line.hasPrefix("，"))
    }
  }
}
