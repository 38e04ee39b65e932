import Foundation
import XCTest

/// man/ and completions/ are generated (`make docs`); these tests regenerate
/// them into a temporary directory with the same script and fail when the
/// committed files no longer match the command definitions.
///
/// The man page comes from swift-argument-parser's own generate-manual tool,
/// run directly on the built binary (it only reads `--experimental-dump-help`,
/// about 50 ms), rather than from a renderer of our own: one generator, so the
/// test and `make docs` cannot disagree, and no second renderer to maintain.
/// `make test` builds the tool first (`make docs-tool`).
final class DocsSyncTests: XCTestCase {
  static let shipped = [
    "man/tcpstate.1", "completions/tcpstate.bash", "completions/_tcpstate", "completions/tcpstate.fish",
  ]

  func testManPageAndCompletionsMatchTheCommandDefinitions() throws {
    let tool = try XCTUnwrap(
      Repo.manualGenerator,
      "swift-argument-parser's generate-manual tool is not built: run `make docs-tool` (make test does)")
    let out = try Repo.temporaryDirectory(self)
    let result = try Repo.run("/bin/sh", [Repo.path("scripts/gen-docs.sh"), CLI.binary.path, tool, out.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    for file in Self.shipped {
      let fresh = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
      let committed = (try? String(contentsOfFile: Repo.path(file), encoding: .utf8)) ?? ""
      guard fresh != committed else { continue }
      XCTFail(
        "\(file) does not match the command definitions: run `make docs` and commit the result. "
          + Self.firstDifference(committed, fresh))
    }
  }

  func testManPageRendersWithoutWarningsAndHasItsSections() throws {
    let page = try String(contentsOfFile: Repo.path("man/tcpstate.1"), encoding: .utf8)
    for section in [
      "NAME", "SYNOPSIS", "DESCRIPTION", "JSON OUTPUT", "PRIVILEGES", "ENVIRONMENT", "FILES", "EXIT STATUS",
      "EXAMPLES", "SEE ALSO",
    ] {
      XCTAssertTrue(page.contains("\n.Sh \(section)\n"), "man page lacks section \(section)")
    }
    for subcommand in ["list", "watch", "explain", "tunables", "diagram", "doctor"] {
      XCTAssertTrue(page.contains("\n.It Em \(subcommand)\n"), "man page lacks \(subcommand)")
    }
    for reference in [".Xr ss 8", ".Xr tcp 7", ".Xr netstat 8"] { XCTAssertTrue(page.contains(reference)) }
    guard let groff = Repo.tool("groff") else { throw XCTSkip("groff is not installed (make deps-check)") }
    let result = try Repo.run(groff, ["-man", "-Tutf8", "-ww", "-z", Repo.path("man/tcpstate.1")])
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.stderr, "", "groff warns about man/tcpstate.1")
  }

  /// Every key the JSON writers can emit is documented in the man page's JSON
  /// OUTPUT section. The writers are read as source so that keys only seen on
  /// rare sockets (interface, unknown_attributes) are covered too.
  func testEveryJSONKeyIsDocumented() throws {
    let page = try String(contentsOfFile: Repo.path("man/tcpstate.1"), encoding: .utf8)
    let documented = Set(
      page.split(separator: "\n").filter { $0.hasPrefix(".Sy ") || $0.hasPrefix(".It Sy ") }
        .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "," }) }.map(String.init))
    let writers = [
      "Sources/TCPStateKit/Rendering/SocketJSON.swift", "Sources/TCPStateKit/Rendering/TCPInfoJSON.swift",
      "Sources/TCPStateWatch/TransitionJSON.swift", "Sources/TCPStateWatch/TCPEventJSON.swift",
      "Sources/TCPStateKit/Kill/KillReport.swift", "Sources/TCPStateExplain/Diagram/DiagramJSON.swift",
    ]
    // json.key("name"), json.field("name", value) and the ("name", getter) tables; not json.string("value").
    let pattern = try NSRegularExpression(pattern: #"key\("([a-z][a-z0-9_]*)"\)|\("([a-z][a-z0-9_]*)", "#)
    var keys = Set<String>()
    for writer in writers {
      let source = try String(contentsOfFile: Repo.path(writer), encoding: .utf8)
      for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
        for group in 1...2 {
          if let range = Range(match.range(at: group), in: source) { keys.insert(String(source[range])) }
        }
      }
    }
    XCTAssertGreaterThan(keys.count, 60, "the key scan found too little: \(keys.sorted())")
    let missing = keys.subtracting(documented).sorted()
    XCTAssertEqual(missing, [], "document these JSON keys in scripts/man/sections.mdoc, then run `make docs`")
  }

  static func firstDifference(_ old: String, _ new: String) -> String {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false)
    let b = new.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(a.count, b.count) {
      let left = index < a.count ? String(a[index]) : "<end of file>"
      let right = index < b.count ? String(b[index]) : "<end of file>"
      if left != right { return "First difference at line \(index + 1):\n  committed: \(left)\n  generated: \(right)" }
    }
    return ""
  }
}
