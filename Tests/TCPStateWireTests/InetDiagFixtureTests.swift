import TCPStateModel
import TCPStateWire
import XCTest

/// Decoding of dump bytes recorded from a real kernel (Linux 6.18).
final class InetDiagFixtureTests: XCTestCase {
  func testRecordedIPv4DumpDecodesToTheRecordedSockets() throws {
    let fixture = try Fixture("dump-inet-info")
    let (sockets, problems, framing) = decodeAll(fixture.bytes)
    XCTAssertNil(framing)
    XCTAssertEqual(problems, [])
    XCTAssertEqual(Set(sockets.map(describe)), Set(fixture.expected))
    for socket in sockets {
      XCTAssertEqual(socket.family, .inet)
      XCTAssertEqual(socket.tcpInfo?.receivedLength, 280, "Linux 6.18 sends 280 bytes of tcp_info")
      XCTAssertEqual(socket.tcpInfo?.tcpState, socket.state.rawValue)
      XCTAssertNotNil(socket.memory)
      XCTAssertEqual(socket.unknownAttributes, [])
      XCTAssertFalse(socket.congestion?.isEmpty ?? true)
    }
    let established = sockets.filter { $0.state == .established }
    XCTAssertEqual(established.count, 2)
    XCTAssertTrue(established.allSatisfy { ($0.tcpInfo?.sndMss ?? 0) > 0 && ($0.tcpInfo?.cwnd ?? 0) > 0 })
    let sender = try XCTUnwrap(established.first { $0.recvQ == 0 })
    XCTAssertEqual(sender.tcpInfo?.bytesAcked, 3001, "3000 bytes plus the SYN")
  }

  func testRecordedIPv6Dump() throws {
    let fixture = try Fixture("dump-inet6-info")
    let (sockets, problems, framing) = decodeAll(fixture.bytes)
    XCTAssertNil(framing)
    XCTAssertEqual(problems, [])
    XCTAssertEqual(Set(sockets.map(describe)), Set(fixture.expected))
    XCTAssertTrue(sockets.allSatisfy { $0.family == .inet6 })
    XCTAssertEqual(sockets.first { $0.state == .listen }?.local.description.hasPrefix("[::1]:"), true)
  }

  func testDumpEndsWithDone() throws {
    let fixture = try Fixture("dump-inet-info")
    let types = fixture.bytes.withUnsafeBytes { buffer in NetlinkMessages(buffer).map(\.header.type) }
    XCTAssertEqual(types.last, NetlinkHeader.typeDone)
    XCTAssertEqual(types.dropLast().allSatisfy { $0 == NetlinkHeader.typeSockDiagByFamily }, true)
  }

  /// Every cut of the buffer: no crash, everything before the cut decodes,
  /// and the cut message is reported at its offset.
  func testEveryTruncationIsReportedNotCrashed() throws {
    let fixture = try Fixture("dump-inet-info")
    let full = decodeAll(fixture.bytes).sockets.count
    let starts = fixture.bytes.withUnsafeBytes { NetlinkMessages($0).map(\.offset) }
    for cut in 0..<fixture.bytes.count {
      let (sockets, _, framing) = decodeAll(Array(fixture.bytes[..<cut]))
      let whole = starts.filter { $0 < cut }.count
      let cutInsideMessage = !starts.contains(cut) && cut > 0
      if cutInsideMessage {
        let error = try XCTUnwrap(framing, "cut at \(cut) must be reported")
        XCTAssertEqual(error.offset, starts.last { $0 < cut }, "reported at the start of the cut message")
        XCTAssertEqual(sockets.count, min(full, whole - 1))
      } else {
        XCTAssertNil(framing)
      }
    }
  }

  func testCorruptAttributeLengthKeepsTheSocketAndPointsAtTheAttribute() throws {
    var bytes = try Fixture("dump-inet-info").bytes
    // First message: header 16 + inet_diag_msg 72, then the first attribute's u16 length.
    let attributeOffset = 16 + 72
    bytes[attributeOffset] = 0xff
    bytes[attributeOffset + 1] = 0x7f
    let (sockets, problems, framing) = decodeAll(bytes)
    XCTAssertNil(framing)
    XCTAssertEqual(problems.count, 1)
    XCTAssertEqual(problems.first?.offset, attributeOffset)
    XCTAssertTrue(problems.first?.reason.contains("claims 32767 bytes") ?? false, "\(problems)")
    XCTAssertEqual(sockets.count, 3, "the damaged message still yields its socket")
  }

  func testImpossibleMessageLengthStopsFraming() throws {
    var bytes = try Fixture("dump-inet-info").bytes
    bytes.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(8), toByteOffset: 0, as: UInt32.self) }
    let (sockets, _, framing) = decodeAll(bytes)
    XCTAssertEqual(sockets.count, 0)
    XCTAssertEqual(framing?.offset, 0)
    XCTAssertTrue(framing?.reason.contains("shorter than its header") ?? false)
  }

  func testShortBodyIsReported() {
    var message: [UInt8] = []
    NetlinkHeader(length: 16 + 40, type: 20, flags: 2, sequence: 1, portID: 0).encode(into: &message)
    message += [UInt8](repeating: 0, count: 40)
    let (socket, error) = message.withUnsafeBytes { InetDiagMessage.decode($0) }
    XCTAssertNil(socket)
    XCTAssertEqual(error?.offset, 16)
  }
}
