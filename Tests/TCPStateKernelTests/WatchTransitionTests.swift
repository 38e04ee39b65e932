import Foundation
import Glibc
import TCPStateKernel
import TCPStateKit
import TCPStateModel
import TestSupport
import XCTest

/// Real connections on loopback, watched through the real tracepoint: the
/// exact sequence of transitions per socket, TIME_WAIT hand-over included.
final class WatchTransitionTests: XCTestCase {
  var sockets = LoopbackSockets()
  /// A loopback address of this test's own, so other traffic never matches.
  var address: UInt32 = 0
  var addressText = ""

  override func setUpWithError() throws {
    guard geteuid() == 0 else { throw XCTSkip("the tracepoint needs root; the polling fallback is tested in CLITests") }
    address = 0x7f2a_0000 | UInt32.random(in: 1...0xfffe)
    addressText = "127.42.\(address >> 8 & 0xff).\(address & 0xff)"
    sockets.ipv4Address = address
  }

  override func tearDown() { sockets.closeAll() }

  /// Runs `scenario` while a session watches this test's address; returns events per socket.
  func watch(source: WatchSession.SourcePreference = .tracefs, expecting count: Int, _ scenario: () throws -> Void)
    throws -> [[TransitionEvent]]
  {
    var options = WatchSession.Options()
    options.source = source
    options.summaries = false
    let network = IPAddress(addressText)!
    options.filter = SocketFilter(clauses: [
      [.address(.source, network, prefix: 32), .address(.destination, network, prefix: 32)]
    ])
    let session = WatchSession(options: options)
    let lock = NSLock()
    var events: [TransitionEvent] = []
    let ready = DispatchSemaphore(value: 0)
    let failure = FailureBox()
    session.onReady = { _ in ready.signal() }
    session.onTransition = { event in
      lock.lock()
      events.append(event)
      lock.unlock()
    }
    let thread = Thread {
      do { try session.run() } catch { failure.set(error) }
      ready.signal()
    }
    thread.start()
    XCTAssertEqual(ready.wait(timeout: .now() + 10), .success, "the source never armed")
    if let error = failure.get() { throw error }
    try scenario()
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline {
      lock.lock()
      let seen = events.count
      lock.unlock()
      if seen >= count { break }
      usleep(20_000)
    }
    usleep(100_000)  // anything beyond the expected count would show up now
    session.stop()
    while !thread.isFinished { usleep(10_000) }
    lock.lock()
    defer { lock.unlock() }
    var order: [UInt64] = []
    var bySocket: [UInt64: [TransitionEvent]] = [:]
    for event in events {
      if bySocket[event.socketID] == nil { order.append(event.socketID) }
      bySocket[event.socketID, default: []].append(event)
    }
    return order.map { bySocket[$0] ?? [] }
  }

  func hasCloseWait() -> Bool {
    let network = IPAddress(addressText)!
    var found = false
    _ = try? SockDiagDumper().dump(
      filter: SocketFilter(states: StateSet(.closeWait), clauses: [[.address(.source, network, prefix: 32)]])
    ) { _ in
      found = true
      return false
    }
    return found
  }

  func names(_ events: [TransitionEvent]) -> [String] {
    events.map { "\($0.oldState?.name ?? "-")>\($0.newState.name)" }
  }

