import Foundation
import Glibc
import TestSupport
import XCTest

/// Issue 18, defect 7: a FIN_WAIT2 socket handed over to a time-wait socket
/// that a reset ends at once (the peer closes with SO_LINGER 0, which kills
/// a time-wait socket still awaiting FIN, whatever tcp_rfc1337 says) is
/// still shown as the hand-over; a FIN_WAIT2 socket that a reset closes
/// itself stays `FIN_WAIT2 -> CLOSE`. The hand-over is told from the reset
/// close by the reset tracepoints, not by the sock_diag lookup the reset races.
final class WatchTimeWaitResetTests: XCTestCase {
  func lingerZeroClose(_ fd: Int32) {
    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    close(fd)
  }

  /// Reads until the peer's FIN (0) or an error.
  func readToEnd(_ fd: Int32) {
    var byte: UInt8 = 0
    while recv(fd, &byte, 1, 0) > 0 {}
  }

  func tcpState(_ fd: Int32) -> UInt8 {
    var info = [UInt8](repeating: 0, count: 256)
    var length = socklen_t(info.count)
    getsockopt(fd, Int32(IPPROTO_TCP), TCP_INFO, &info, &length)
    return info[0]
  }

  func testResetTimeWaitSocketStillShowsTheHandOverAndAResetCloseDoesNot() throws {
    guard geteuid() == 0 else { throw XCTSkip("needs root") }
    let (listener, port) = LoopbackTCP.listener(backlog: 8)
    defer { close(listener) }
    let watcher = try BackgroundCLI([
      "watch", "--json", "--src", "127.0.0.1", "--port", "\(port)", "--no-summary", "--duration", "30",
      "--ready-file", "{ready}",
    ])
    XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)

    // A: the server closes (orphaned FIN_WAIT2 goes to a time-wait socket at
    // once), then the client resets that time-wait socket.
    let clientA = LoopbackTCP.connect(port: port)
    let serverA = accept(listener, nil, nil)
    XCTAssertGreaterThanOrEqual(serverA, 0)
    var local = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &local) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(clientA, $0, &length) }
    }
    let clientPortA = Int(UInt16(bigEndian: local.sin_port))
    close(serverA)
    readToEnd(clientA)
    // The FIN's ACK now rather than delayed: the server's hand-over happens, and the reset follows at once.
    var on: Int32 = 1
    setsockopt(clientA, Int32(IPPROTO_TCP), TCP_QUICKACK, &on, socklen_t(MemoryLayout<Int32>.size))
    lingerZeroClose(clientA)

    // B: the server only shuts down its side (a full FIN_WAIT2 socket), then the client resets it.
    let clientB = LoopbackTCP.connect(port: port)
    let serverB = accept(listener, nil, nil)
    XCTAssertGreaterThanOrEqual(serverB, 0)
    withUnsafeMutablePointer(to: &local) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(clientB, $0, &length) }
    }
    let clientPortB = Int(UInt16(bigEndian: local.sin_port))
    shutdown(serverB, Int32(SHUT_WR))
    readToEnd(clientB)
    for _ in 0..<500 where tcpState(serverB) != 5 { usleep(2_000) }  // TCP_FIN_WAIT2
    XCTAssertEqual(tcpState(serverB), 5, "the server side reached FIN_WAIT2")
    lingerZeroClose(clientB)
    for _ in 0..<500 where tcpState(serverB) != 7 { usleep(2_000) }  // TCP_CLOSE
    close(serverB)

    usleep(500_000)
    kill(watcher.pid, SIGINT)
    XCTAssertEqual(watcher.waitForExit(), 0, watcher.stderr)
    let events = try watcher.stdout.split(separator: "\n").map {
      try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    // The server's side of each connection: local port = the listener's, peer port = the client's.
    func serverLeavingFinWait2(_ clientPort: Int) -> [String: Any]? {
      events.first {
        $0["local_port"] as? Int == Int(port) && $0["peer_port"] as? Int == clientPort
          && $0["old_state"] as? String == "FIN_WAIT2"
      }
    }
    let handOver = try XCTUnwrap(serverLeavingFinWait2(clientPortA), watcher.stdout)
    XCTAssertEqual(handOver["new_state"] as? String, "TIME_WAIT", "\(handOver)")
    XCTAssertEqual(handOver["kernel_new_state"] as? String, "CLOSE", "\(handOver)")
    // Found by the lookup (it won the race) or already ended by the reset.
    XCTAssertTrue(
      handOver["time_wait_ended_early"] as? Bool == true || handOver["time_wait_substate"] != nil, "\(handOver)")
    let resetClose = try XCTUnwrap(serverLeavingFinWait2(clientPortB), watcher.stdout)
    XCTAssertEqual(resetClose["new_state"] as? String, "CLOSE", "a reset close is no hand-over: \(resetClose)")
    XCTAssertNil(resetClose["kernel_new_state"], "\(resetClose)")
    XCTAssertNil(resetClose["time_wait_ended_early"], "\(resetClose)")
  }
}
