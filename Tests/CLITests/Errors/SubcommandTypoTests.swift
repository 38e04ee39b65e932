import XCTest

/// A mistyped subcommand is named as such, with a suggestion, not handed to list.
final class SubcommandTypoTests: XCTestCase {
  func testMistypedSubcommandsGetASuggestion() throws {
    for (word, suggestion) in [("lsit", "did you mean list?"), ("doktor", "did you mean doctor?"), ("wacth", "watch")] {
      let result = try CLI.run([word])
      XCTAssertEqual(result.status, 64, word)
      XCTAssertTrue(result.stderr.hasPrefix("tcpstate: unknown subcommand '\(word)'"), result.stderr)
      XCTAssertTrue(result.stderr.contains(suggestion), result.stderr)
      XCTAssertEqual(result.stdout, "")
    }
    let nothingClose = try CLI.run(["zzzzzz"])
    XCTAssertTrue(nothingClose.stderr.contains("subcommands: list, watch"), nothingClose.stderr)
    // Options still reach the default subcommand, and real subcommands still run.
    XCTAssertEqual(try CLI.run(["-s"]).status, 0)
    XCTAssertEqual(try CLI.run(["explain", "TIME_WAIT"]).status, 0)
  }
}
