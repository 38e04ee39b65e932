import TCPStateWire
import XCTest

/// The framer's checks on hand-built messages: sequence runs (wrapping),
/// ports, the zero that checks nothing, control messages, DUMP_INTR, DONE.
final class NetlinkFramerTests: XCTestCase {
  func message(type: UInt16 = 20, flags: UInt16 = 2, sequence: UInt32, portID: UInt32, payload: [UInt8] = [0, 0, 0, 0])
    -> [UInt8]
  {
    var bytes: [UInt8] = []
    NetlinkHeader(length: UInt32(16 + payload.count), type: type, flags: flags, sequence: sequence, portID: portID)
      .encode(into: &bytes)
    return bytes + payload
  }

  func replies(_ bytes: [UInt8], _ expectation: NetlinkFramer.Expectation) -> [String] {
    bytes.withUnsafeBytes { buffer in
      var framer = NetlinkFramer(buffer, expecting: expectation)
      var out: [String] = []
      while let reply = framer.next() {
        switch reply {
        case .message(let m): out.append("message \(m.header.sequence)@\(m.offset)")
        case .acknowledged(let m): out.append("ack \(m.header.sequence)")
        case .failed(_, let e): out.append("failed \(e.errno)")
        case .malformedError(let m, _): out.append("malformed @\(m.offset)")
        case .done(_, let status): out.append("done \(status)")
        case .interrupted(let m): out.append("interrupted @\(m.offset)")
        case .stray(let m, let errno): out.append("stray \(m.header.sequence) \(errno)")
        }
      }
      if let error = framer.error { out.append("error @\(error.offset)") }
      return out
    }
  }

  /// A batch whose sequence numbers wrap past UInt32.max is one run.
  func testSequenceRunWrapsAround() {
    let bytes =
      message(sequence: .max, portID: 5) + message(sequence: 0, portID: 5) + message(sequence: 1, portID: 5)
      + message(sequence: 2, portID: 5)
    let expectation = NetlinkFramer.Expectation(portID: 5, firstSequence: .max, sequenceCount: 3)
    XCTAssertEqual(
      replies(bytes, expectation),
      // Sequence 0 in a message is not checked (libmnl's rule), 2 is past the run.
      ["message 4294967295@0", "message 0@20", "message 1@40", "stray 2 71"])
  }

  func testPortChecksAndZeroOnEitherSide() {
    let bytes = message(sequence: 7, portID: 6) + message(sequence: 7, portID: 0)
    XCTAssertEqual(replies(bytes, .init(portID: 5, sequence: 7)), ["stray 7 3", "message 7@20"])
    XCTAssertEqual(replies(bytes, .init(portID: 0, sequence: 7)), ["message 7@0", "message 7@20"])
    XCTAssertEqual(replies(bytes, .unchecked), ["message 7@0", "message 7@20"])
  }

  func testControlMessagesDumpInterruptedAndDone() {
    let bytes =
      message(type: NetlinkHeader.typeNoop, sequence: 1, portID: 0)
      + message(type: NetlinkHeader.typeOverrun, sequence: 1, portID: 0)
      + message(flags: 0x12, sequence: 1, portID: 0)
      + message(
        type: NetlinkHeader.typeDone, sequence: 1, portID: 0, payload: withUnsafeBytes(of: Int32(-105)) { Array($0) })
      + message(
        type: NetlinkHeader.typeError, sequence: 1, portID: 0, payload: [0, 0, 0, 0] + [UInt8](repeating: 0, count: 16))
      + message(type: NetlinkHeader.typeError, sequence: 1, portID: 0)
    XCTAssertEqual(
      replies(bytes, .unchecked), ["interrupted @40", "done -105", "ack 1", "malformed @116"])
  }

  func testAHeaderThatDoesNotFitStopsTheWalkWhereItStarts() {
    let bytes = message(sequence: 1, portID: 0) + [16, 0, 0, 0, 20, 0]
    XCTAssertEqual(replies(bytes, .unchecked), ["message 1@0", "error @20"])
    var long = message(sequence: 1, portID: 0)
    long[0] = 200
    XCTAssertEqual(replies(long, .unchecked), ["error @0"])
  }
}
