import Foundation
import Glibc
import TestSupport
import XCTest

/// A real terminal for a full-screen program: a detached tmux session on a
/// private server socket, driven by send-keys and read with capture-pane.
final class TmuxTerminal {
  let tmux: String
  let server = "tcpstate-top-\(getpid())-\(UUID().uuidString.prefix(8))"

  /// Starts a clean bash (no rc files, TERM=xterm) in a `width` x `height` window.
  init(width: Int = 160, height: Int = 45, environment: [String] = []) throws {
    guard let tmux = Repo.tool("tmux") else { throw XCTSkip("tmux is not installed (make deps-check)") }
    self.tmux = tmux
    let shell =
      (["env", "-i", "HOME=/tmp", "TERM=xterm", "PATH=/usr/bin:/bin"] + environment + [
        "bash", "--norc", "--noprofile",
      ]).joined(separator: " ")
    // Spawned and reaped here, not through Foundation's Process: the server
    // would inherit and hold open Process's exit-watch descriptors.
    let status = try Repo.spawnAndWait(
      tmux,
      [
        "-L", server, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-c",
        Repo.root.path, shell,
      ])
    XCTAssertEqual(status, 0, "tmux new-session")
    try run(["set-option", "-g", "window-size", "manual"])
    try send("PS1='$ '", "Enter")
  }

  deinit { _ = try? run(["kill-server"]) }

  @discardableResult
  func run(_ arguments: [String]) throws -> CLIResult { try Repo.run(tmux, ["-L", server] + arguments) }

  /// tmux key names (`Enter`, `Escape`, `C-c`) or literal text.
  func send(_ keys: String...) throws { try run(["send-keys"] + keys) }

  /// Literal text, never read as key names.
  func type(_ text: String) throws { try run(["send-keys", "-l", text]) }

  func capture(escapes: Bool = false) throws -> String {
    try run(["capture-pane", "-p"] + (escapes ? ["-e"] : [])).stdout
  }

  func resize(width: Int, height: Int) throws {
    try run(["resize-window", "-x", "\(width)", "-y", "\(height)"])
  }

  /// Captures until `done` holds (every 100 ms, up to `timeout` s); returns the last screen either way.
  @discardableResult
  func wait(timeout: Double = 8, escapes: Bool = false, until done: (String) -> Bool) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = try capture(escapes: escapes)
    while !done(screen) && Date() < deadline {
      usleep(100_000)
      screen = try capture(escapes: escapes)
    }
    return screen
  }
}

/// Loopback connections the tests make for `top` to show: a listener with a
/// backlog of 8; `busy`, whose client writes all the time and whose server
/// side reads; `idle`, accepted and quiet; and one left in the accept queue.
final class LoopbackFlows {
  let listener: Int32
  let port: UInt16
  let busyClient: Int32
  let busyServer: Int32
  let idleClient: Int32
  let idleServer: Int32
  let queued: Int32
  private let stop = StopFlag()
  private let pumps = DispatchGroup()

  final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    var isSet: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
  }

  init() throws {
    (listener, port) = LoopbackTCP.listener(backlog: 8)
    guard listener >= 0 else { throw XCTSkip("no loopback listener") }
    busyClient = LoopbackTCP.connect(port: port)
    busyServer = accept(listener, nil, nil)
    idleClient = LoopbackTCP.connect(port: port)
    idleServer = accept(listener, nil, nil)
    queued = LoopbackTCP.connect(port: port)
    XCTAssertTrue([busyClient, busyServer, idleClient, idleServer, queued].allSatisfy { $0 >= 0 })
    let (writer, reader, stop) = (busyClient, busyServer, self.stop)
    DispatchQueue.global().async(group: pumps) {
      let chunk = [UInt8](repeating: 0x61, count: 16384)
      while !stop.isSet {
        // Non-blocking, so a full send buffer can never keep this thread from seeing `stop`.
        let sent = chunk.withUnsafeBytes { send(writer, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        if sent < 0 && errno != EAGAIN && errno != EINTR { break }
        usleep(2000)
      }
    }
    DispatchQueue.global().async(group: pumps) {
      var buffer = [UInt8](repeating: 0, count: 65536)
      var poller = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
      while !stop.isSet {
        guard poll(&poller, 1, 100) > 0 else { continue }
        if buffer.withUnsafeMutableBytes({ recv(reader, $0.baseAddress, $0.count, 0) }) <= 0 { break }
      }
    }
  }

  /// The local port of a connected descriptor.
  static func localPort(_ fd: Int32) -> UInt16 {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return UInt16(bigEndian: address.sin_port)
  }

  var busyClientPort: UInt16 { Self.localPort(busyClient) }

  func close() {
    stop.set()
    pumps.wait()
    for fd in [busyClient, busyServer, idleClient, idleServer, queued, listener] where fd >= 0 { Glibc.close(fd) }
  }
}
