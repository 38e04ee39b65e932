import TCPStateModel
import XCTest

@testable import TCPStateKit
@testable import TCPStateKnowledge

final class NameResolutionTests: XCTestCase {
  func state(_ word: String) -> TCPState? {
    if case .entry(let entry)? = KnowledgeBase.resolve(word) { return entry.state }
    return nil
  }

  func testEverySpellingFromIssue3Resolves() {
    let spellings: [(String, TCPState)] = [
      ("TIME_WAIT", .timeWait), ("TIME-WAIT", .timeWait), ("time_wait", .timeWait),
      ("timewait", .timeWait),
      ("TIMED_WAIT", .timeWait), ("SYN_RCVD", .synRecv), ("SYN-RECEIVED", .synRecv),
      ("SYN_RECV", .synRecv),
      ("SYN_SEND", .synSent), ("FIN_WAIT_1", .finWait1), ("FIN-WAIT-1", .finWait1),
      ("ESTAB", .established),
      ("LAST-ACK", .lastAck), ("established", .established), ("Listen", .listen),
      ("CLOSE_WAIT", .closeWait),
      ("closing", .closing), ("FIN_WAIT2", .finWait2), ("fin-wait-2", .finWait2),
      ("CLOSED", .close),
      ("CLOSE", .close), ("UNCONN", .close), ("NEW_SYN_RECV", .newSynRecv), ("SYN-SENT", .synSent),
      ("BOUND_INACTIVE", .boundInactive),
    ]
    for (word, expected) in spellings {
      XCTAssertEqual(state(word), expected, word)
    }
  }

  func testLowerCaseTopicNamesWinOverStates() {
    XCTAssertEqual(KnowledgeBase.resolve("close")?.id, "close")
    XCTAssertEqual(KnowledgeBase.resolve("time-wait")?.id, "time-wait")
    XCTAssertEqual(KnowledgeBase.resolve("CLOSE")?.id, "CLOSE")
    XCTAssertEqual(KnowledgeBase.resolve("closed")?.id, "CLOSE")
  }

  func testTunableSpellings() {
    for word in [
      "tcp_fin_timeout", "net.ipv4.tcp_fin_timeout", "net/ipv4/tcp_fin_timeout",
      "/proc/sys/net/ipv4/tcp_fin_timeout",
      "TCP_FIN_TIMEOUT",
    ] {
      XCTAssertEqual(KnowledgeBase.resolve(word)?.id, "tcp_fin_timeout", word)
    }
    XCTAssertEqual(KnowledgeBase.resolve("somaxconn")?.id, "somaxconn")
    XCTAssertEqual(KnowledgeBase.resolve("net.core.somaxconn")?.id, "somaxconn")
  }

  func testUnknownWordsGetSuggestions() {
    XCTAssertNil(KnowledgeBase.resolve("TIME_WIAT"))
    XCTAssertEqual(KnowledgeBase.suggestions(for: "TIME_WIAT").first, "TIME_WAIT")
    XCTAssertEqual(KnowledgeBase.suggestions(for: "handshak").first, "handshake")
    XCTAssertEqual(KnowledgeBase.suggestions(for: "tcp_fin_timout").first, "tcp_fin_timeout")
    XCTAssertEqual(KnowledgeBase.suggestions(for: "keepaliv").first, "keepalive")
    XCTAssertTrue(KnowledgeBase.suggestions(for: "zzzzzzzzzzzzzzzz").isEmpty)
  }

  func testLanguageResolution() throws {
    XCTAssertEqual(try Language.resolve(flag: "zh", environment: [:]), .zh)
    XCTAssertEqual(try Language.resolve(flag: "en", environment: ["LANG": "zh_CN.UTF-8"]), .en)
    XCTAssertEqual(try Language.resolve(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]), .zh)
    XCTAssertEqual(
      try Language.resolve(flag: nil, environment: ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]), .en)
    XCTAssertEqual(
      try Language.resolve(
        flag: nil, environment: ["LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US"]), .zh)
    XCTAssertEqual(
      try Language.resolve(flag: nil, environment: ["LC_ALL": "", "LANG": "zh_CN"]), .zh)
    XCTAssertEqual(try Language.resolve(flag: nil, environment: [:]), .en)
    XCTAssertThrowsError(try Language.resolve(flag: "fr", environment: [:]))
  }
}
