import Foundation
import XCTest

/// Keeps the binary lean: full Foundation drags in ICU and about 7 MB of
/// resident memory into every run, which breaks `list`'s memory budget
/// (at most 2x ss's peak RSS). FoundationEssentials, which swift-argument-parser
/// uses, is fine.
final class FootprintTests: XCTestCase {
  func testBinaryDoesNotLinkFullFoundation() throws {
    let result = try CLI.run([], shell: "ldd \"$TCPSTATE\"")
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertFalse(result.stdout.contains("libFoundation.so"), "a source file imports Foundation:\n\(result.stdout)")
    XCTAssertFalse(result.stdout.contains("ICU"), result.stdout)
  }
}
