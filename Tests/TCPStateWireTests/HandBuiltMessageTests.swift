import TCPStateModel
import TCPStateWire
import XCTest

/// inet_diag replies written byte by byte, for cases a live kernel will not
/// produce on demand; one writer for HandBuiltMessageTests and KernelVarianceTests.
enum HandBuilt {
  /// One inet_diag reply. Fields are annotated with their `struct inet_diag_msg` names.
  static func message(
    family: UInt8 = 2, state: UInt8 = 1, timer: UInt8 = 1, retransmits: UInt8 = 2, source: [UInt8] = [127, 0, 0, 1],
    destination: [UInt8] = [127, 0, 0, 2], interface: UInt32 = 3, cookie: (UInt32, UInt32) = (0xdead_beef, 0x1),
    expires: UInt32 = 250, receiveQueue: UInt32 = 11, sendQueue: UInt32 = 22, uid: UInt32 = 1000, inode: UInt32 = 4242,
    sequence: UInt32 = 9, attributes: [(type: UInt16, payload: [UInt8])] = []
  ) -> [UInt8] {
    var body: [UInt8] = []
    body += [family, state, timer, retransmits]  // idiag_family, idiag_state, idiag_timer, idiag_retrans
    body += [0x1f, 0x90]  // id.idiag_sport 8080, big-endian
    body += [0x00, 0x50]  // id.idiag_dport 80, big-endian
    body += source + [UInt8](repeating: 0, count: 16 - source.count)  // id.idiag_src
    body += destination + [UInt8](repeating: 0, count: 16 - destination.count)  // id.idiag_dst
    body += le32(interface)  // id.idiag_if
    body += le32(cookie.0) + le32(cookie.1)  // id.idiag_cookie[0], [1]
    body += le32(expires)  // idiag_expires (ms)
    body += le32(receiveQueue) + le32(sendQueue)  // idiag_rqueue, idiag_wqueue
    body += le32(uid) + le32(inode)  // idiag_uid, idiag_inode
    for attribute in attributes {
      let length = 4 + attribute.payload.count
      body += le16(UInt16(length)) + le16(attribute.type) + attribute.payload
      body += [UInt8](repeating: 0, count: NetlinkHeader.aligned(length) - length)
    }
    var out: [UInt8] = []
    NetlinkHeader(length: UInt32(16 + body.count), type: 20, flags: 2, sequence: sequence, portID: 0).encode(
      into: &out)
    return out + body
  }

  static func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
  static func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
}

/// Messages written byte by byte, decoded.
final class HandBuiltMessageTests: XCTestCase {
  /// One inet_diag reply for 127.0.0.1:8080 -> 127.0.0.2:80 (the other fields as `HandBuilt.message`'s defaults).
  func message(
    family: UInt8 = 2, state: UInt8 = 1, source: [UInt8] = [127, 0, 0, 1], destination: [UInt8] = [127, 0, 0, 2],
    attributes: [(type: UInt16, payload: [UInt8])] = []
  ) -> [UInt8] {
    HandBuilt.message(family: family, state: state, source: source, destination: destination, attributes: attributes)
  }

  func le16(_ v: UInt16) -> [UInt8] { HandBuilt.le16(v) }
  func le32(_ v: UInt32) -> [UInt8] { HandBuilt.le32(v) }

  func decode(_ bytes: [UInt8]) -> (Socket?, DecodeError?) {
    bytes.withUnsafeBytes { InetDiagMessage.decode($0) }
  }

  func testFieldsAndByteOrder() throws {
    let (decoded, error) = decode(message())
    XCTAssertNil(error)
    let socket = try XCTUnwrap(decoded)
    XCTAssertEqual(socket.local.description, "127.0.0.1:8080")
    XCTAssertEqual(socket.peer.description, "127.0.0.2:80")
    XCTAssertEqual(socket.interface, 3)
    XCTAssertEqual(socket.cookie, 0x1_dead_beef)
    XCTAssertEqual(socket.timer, SocketTimer(kind: .retransmit, expiresMs: 250, retransmits: 2))
    XCTAssertEqual(socket.recvQ, 11)
    XCTAssertEqual(socket.sendQ, 22)
    XCTAssertEqual(socket.uid, 1000)
    XCTAssertEqual(socket.inode, 4242)
    XCTAssertNil(socket.tcpInfo)
  }

  func testUnknownStateAndAttributeSurvive() throws {
    let (decoded, error) = decode(message(state: 14, attributes: [(99, [1, 2, 3, 4])]))
    XCTAssertNil(error)
    let socket = try XCTUnwrap(decoded)
    XCTAssertEqual(socket.state.name, "UNKNOWN(14)")
    XCTAssertFalse(socket.state.isKnown)
    XCTAssertEqual(socket.unknownAttributes, [99])
  }

  func testShortTCPInfoFromAnOlderKernel() throws {
    // Linux 4.x sent 104 bytes: up to tcpi_total_retrans.
    var info = [UInt8](repeating: 0, count: 104)
    info[0] = 1  // tcpi_state
    info.replaceSubrange(80..<84, with: le32(10))  // tcpi_snd_cwnd
    info.replaceSubrange(100..<104, with: le32(7))  // tcpi_total_retrans
    let (decoded, error) = decode(message(attributes: [(2, info)]))
    XCTAssertNil(error)
    let tcpInfo = try XCTUnwrap(decoded?.tcpInfo)
    XCTAssertEqual(tcpInfo.receivedLength, 104)
    XCTAssertEqual(tcpInfo.cwnd, 10)
    XCTAssertEqual(tcpInfo.totalRetrans, 7)
    XCTAssertNil(tcpInfo.pacingRate, "fields past the received length are absent, not zero")
    XCTAssertNil(tcpInfo.deliveryRate)
    XCTAssertNil(tcpInfo.sndWnd)
  }