  func testClientClosesFirst() throws {
    var clientPort: UInt16 = 0
    let perSocket = try watch(expecting: 12) {
      let (listener, _) = try sockets.listener()
      let client = try sockets.connect(port: sockets.localPort(listener))
      clientPort = sockets.localPort(client)
      let server = try sockets.accept(listener)
      sockets.forget(client)
      close(client)
      _ = eventually { hasCloseWait() }
      sockets.forget(server)
      close(server)
      usleep(50_000)
      sockets.closeAll()
    }
    let sequences = Set(perSocket.map { names($0).joined(separator: " ") })
    XCTAssertEqual(
      sequences,
      [
        "CLOSE>LISTEN LISTEN>CLOSE",
        "CLOSE>SYN_SENT SYN_SENT>ESTABLISHED ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>TIME_WAIT",
        "LISTEN>SYN_RECV SYN_RECV>ESTABLISHED ESTABLISHED>CLOSE_WAIT CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE",
      ])
    let client = try XCTUnwrap(perSocket.first { $0.first?.newState == .synSent })
    let handOver = try XCTUnwrap(client.last)
    XCTAssertEqual(handOver.kernelNewState, .close, "the kernel said CLOSE; tcpstate shows TIME_WAIT")
    // The client closed while the server still had its end open: an orphan in
    // FIN_WAIT2 moves into a time-wait socket at once, in sub-state FIN_WAIT2,
    // which becomes TIME_WAIT when the server's FIN arrives.
    // Which sub-state the lookup finds depends on whether the server's FIN has arrived by then.
    XCTAssertTrue([TCPState.finWait2, .timeWait].contains(handOver.timeWaitSubstate ?? .close))
    XCTAssertEqual(handOver.local.port, clientPort)
    XCTAssertEqual(client.first?.pid, getpid(), "connect() is made by this process")
    XCTAssertNotNil(client[1].durationNs, "time in SYN_SENT is known")
  }

  func testServerClosesFirst() throws {
    let perSocket = try watch(expecting: 12) {
      let (listener, port) = try sockets.listener()
      let client = try sockets.connect(port: port)
      let server = try sockets.accept(listener)
      sockets.forget(server)
      close(server)
      _ = eventually { hasCloseWait() }
      sockets.forget(client)
      close(client)
      usleep(50_000)
      sockets.closeAll()
    }
    let sequences = Set(perSocket.map { names($0).joined(separator: " ") })
    XCTAssertTrue(
      sequences.contains(
        "LISTEN>SYN_RECV SYN_RECV>ESTABLISHED ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>TIME_WAIT"),
      "\(sequences)")
    XCTAssertTrue(
      sequences.contains(
        "CLOSE>SYN_SENT SYN_SENT>ESTABLISHED ESTABLISHED>CLOSE_WAIT CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE"),
      "\(sequences)")
  }

  func testResetClosesBothEnds() throws {
    let perSocket = try watch(expecting: 8) {
      let (listener, port) = try sockets.listener()
      let client = try sockets.connect(port: port)
      _ = try sockets.accept(listener)
      var linger = linger(l_onoff: 1, l_linger: 0)
      setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
      sockets.forget(client)
      close(client)  // abortive close: RST
      usleep(50_000)
      sockets.closeAll()
    }
    let sequences = Set(perSocket.map { names($0).joined(separator: " ") })
    XCTAssertTrue(sequences.contains("CLOSE>SYN_SENT SYN_SENT>ESTABLISHED ESTABLISHED>CLOSE"), "\(sequences)")
    XCTAssertTrue(sequences.contains("LISTEN>SYN_RECV SYN_RECV>ESTABLISHED ESTABLISHED>CLOSE"), "\(sequences)")
    let reset = perSocket.flatMap { $0 }.filter { $0.newState == .close && $0.oldState == .established }
    XCTAssertTrue(reset.allSatisfy { $0.kernelNewState == nil }, "a reset is a real close, not TIME_WAIT")
  }

  func testRefusedConnect() throws {
    let perSocket = try watch(expecting: 2) {
      // Nothing listens on this port of the test's address.
      _ = try? sockets.connect(port: 9)
      usleep(50_000)
    }
    XCTAssertEqual(perSocket.map(names), [["CLOSE>SYN_SENT", "SYN_SENT>CLOSE"]])
  }

  func testPerfSourceSeesTheSameHandshake() throws {
    let perSocket = try watch(source: .perf, expecting: 5) {
      let (listener, port) = try sockets.listener()
      _ = try sockets.connect(port: port)
      _ = try sockets.accept(listener)
      usleep(50_000)
    }
    let all = perSocket.flatMap(names)
    for step in ["CLOSE>LISTEN", "CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED", "LISTEN>SYN_RECV", "SYN_RECV>ESTABLISHED"] {
      XCTAssertTrue(all.contains(step), "\(step) in \(all)")
    }
  }
}

/// An error handed from the session's thread to the test's.
final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private var error: Error?
  func set(_ error: Error) {
    lock.lock()
    self.error = error
    lock.unlock()
  }
  func get() -> Error? {
    lock.lock()
    defer { lock.unlock() }
    return error
  }
}
