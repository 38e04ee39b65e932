import Foundation
import XCTest

/// Keeps the binary lean: full Foundation drags ICU and about 7 MB of
/// resident memory into every run (measured: `list` at 100k sockets went from
/// 13 MB to 20 MB), which breaks `list`'s budget of at most 2x ss's peak RSS.
/// FoundationEssentials, which swift-argument-parser uses, is fine. (Debug
/// builds link Foundation anyway, so this checks the sources, not `ldd`.)
final class FootprintTests: XCTestCase {
  func testNoSourceImportsFullFoundation() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
    let files = try XCTUnwrap(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
      .filter { $0.hasSuffix(".swift") }
    XCTAssertGreaterThan(files.count, 50)
    for file in files {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      XCTAssertFalse(
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "import Foundation" },
        "\(file) imports Foundation; use Glibc (or FoundationEssentials)")
    }
  }
}
