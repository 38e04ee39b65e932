import Foundation
import XCTest

/// Output that could not be written is an error (74, one line on stderr) in
/// every subcommand; a reader that went away (`| head`) is not: exit 0, quiet.
final class WriteErrorTests: XCTestCase {
  /// One invocation per subcommand (and per output path: table, JSON,
  /// summary), each of which writes something on this host.
  static let invocations: [[String]] = [
    ["list"], ["list", "--json", "--info"], ["list", "-s"], ["list", "-s", "--json"], ["list", "-p"],
    ["explain"], ["explain", "TIME_WAIT"], ["explain", "--json", "TIME_WAIT"],
    ["tunables"], ["tunables", "--json"],
    ["diagram"], ["diagram", "--format", "dot"],
    ["doctor", "--interval", "0"], ["doctor", "--interval", "0", "--json"],
    // The header is written once the source is armed, with or without events.
    ["watch", "--source", "poll", "--duration", "0.3"],
  ]

  func testFullDiskIsAnIOError() throws {
    for arguments in Self.invocations {
      let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
      let result = try run(arguments, stdout: full)
      XCTAssertEqual(result.status, 74, "\(arguments): \(result.stderr)")
      XCTAssertTrue(
        result.stderr.contains("tcpstate: write error: No space left on device"), "\(arguments): \(result.stderr)")
    }
  }

  func testClosedPipeIsQuiet() throws {
    for arguments in Self.invocations {
      let pipe = Pipe()
      // Closed before the child starts: its first write gets EPIPE, every time.
      try pipe.fileHandleForReading.close()
      let result = try run(arguments, stdout: pipe.fileHandleForWriting)
      XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
      XCTAssertFalse(result.stderr.contains("write error"), "\(arguments): \(result.stderr)")
      XCTAssertFalse(result.stderr.contains("Broken pipe"), "\(arguments): \(result.stderr)")
    }
  }

  /// A closed stdout (`>&-`) is EBADF: an I/O error too, not silence.
  func testClosedStdoutIsAnIOError() throws {
    let result = try CLI.run([], shell: "\"$TCPSTATE\" explain TIME_WAIT >&-")
    XCTAssertEqual(result.status, 74, result.stderr)
    XCTAssertTrue(result.stderr.contains("tcpstate: write error: Bad file descriptor"), result.stderr)
  }

  /// Runs the binary with `stdout` as its standard output; stderr is captured.
  func run(_ arguments: [String], stdout: FileHandle) throws -> CLIResult {
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = arguments
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errPath) }
    let errHandle = try FileHandle(forWritingTo: errPath)
    process.standardOutput = stdout
    process.standardError = errHandle
    try process.run()
    try stdout.close()
    process.waitUntilExit()
    try errHandle.close()
    let errData = (try? Data(contentsOf: errPath)) ?? Data()
    return CLIResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: errData, as: UTF8.self))
  }
}
