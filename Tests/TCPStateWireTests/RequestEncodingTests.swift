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

  /// The accessor offsets in TCPInfo must match the C struct, field by field.
  func testTCPInfoOffsetsMatchTheCStruct() {
    XCTAssertEqual(MemoryLayout<tcpstate_tcp_info>.size, 280)
    let ends = Dictionary(uniqueKeysWithValues: TCPInfo.fieldEnds.map { ($0.name, $0.end) })
    let checks: [(String, Int?, Int)] = [
      ("tcpi_rto", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_rto), 4),
      ("tcpi_rtt", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_rtt), 4),
      ("tcpi_snd_cwnd", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_snd_cwnd), 4),
      ("tcpi_total_retrans", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_total_retrans), 4),
      ("tcpi_pacing_rate", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_pacing_rate), 8),
      ("tcpi_delivery_rate", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_delivery_rate), 8),
      ("tcpi_bytes_sent", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_bytes_sent), 8),
      ("tcpi_snd_wnd", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_snd_wnd), 4),
      ("tcpi_rcv_wnd", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_rcv_wnd), 4),
      ("tcpi_total_rto", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_total_rto), 2),
      ("tcpi_total_rto_time", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_total_rto_time), 4),
      ("tcpi_accecn_opt_seen", MemoryLayout<tcpstate_tcp_info>.offset(of: \.tcpi_accecn_opt_seen), 2),
    ]
    for (name, offset, size) in checks {
      XCTAssertEqual(ends[name], offset.map { $0 + size }, name)
    }
    XCTAssertEqual(TCPInfo.fieldEnds.last?.end, 280)
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