  func testLongerTCPInfoFromANewerKernelIsAccepted() throws {
    let info = [UInt8](repeating: 0, count: 320)
    let (decoded, error) = decode(message(attributes: [(2, info)]))
    XCTAssertNil(error)
    XCTAssertEqual(decoded?.tcpInfo?.receivedLength, 320)
    XCTAssertEqual(decoded?.tcpInfo?.accecnOptSeen, 0)
  }

  func testV4MappedIPv6Peer() throws {
    let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3]
    let (decoded, _) = decode(
      message(family: 10, source: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], destination: mapped))
    let socket = try XCTUnwrap(decoded)
    XCTAssertEqual(socket.peer.description, "[::ffff:10.1.2.3]:80")
    XCTAssertTrue(socket.peer.address.isV4Mapped)
    XCTAssertEqual(socket.local.description, "[::1]:8080")
  }

  func testUnknownFamilyIsAnError() {
    let (socket, error) = decode(message(family: 7))
    XCTAssertNil(socket)
    XCTAssertEqual(error?.offset, 16)
  }

  func testAttributeWithImpossibleLength() throws {
    var bytes = message(attributes: [(5, [0x10])])
    bytes[16 + 72] = 2  // nla_len 2 < 4
    let (decoded, error) = decode(bytes)
    XCTAssertNotNil(decoded)
    XCTAssertEqual(error?.offset, 16 + 72)
  }

  func testKnownAttributeTooShortIsReportedAndSkipped() throws {
    let (decoded, error) = decode(message(attributes: [(15, [1, 2])]))  // INET_DIAG_MARK needs 4
    XCTAssertNil(decoded?.mark)
    XCTAssertTrue(error?.reason.contains("INET_DIAG_MARK") ?? false)
  }

  func testSmallAttributes() throws {
    let memory = (0..<9).flatMap { le32(UInt32($0 + 1)) }
    let (decoded, error) = decode(
      message(attributes: [(4, Array("cubic\0".utf8)), (5, [0x10]), (8, [3]), (7, memory), (21, le32(5) + le32(0))]))
    XCTAssertNil(error)
    let socket = try XCTUnwrap(decoded)
    XCTAssertEqual(socket.congestion, "cubic")
    XCTAssertEqual(socket.tos, 0x10)
    XCTAssertEqual(socket.shutdown, 3)
    XCTAssertEqual(socket.memory?.rcvbuf, 2)
    XCTAssertEqual(socket.memory?.drops, 9)
    XCTAssertEqual(socket.cgroupID, 5)
  }

  func testNetlinkErrorWithExtendedAck() throws {
    var bytes: [UInt8] = []
    let text = Array("bad filter\0".utf8)
    let attributeLength = 4 + text.count
    let total = 16 + 4 + 16 + NetlinkHeader.aligned(attributeLength)
    NetlinkHeader(length: UInt32(total), type: 2, flags: 0x300, sequence: 5, portID: 0).encode(into: &bytes)
    bytes += withUnsafeBytes(of: Int32(-22)) { Array($0) }  // error: -EINVAL
    // The request, capped.
    NetlinkHeader(length: 80, type: 20, flags: 0x301, sequence: 5, portID: 0).encode(into: &bytes)
    bytes += le16(UInt16(attributeLength)) + le16(1) + text
    bytes += [UInt8](repeating: 0, count: NetlinkHeader.aligned(attributeLength) - attributeLength)
    let error = try bytes.withUnsafeBytes { try NetlinkErrorMessage.decode($0) }
    XCTAssertEqual(error.errno, 22)
    XCTAssertEqual(error.requestSequence, 5)
    XCTAssertEqual(error.message, "bad filter")
  }
}

/// Found by the inet_diag fuzz target in CI: an NLMSG_ERROR whose error code
/// is Int32.min trapped on negation.
final class NetlinkErrorRegressionTests: XCTestCase {
  func testErrorCodeInt32MinDoesNotTrap() throws {
    var bytes: [UInt8] = []
    NetlinkHeader(length: 36, type: 2, flags: 0x700, sequence: 1, portID: 0).encode(into: &bytes)
    bytes += withUnsafeBytes(of: Int32.min) { Array($0) }
    NetlinkHeader(length: 16, type: 20, flags: 0, sequence: 1, portID: 0).encode(into: &bytes)
    let error = try bytes.withUnsafeBytes { try NetlinkErrorMessage.decode($0) }
    XCTAssertEqual(error.errno, Int32.max)
  }
}

final class ShortMessageTests: XCTestCase {
  func testShortBodyIsReported() {
    var message: [UInt8] = []
    NetlinkHeader(length: 16 + 40, type: 20, flags: 2, sequence: 1, portID: 0).encode(into: &message)
    message += [UInt8](repeating: 0, count: 40)
    let (socket, error) = message.withUnsafeBytes { InetDiagMessage.decode($0) }
    XCTAssertNil(socket)
    XCTAssertEqual(error?.offset, 16)
  }
}
