import Foundation
import Glibc
import TestSupport
import XCTest

/// SIGINT, SIGTERM, SIGHUP and a closed pipe in the middle of a large `list`.
/// list holds no kernel state beyond its netlink socket, which the kernel
/// closes with the process: a signal ends it at once by the default action
/// (so the shell sees 130/143/129), a closed pipe ends it quietly with 0.
final class ListSignalTests: XCTestCase {
  var listener: Int32 = -1
  var port: UInt16 = 0
  static let connections = 1500

  /// 1,500 TIME_WAIT sockets towards our own listener: no fds held, >64 KiB of rows.
  override func setUpWithError() throws {
    (listener, port) = LoopbackTCP.listener(backlog: 64)
    for _ in 0..<Self.connections {
      let client = LoopbackTCP.connect(port: port)
      guard client >= 0 else { continue }
      let server = accept(listener, nil, nil)
      close(client)  // the client closes first: its side goes to TIME_WAIT
      if server >= 0 { close(server) }
    }
    usleep(200_000)
  }

  override func tearDown() { close(listener) }

  /// Starts `list` with stdout on a pipe nobody reads: it blocks once the pipe is full.
  func blockedList(_ extra: [String]) throws -> (Process, Pipe, URL) {
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = ["list", "--state", "time-wait", "--dport", "\(port)", "--timers"] + extra
    let out = Pipe()
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("list-signal-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    process.standardOutput = out
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    return (process, out, errURL)
  }

  func testSignalsEndABlockedListAtOnce() throws {
    for (signal, json) in [(SIGINT, false), (SIGTERM, true), (SIGHUP, false), (SIGTERM, false)] {
      let (process, out, errURL) = try blockedList(json ? ["--json"] : [])
      defer { try? FileManager.default.removeItem(at: errURL) }
      usleep(400_000)
      XCTAssertTrue(process.isRunning, "list should be blocked on the full pipe")
      kill(process.processIdentifier, signal)
      let deadline = Date().addingTimeInterval(5)
      while process.isRunning && Date() < deadline { usleep(20_000) }
      XCTAssertFalse(process.isRunning, "signal \(signal) did not end list")
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      XCTAssertEqual(process.terminationReason, .uncaughtSignal, "signal \(signal)")
      XCTAssertEqual(process.terminationStatus, signal)
      let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
      XCTAssertFalse(stderr.contains("Fatal error"), stderr)
      try out.fileHandleForReading.close()
    }
  }

  func testClosedPipeMidListExitsZeroQuietly() throws {
    for format in ["", "--json", "--info"] {
      let result = try CLI.run(
        [],
        shell:
          "{ \"$TCPSTATE\" list --state time-wait --dport \(port) --timers \(format); echo \"status=$?\" >&2; } | head -c 200 >/dev/null"
      )
      XCTAssertTrue(result.stderr.hasSuffix("status=0\n"), "\(format): \(result.stderr)")
      XCTAssertEqual(result.stderr, "status=0\n", "\(format): nothing else on stderr")
    }
  }

  func testTheListIsReallyLarge() throws {
    let result = try CLI.run(["list", "--state", "time-wait", "--dport", "\(port)", "-H"])
    XCTAssertGreaterThan(result.stdout.utf8.count, 64 * 1024, "must exceed a pipe buffer")
  }
}
