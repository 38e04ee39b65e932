import Foundation
import XCTest

/// A process may name itself anything (prctl PR_SET_NAME): `list -p` must
/// show the name escaped, on its own row, without a raw control character.
final class HostileProcessNameTests: XCTestCase {
  func testControlCharactersInACommAreEscapedInListP() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
      throw XCTSkip("no python3 to rename a process")
    }
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    child.arguments = [
      "-c",
      """
      import ctypes, socket, sys, time
      ctypes.CDLL(None).prctl(15, b"a b\\nc\\x1b[31mX", 0, 0, 0)
      s = socket.socket()
      s.bind(("127.0.0.1", 0))
      s.listen()
      print(s.getsockname()[1], flush=True)
      sys.stdin.read()
      """,
    ]
    let output = Pipe()
    let input = Pipe()
    child.standardOutput = output
    child.standardInput = input
    try child.run()
    defer {
      try? input.fileHandleForWriting.close()
      child.waitUntilExit()
    }
    var line = Data()
    while !line.contains(10) {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      if byte.isEmpty { break }
      line += byte
    }
    let port = try XCTUnwrap(
      UInt16(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    let result = try CLI.run(["list", "-p", "--listening", "--sport", "\(port)", "--color", "never"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertFalse(result.stdout.contains("\u{1b}"), result.stdout)
    let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    XCTAssertEqual(rows.count, 2, "header and one row: \(result.stdout)")
    XCTAssertTrue(
      result.stdout.contains(#"users:(("a b\nc\x1b[31mX",pid=\#(child.processIdentifier),"#),
      result.stdout)
    // JSON keeps the name itself, escaped the JSON way.
    let json = try CLI.run(["list", "-p", "--listening", "--sport", "\(port)", "--json"])
    XCTAssertTrue(json.stdout.contains(#"a b\nc\u001b[31mX"#), json.stdout)
  }

  /// An argument with control characters is quoted back escaped in the error.
  func testControlCharactersInArgumentsAreEscapedInErrors() throws {
    let result = try CLI.run(["explain", "TIME\u{1b}[2J\nWAIT"])
    XCTAssertEqual(result.status, 64, result.stderr)
    XCTAssertFalse(result.stderr.contains("\u{1b}"), result.stderr)
    XCTAssertTrue(result.stderr.contains(#"'TIME\x1b[2J\nWAIT'"#), result.stderr)
  }
}
