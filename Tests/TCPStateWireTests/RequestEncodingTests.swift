import CShim
import TCPStateModel
import TCPStateWire
import XCTest

final class RequestEncodingTests: XCTestCase {
  func testRequestLayout() {
    let request = InetDiagRequest(
      family: .inet6, states: StateSet([.listen, .established]), extensions: [.info, .congestion])
    let bytes = request.encode(sequence: 77)
    XCTAssertEqual(bytes.count, 16 + 56)
    let u32 = { (offset: Int) in bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) } }
    let u16 = { (offset: Int) in bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt16.self) } }
    XCTAssertEqual(u32(0), 72)  // nlmsg_len
    XCTAssertEqual(u16(4), 20)  // SOCK_DIAG_BY_FAMILY
    XCTAssertEqual(u16(6), 0x301)  // NLM_F_REQUEST | NLM_F_DUMP
    XCTAssertEqual(u32(8), 77)
    XCTAssertEqual(bytes[16], 10)  // sdiag_family AF_INET6
    XCTAssertEqual(bytes[17], 6)  // IPPROTO_TCP
    XCTAssertEqual(bytes[18], 0b1010)  // idiag_ext: INFO (1<<1) | CONG (1<<3)
    XCTAssertEqual(u32(20), 1 << 10 | 1 << 1)  // idiag_states
  }

  func testBytecodeForOnePortEitherSide() {
    let filter = SocketFilter(clauses: [[.port(.source, 80...80), .port(.destination, 80...80)]])
    // Layout: sport>= @0, sport<= @8, JMP @16, dport>= @20, dport<= @28, end @36; reject is 40.
    let expected: [UInt8] = [
      2, 8, 20, 0, 0, 0, 80, 0,  // sport >= 80: yes -> @8; no -> @20, the dport test
      3, 8, 12, 0, 0, 0, 80, 0,  // sport <= 80: yes -> @16, the jump; no -> @20
      1, 4, 20, 0,  // JMP: always takes "no" -> @36, the end: accept
      4, 8, 20, 0, 0, 0, 80, 0,  // dport >= 80: no -> @40, past the end: reject
      5, 8, 12, 0, 0, 0, 80, 0,  // dport <= 80: yes -> @36 accept; no -> @40 reject
    ]
    XCTAssertEqual(InetDiagBytecode.compile(filter), expected)
  }

  func testBytecodeForAnIPv4Network() {
    let address = IPAddress("10.0.0.0")!
    let filter = SocketFilter(clauses: [[.address(.destination, address, prefix: 8)]])
    let expected: [UInt8] = [
      8, 16, 20, 0,  // D_COND, yes 16 (its size), no 20: reject
      2, 8, 0, 0,  // hostcond: AF_INET, prefix 8, padding
      0xff, 0xff, 0xff, 0xff,  // port -1: any
      10, 0, 0, 0,  // address
    ]
    XCTAssertEqual(InetDiagBytecode.compile(filter), expected)
  }

  func testNoClausesNoBytecode() {
    XCTAssertEqual(InetDiagBytecode.compile(SocketFilter()), [])
  }

  /// Which fields arrived comes from the C struct's layout: a field is
  /// there from its last byte on, never one byte earlier.
  func testTCPInfoFieldsArriveAtTheirEndInTheCStruct() {
    XCTAssertEqual(MemoryLayout<tcpstate_tcp_info>.size, 280)
    let ends = TCPInfo.fieldEnds.map(\.end)
    XCTAssertEqual(ends, ends.sorted(), "fields in struct order")
    XCTAssertEqual(ends.last, 280)
    let bytes = [UInt8](repeating: 0x11, count: 280)
    func info(_ length: Int) -> TCPInfo {
      bytes.withUnsafeBytes { TCPInfo(bytes: UnsafeRawBufferPointer(rebasing: $0[..<length])) }
    }
    let checks: [(end: Int, arrived: (TCPInfo) -> Bool)] = [
      (12, { $0.rto != nil }), (72, { $0.rtt != nil }), (84, { $0.cwnd != nil }), (104, { $0.totalRetrans != nil }),
      (112, { $0.pacingRate != nil }), (168, { $0.deliveryRate != nil }), (208, { $0.bytesSent != nil }),
      (232, { $0.sndWnd != nil }), (242, { $0.totalRto != nil }), (248, { $0.totalRtoTime != nil }),
      (280, { $0.accecnOptSeen != nil }), (7, { $0.sndWscale != nil }), (6, { $0.options != nil }),
    ]
    for (end, arrived) in checks {
      XCTAssertFalse(arrived(info(end - 1)), "not there at \(end - 1) bytes")
      XCTAssertTrue(arrived(info(end)), "there at \(end) bytes")
    }
    XCTAssertEqual(info(280).rto, 0x1111_1111)
  }
}

final class LookupEncodingTests: XCTestCase {
  func testExactLookupCarriesTheTupleAndNoDumpFlag() {
    let local = Endpoint(address: IPAddress("127.0.0.1")!, port: 0x1234)
    let peer = Endpoint(address: IPAddress("127.0.0.2")!, port: 80)
    let bytes = InetDiagRequest.lookup(family: .inet, local: local, peer: peer).encode(sequence: 3)
    let flags = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 6, as: UInt16.self) }
    XCTAssertEqual(flags, 0x1, "NLM_F_REQUEST only: a lookup, not a dump")
    let id = Array(bytes[24..<72])  // struct inet_diag_sockid
    XCTAssertEqual(Array(id[0..<4]), [0x12, 0x34, 0x00, 0x50], "ports big-endian")
    XCTAssertEqual(Array(id[4..<8]), [127, 0, 0, 1])
    XCTAssertEqual(Array(id[20..<24]), [127, 0, 0, 2])
    XCTAssertEqual(Array(id[40..<48]), [UInt8](repeating: 0xff, count: 8), "INET_DIAG_NOCOOKIE")
  }
}
