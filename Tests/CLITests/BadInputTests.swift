import XCTest

/// Wrong invocations: each exits with the documented code and a one-line reason, never a trap.
final class BadInputTests: XCTestCase {
  func testTableOfWrongInvocations() throws {
    let cases: [(arguments: [String], status: Int32, mentions: String)] = [
      (["list", "--state", "TIME_WIAT"], 64, "did you mean TIME_WAIT"),
      (["list", "--state", "estab,bogus"], 64, "unknown TCP state 'bogus'"),
      (["list", "--state", ""], 64, "unknown TCP state ''"),
      (["list", "--port", "70000"], 64, "out of range"),
      (["list", "--port", "99999999999999999999999"], 64, "out of range"),
      (["list", "--sport", "9000-80"], 64, "above its end"),
      (["list", "--dport", "http"], 64, "not a port number"),
      (["list", "--dst", "10.0.0.0/40"], 64, "0-32"),
      (["list", "--src", "not-an-ip"], 64, "not an IPv4 or IPv6 address"),
      (["list", "--src", ""], 64, "not an IPv4 or IPv6 address"),
      (["list", "-4", "-6"], 64, "-4 and -6"),
      (["list", "--listening", "--state", "established"], 64, "conflict"),
      (["list", "--summary", "--info"], 64, "--summary"),
      (["list", "--color", "purple"], 64, "purple"),
      (["list", "--no-such-flag"], 64, "no-such-flag"),
      (["frobnicate"], 64, "frobnicate"),
      (["list", "--port", "\u{FF}\u{FE}"], 64, "not a port number"),
    ]
    for entry in cases {
      let result = try CLI.run(entry.arguments)
      XCTAssertEqual(result.status, entry.status, "\(entry.arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(entry.mentions), "\(entry.arguments): \(result.stderr)")
      XCTAssertFalse(result.stderr.contains("Fatal error"), "\(entry.arguments) trapped")
      XCTAssertEqual(result.stdout, "", "\(entry.arguments) printed to stdout")
    }
  }
}
