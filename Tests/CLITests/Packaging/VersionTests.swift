import Foundation
import XCTest

/// The VERSION file is the repository's one version: `tcpstate --version`,
/// the man page, the Debian changelog's newest entry and so the package agree with it.
final class VersionTests: XCTestCase {
  static var fileVersion: String {
    get throws {
      try String(contentsOfFile: Repo.path("VERSION"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  func testBinaryPrintsTheVersionFile() throws {
    let version = try Self.fileVersion
    XCTAssertNotNil(version.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression), version)
    let printed = try CLI.run(["--version"])
    XCTAssertEqual(printed.status, 0, printed.stderr)
    XCTAssertEqual(printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), version)
  }

  /// The page's footer (mdoc's .Os) names the version; `make docs` writes it from VERSION.
  func testManPageNamesTheVersion() throws {
    let page = try String(contentsOfFile: Repo.path("man/tcpstate.1"), encoding: .utf8)
    XCTAssertTrue(page.split(separator: "\n").contains(".Os tcpstate \(try Self.fileVersion)"), "run make docs")
  }

  /// Every release gets a changelog entry: the newest one is VERSION-N.
  func testDebianChangelogsNewestEntryIsTheVersion() throws {
    let changelog = try String(contentsOfFile: Repo.path("packaging/debian/changelog"), encoding: .utf8)
    let first = try XCTUnwrap(changelog.split(separator: "\n").first.map(String.init))
    let version = try Self.fileVersion
    XCTAssertTrue(first.hasPrefix("tcpstate (\(version)-"), "\(first) is not an entry for \(version)")
  }
}
