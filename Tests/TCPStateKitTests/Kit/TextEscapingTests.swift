import XCTest

@testable import TCPStateDoctor
@testable import TCPStateKit
@testable import TCPStateModel
@testable import TCPStateWatch

final class TextEscapingTests: XCTestCase {
  func testControlCharactersAreEscapedAndReadBackUnambiguously() {
    XCTAssertEqual(TextEscaping.escape("nginx"), "nginx")
    XCTAssertEqual(TextEscaping.escape("a b\nc\u{1b}[31mX"), #"a b\nc\x1b[31mX"#)
    XCTAssertEqual(TextEscaping.escape("\u{0}\u{7}\t\r\u{7f}"), #"\x00\a\t\r\x7f"#)
    XCTAssertEqual(TextEscaping.escape(#"a\x1b"#), #"a\\x1b"#, "a literal backslash is doubled")
    XCTAssertEqual(TextEscaping.escape("\u{9b}2J"), #"\u{009b}2J"#, "C1 CSI")
    XCTAssertEqual(TextEscaping.escape("abc\u{202e}txt.exe"), #"abc\u{202e}txt.exe"#, "bidi override")
    XCTAssertEqual(TextEscaping.escape("时间等待 café"), "时间等待 café", "printable Unicode stays")
    XCTAssertFalse(TextEscaping.needsEscaping("tcpstate"))
    XCTAssertTrue(TextEscaping.needsEscaping("x\ny"))
  }

  func testTruncateCutsWithAnEllipsis() {
    XCTAssertEqual(TextEscaping.truncate("abcdef", to: 6), "abcdef")
    XCTAssertEqual(TextEscaping.truncate("abcdefg", to: 6), "abcde…")
    XCTAssertEqual(TextEscaping.truncate(String(repeating: "x", count: 1_000_000), to: 40).count, 40)
    XCTAssertEqual(TextEscaping.truncate("", to: 3), "")
  }

  /// A watch line with a hostile comm stays one line.
  func testTransitionTextEscapesTheCommand() {
    let endpoint = Endpoint(address: .anyV4, port: 80)
    var event = TransitionEvent(
      timestampNs: 0, family: .inet, local: endpoint, peer: endpoint, oldState: .synSent,
      newState: .established, socketID: 1, source: .tracepoint)
    event.pid = 7
    event.command = "a b\nc\u{1b}[31mX"
    var out: [UInt8] = []
    var renderer = TransitionText(style: .plain)
    renderer.append(event, to: &out)
    let text = String(decoding: out, as: UTF8.self)
    XCTAssertEqual(text.filter { $0 == "\n" }.count, 1, text)
    XCTAssertTrue(text.contains(#"a b\nc\x1b[31mX[7]"#), text)
  }

  /// Doctor notes: escaped, and at most `noteLimit` of them with a count of the rest.
  func testDoctorNotesAreEscapedAndCapped() {
    let problems = (0..<4000).map { "junk \($0)\u{1b}[2J" }
    let report = Doctor.diagnose(DoctorInput(summary: SocketSummary()), problems: problems)
    let text = DoctorTextRenderer.render(report, options: DoctorOptions())
    XCTAssertFalse(text.contains("\u{1b}"))
    let notes = text.split(separator: "\n").filter { $0.hasPrefix("note:") }
    XCTAssertEqual(notes.count, DoctorTextRenderer.noteLimit + 1)
    XCTAssertTrue(text.contains("… and 3990 more"), text)
    XCTAssertEqual(DoctorJSON.render(report, language: .en).components(separatedBy: "junk ").count - 1, 4000)
  }
}
