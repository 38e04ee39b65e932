import TCPStateExplain
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel
import XCTest

/// Every word shell completion offers is one the parsers accept.
final class CompletionWordsTests: XCTestCase {
  func testEveryStateWordParses() {
    for word in CompletionWords.states {
      XCTAssertNotNil(StateNames.states(named: word), word)
    }
    XCTAssertTrue(CompletionWords.states.contains("TIME_WAIT"))
    XCTAssertTrue(CompletionWords.states.contains("synchronized"))
  }

  func testEveryExplainWordResolvesToItself() {
    for word in CompletionWords.explainable {
      XCTAssertEqual(KnowledgeBase.resolve(word)?.id, word, word)
    }
    XCTAssertEqual(Set(CompletionWords.explainable).count, CompletionWords.explainable.count, "duplicates")
    for word in ["TIME_WAIT", "handshake", "tcp_fin_timeout"] {
      XCTAssertTrue(CompletionWords.explainable.contains(word), word)
    }
  }

  func testEveryLanguageResolves() throws {
    for word in CompletionWords.languages {
      XCTAssertEqual(try Language.resolve(flag: word, environment: [:]).rawValue, word)
    }
  }
}
