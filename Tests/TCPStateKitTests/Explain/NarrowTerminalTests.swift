import XCTest

@testable import TCPStateExplain
@testable import TCPStateKit
@testable import TCPStateKnowledge

/// explain on a narrow terminal: names stay whole, and an English page never
/// breaks inside a Chinese word it quotes.
final class NarrowTerminalTests: XCTestCase {
  func testUnbreakableTextStaysOnOneLineAndPrintsPlainSpaces() {
    let text = "ss: CLOSE-WAIT · " + TextWrap.unbreakable("kernel: CLOSE_WAIT (8)") + " · more words here"
    let lines = TextWrap.wrap(text, columns: 30)
    XCTAssertTrue(lines.contains { $0.contains("kernel: CLOSE_WAIT (8)") }, "\(lines)")
    XCTAssertFalse(lines.joined().contains("\u{2060}"))
    XCTAssertFalse(lines.joined().contains("\u{00A0}"))
    let chinese = TextWrap.wrap("一二三四五六七八九十 · " + TextWrap.unbreakable("内核：CLOSE_WAIT（8）"), columns: 24)
    XCTAssertTrue(chinese.contains { $0.contains("内核：CLOSE_WAIT（8）") }, "\(chinese)")
  }

  func testEnglishLinesDoNotBreakInsideAChineseWord() {
    let text = "also: synflood, syn_flood, syncookies, SYN泛洪, 泛洪"
    for columns in 20...50 {
      let english = TextWrap.wrap(text, columns: columns, breakBetweenWide: false)
      let words = english.flatMap { $0.split(separator: " ") }
      XCTAssertTrue(words.contains("SYN泛洪,") && words.contains("泛洪"), "at \(columns): \(english)")
    }
  }

  func testExplainHeaderKeepsTheKernelNameWhole() {
    for width in [40, 50, 60] {
      for language in [Language.en, .zh] {
        let page = ExplainTextRenderer(ExplainOptions(language: language, width: width, style: .plain))
          .render(KnowledgeBase.entry(for: .closeWait)!)
        let kernel = language == .en ? "kernel: CLOSE_WAIT (8)" : "内核：CLOSE_WAIT（8）"
        XCTAssertTrue(page.contains(kernel), "\(language) at \(width):\n\(page.prefix(300))")
      }
    }
  }
}
