import Glibc
import TCPStateKit
import TCPStateModel
import TestSupport
import XCTest

@testable import TCPStateKernel

/// The exporter's per-scrape dump, split across two threads (ESTABLISHED on
/// a helper, the rest here) and whole, on loopback sockets the test makes:
/// both give the census of the same sockets.
final class ScrapeSamplerTests: XCTestCase {
  var sockets = LoopbackSockets()

  override func tearDown() { sockets.closeAll() }

  func testTheSplitDumpCountsWhatTheWholeDumpCounts() throws {
    // A listener with two connections waiting in its accept queue (its ports
    // show ESTABLISHED on both ends), one accepted pair, and one in CLOSE_WAIT.
    let (listener, queuedPort) = try sockets.listener(backlog: 8)
    _ = listener
    for _ in 0..<2 { _ = try sockets.connect(port: queuedPort) }
    let (_, _, pairPort) = try sockets.pair()
    let (client, _, waitPort) = try sockets.pair(ipv6: true)
    close(client)
    sockets.forget(client)
    let ports: Set<UInt16> = [queuedPort, pairPort, waitPort]
    XCTAssertTrue(
      try eventually {
        let census = try ScrapeSampler(detailPorts: ports).sample().census
        return census.portStates[waitPort]?[.closeWait] == 1 && census.portStates[queuedPort]?[.established] == 2
      })

    var split = ScrapeSampler(detailPorts: ports, countsCgroups: true)
    split.splitDump = true
    var whole = ScrapeSampler(detailPorts: ports, countsCgroups: true)
    whole.splitDump = false
    let a = try split.sample().census
    let b = try whole.sample().census
    for port in ports { XCTAssertEqual(a.portStates[port], b.portStates[port], "port \(port)") }
    XCTAssertEqual(a.portStates[queuedPort]?[.listen], 1)
    XCTAssertEqual(a.portStates[pairPort]?[.established], 1, "the server end; the client's local port is ephemeral")
    XCTAssertEqual(a.portStates[waitPort]?[.closeWait], 1)
    let listenerA = a.listeners.first { $0.key.port == queuedPort }?.value
    XCTAssertEqual(listenerA?.queued, 2)
    XCTAssertEqual(listenerA?.limit, 8)
    XCTAssertEqual(listenerA, b.listeners.first { $0.key.port == queuedPort }?.value)
    // Both parts reached the merged census: ESTABLISHED from the helper, LISTEN from this thread.
    XCTAssertGreaterThanOrEqual(a.count(.established, .inet), 5)
    XCTAssertGreaterThanOrEqual(a.count(.listen, .inet), 2)
    XCTAssertGreaterThanOrEqual(a.sendQueue.count, 5, "ESTABLISHED queue histograms merged")
    XCTAssertFalse(a.cgroupStates.isEmpty)
  }
}
