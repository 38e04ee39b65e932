import Foundation
import Glibc
import TCPStateKernel
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TestSupport
import XCTest

/// perf delivery starved by a BPF program on the tracepoint, with the move
/// to a tracefs instance switched off: the session falls back to polling,
/// says it will return, and returns to perf once the program is gone.
final class WatchStarvationTests: XCTestCase {
  var sockets = LoopbackSockets()

  override func tearDown() { sockets.closeAll() }

  /// One short connection on the listener, closed client first.
  func connection(_ listener: Int32, port: UInt16) throws {
    let client = try sockets.connect(port: port)
    let server = try sockets.accept(listener)
    sockets.forget(client)
    close(client)
    sockets.forget(server)
    close(server)
  }

  func testStarvedPerfFallsBackToPollingAndReturns() throws {
    guard geteuid() == 0 else { throw XCTSkip("the tracepoint needs root") }
    let starver = Process()
    starver.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Tools/bpf_starve.py")
    starver.arguments = ["python3", script.path]
    let output = Pipe()
    starver.standardOutput = output
    try starver.run()
    defer { if starver.isRunning { starver.terminate() } }
    let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    guard line.hasPrefix("attached") else { throw XCTSkip("cannot attach a BPF program here: \(line)") }

    let (listener, port) = try sockets.listener(backlog: 64)
    var options = WatchSession.Options()
    options.source = .perf
    options.perfFallsBackToTracefs = false
    options.summaries = false
    options.pollIntervalMs = 50
    options.filter = SocketFilter(clauses: [[.port(.source, port...port), .port(.destination, port...port)]])
    let session = WatchSession(options: options)
    let lock = NSLock()
    var changes: [SourceChange] = []
    session.onSourceChange = { change in
      lock.lock()
      changes.append(change)
      lock.unlock()
    }
    let ready = DispatchSemaphore(value: 0)
    session.onReady = { _ in ready.signal() }
    let thread = Thread { try? session.run() }
    thread.start()
    XCTAssertEqual(ready.wait(timeout: .now() + 10), .success)
    func seen() -> [SourceChange] {
      lock.lock()
      defer { lock.unlock() }
      return changes
    }
    func churn(until done: () -> Bool, seconds: Double) throws {
      let deadline = Date().addingTimeInterval(seconds)
      while !done() && Date() < deadline {
        try connection(listener, port: port)
        usleep(5_000)
      }
    }
    try churn(until: { !seen().isEmpty }, seconds: 8)
    XCTAssertEqual(seen().first?.kind, .fallback, "\(seen())")
    XCTAssertEqual(seen().first?.willReturn, true)
    starver.terminate()
    starver.waitUntilExit()
    try churn(until: { seen().count >= 2 }, seconds: 5)
    session.stop()
    while !thread.isFinished { usleep(10_000) }
    XCTAssertEqual(seen().map(\.kind), [.fallback, .returned])
    XCTAssertEqual(seen().last?.to, "perf")
  }
}
