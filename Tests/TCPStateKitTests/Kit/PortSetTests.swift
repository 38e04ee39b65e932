import XCTest

@testable import TCPStateModel

/// Filters with thousands of `--port` options are matched through a
/// `PortSet` (one lookup per socket); it must agree with the condition walk.
final class PortSetTests: XCTestCase {
  /// A small deterministic generator (xorshift), so failures repeat.
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(bound))
    }
  }

  func testPortSetAgreesWithTheConditionWalk() {
    var random = Generator(state: 0x9e37_79b9_7f4a_7c15)
    let address = IPAddress("10.1.2.3")!
    for round in 0..<40 {
      var clause: [SocketFilter.Condition] = []
      for _ in 0..<(9 + random.next(300)) {
        let low = UInt16(random.next(65536))
        let width = random.next(4) == 0 ? random.next(5000) : random.next(3)
        let high = UInt16(min(Int(low) + width, 65535))
        clause.append(.port(random.next(2) == 0 ? .source : .destination, low...high))
      }
      if round % 5 == 0 { clause.append(.address(.destination, address, prefix: 16)) }
      let filter = SocketFilter(clauses: [clause])
      for _ in 0..<500 {
        let local = Endpoint(address: .anyV4, port: UInt16(random.next(65536)))
        let peerAddress = random.next(3) == 0 ? address : IPAddress.anyV4
        let peer = Endpoint(address: peerAddress, port: UInt16(random.next(65536)))
        let walked = clause.contains { $0.matches(local: local, peer: peer) }
        XCTAssertEqual(
          filter.matches(family: .inet, local: local, peer: peer, states: [.established]), walked,
          "round \(round): \(local) \(peer)")
      }
    }
  }

  /// Edges: port 0, 65535, ranges ending on and crossing 64-bit words.
  func testEdgesOfThePortSpace() {
    var clause: [SocketFilter.Condition] = [
      .port(.source, 0...0), .port(.source, 65535...65535), .port(.destination, 63...128),
    ]
    for port in UInt16(1000)...1006 { clause.append(.port(.source, port...port)) }
    let filter = SocketFilter(clauses: [clause])
    func matches(_ local: UInt16, _ peer: UInt16) -> Bool {
      filter.matches(
        family: .inet, local: Endpoint(address: .anyV4, port: local),
        peer: Endpoint(address: .anyV4, port: peer), states: [.established])
    }
    XCTAssertTrue(matches(0, 1))
    XCTAssertTrue(matches(65535, 1))
    XCTAssertTrue(matches(1, 63))
    XCTAssertTrue(matches(1, 128))
    XCTAssertFalse(matches(1, 62))
    XCTAssertFalse(matches(1, 129))
    XCTAssertTrue(matches(1006, 1))
    XCTAssertFalse(matches(1007, 1))
    XCTAssertFalse(matches(63, 1), "a source port is not a peer port")
    var changed = filter
    changed.clauses = [[.port(.source, 5...5)]]
    XCTAssertTrue(
      changed.matches(
        family: .inet, local: Endpoint(address: .anyV4, port: 5), peer: Endpoint(address: .anyV4, port: 1),
        states: [.established]))
  }
}
