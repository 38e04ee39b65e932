import TCPStateModel
import XCTest

@testable import TCPStateKit
@testable import TCPStateWatch

/// watch's table: the header and every kind of row share their columns.
final class TransitionTextTests: XCTestCase {
  let text = TransitionText(style: TextStyle(enabled: false))
  let local = Endpoint(address: IPAddress("127.0.0.1")!, port: 60222)
  let peer = Endpoint(address: IPAddress("127.0.0.1")!, port: 8099)

  /// Where each header title starts.
  func starts(_ header: String) -> [String: Int] {
    var found: [String: Int] = [:]
    for title in ["Family", "Local Address:Port", "Peer Address:Port", "Transition", "In old state", "Process"] {
      found[title] = header.range(of: title).map { header.distance(from: header.startIndex, to: $0.lowerBound) }
    }
    return found
  }

  func offset(of needle: String, in line: String) -> Int? {
    line.range(of: needle).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
  }

  func testHeaderAndRowsLineUpEvenForTheLongestTransition() throws {
    var event = TransitionEvent(
      timestampNs: 1_700_000_000_000_000_000, family: .inet, local: local, peer: peer, oldState: .finWait2,
      newState: .timeWait, socketID: 1, source: .tracefs)
    event.kernelNewState = .close
    event.timeWaitSubstate = .finWait2
    event.durationNs = 40_688_000
    event.pid = 7702
    event.command = "python3"
    let header = starts(text.header)
    let row = text.line(event)
    XCTAssertEqual(offset(of: "inet", in: row), header["Family"])
    XCTAssertEqual(offset(of: "127.0.0.1:60222", in: row), header["Local Address:Port"])
    XCTAssertEqual(offset(of: "127.0.0.1:8099", in: row), header["Peer Address:Port"])
    XCTAssertEqual(offset(of: "FIN_WAIT2 -> TIME_WAIT (tw, awaiting FIN)", in: row), header["Transition"])
    XCTAssertEqual(offset(of: "40.688 ms", in: row), header["In old state"])
    XCTAssertEqual(offset(of: "python3[7702]", in: row), header["Process"])
    let summary = text.line(
      ConnectionSummary(
        timestampNs: 1_700_000_000_000_000_000, family: .inet, local: local, peer: peer, finalState: .close,
        lifetimeNs: 99_062_000, cookie: 1, info: nil, congestion: nil))
    XCTAssertEqual(offset(of: "127.0.0.1:8099", in: summary), header["Peer Address:Port"])
    XCTAssertEqual(offset(of: "ended (CLOSE)", in: summary), header["Transition"])
  }
}
