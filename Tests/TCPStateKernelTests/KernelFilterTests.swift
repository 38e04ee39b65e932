import Foundation
import Glibc
import TCPStateKernel
import TCPStateModel
import TCPStateWire
import TestSupport
import XCTest

/// The in-kernel bytecode must select exactly what the user-space matcher does.
final class KernelFilterTests: XCTestCase {
  var sockets = LoopbackSockets()

  override func tearDown() { sockets.closeAll() }

  func dump(_ filter: SocketFilter, kernel: Bool) throws -> Set<UInt64> {
    var cookies = Set<UInt64>()
    try SockDiagDumper().dump(filter: filter, useKernelFilter: kernel) {
      cookies.insert($0.cookie)
      return true
    }
    return cookies
  }

  func testBytecodeAgreesWithUserSpaceMatching() throws {
    let (_, _, portA) = try sockets.pair()
    let (_, _, portB) = try sockets.pair()
    let (_, _, portC) = try sockets.pair(ipv6: true)
    let low = min(portA, portB)
    let high = max(portA, portB)
    let filters: [SocketFilter] = [
      SocketFilter(clauses: [[.port(.source, portA...portA), .port(.destination, portA...portA)]]),
      SocketFilter(clauses: [[.port(.source, low...high)]]),
      SocketFilter(clauses: [
        [.port(.destination, portB...portB)], [.address(.source, IPAddress("127.0.0.0")!, prefix: 8)],
      ]),
      SocketFilter(clauses: [
        [.address(.destination, IPAddress("::1")!, prefix: 128)], [.port(.destination, portC...portC)],
      ]),
      SocketFilter(
        states: StateSet(.listen), clauses: [[.port(.source, portA...portA), .port(.source, portC...portC)]]),
      SocketFilter(clauses: [[.address(.source, IPAddress("10.0.0.0")!, prefix: 8)]]),
    ]
    // Compared on this test's own sockets (every one has a listener port at
    // one end): other processes' sockets come and go between two dumps.
    let listenerPorts: Set<UInt16> = [portA, portB, portC]
    var own = Set<UInt64>()
    try SockDiagDumper().dump(filter: SocketFilter(), useKernelFilter: false) {
      if listenerPorts.contains($0.local.port) || listenerPorts.contains($0.peer.port) { own.insert($0.cookie) }
      return true
    }
    XCTAssertGreaterThanOrEqual(own.count, 9, "three listeners, three pairs")
    for (index, filter) in filters.enumerated() {
      let inKernel = try dump(filter, kernel: true).intersection(own)
      let inUserSpace = try dump(filter, kernel: false).intersection(own)
      XCTAssertEqual(inKernel, inUserSpace, "filter \(index)")
    }
    XCTAssertEqual(try dump(filters[0], kernel: true).count, 3, "listener and both ends of pair A")
    XCTAssertEqual(try dump(filters[4], kernel: true).count, 2, "the two listeners")
    XCTAssertEqual(try dump(filters[5], kernel: true).count, 0)
  }

  func testNarrowFilterIsAppliedInTheKernel() throws {
    let (_, port) = try sockets.listener()
    var seen = 0
    let filter = SocketFilter(clauses: [[.port(.source, port...port)]])
    let decoded = try SockDiagDumper().dump(filter: filter) { _ in
      seen += 1
      return true
    }
    XCTAssertEqual(seen, 1)
    XCTAssertEqual(decoded, 1, "the kernel sent only the matching socket")
  }
}
