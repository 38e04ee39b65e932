import TCPStateModel
import TCPStateWire
import XCTest

/// SOCK_DESTROY requests and the cgroup op, checked byte by byte against
/// include/uapi/linux/{netlink,sock_diag,inet_diag}.h.
final class DestroyEncodingTests: XCTestCase {
  func testDestroyRequestForAnIPv4Socket() {
    var socket = Socket(
      family: .inet, state: .established, local: Endpoint(address: IPAddress("127.0.0.1")!, port: 8080),
      peer: Endpoint(address: IPAddress("127.0.0.2")!, port: 51234), interface: 3, cookie: 0x0000_0001_0203_0405)
    socket.inode = 77
    let bytes = InetDiagRequest.destroy(socket).encode(sequence: 9)
    let expected: [UInt8] =
      [
        72, 0, 0, 0,  // nlmsg_len: 16 + 56
        21, 0,  // nlmsg_type SOCK_DESTROY
        0x05, 0x00,  // NLM_F_REQUEST | NLM_F_ACK: no dump, one acknowledgement
        9, 0, 0, 0,  // nlmsg_seq
        0, 0, 0, 0,  // nlmsg_pid
        2, 6, 0, 0,  // AF_INET, IPPROTO_TCP, idiag_ext 0, pad
        0xfe, 0x1f, 0, 0,  // idiag_states: bits 1-12, ESTABLISHED to NEW_SYN_RECV (unused by an exact request)
        0x1f, 0x90, 0xc8, 0x22,  // idiag_sport 8080, idiag_dport 51234: big-endian
        127, 0, 0, 1,  // idiag_src[0]
      ] + [UInt8](repeating: 0, count: 12)  // idiag_src[1...3]
      + [127, 0, 0, 2] + [UInt8](repeating: 0, count: 12)  // idiag_dst
      + [
        3, 0, 0, 0,  // idiag_if: the bound interface from the dump
        0x05, 0x04, 0x03, 0x02,  // idiag_cookie[0]: low 32 bits
        0x01, 0x00, 0x00, 0x00,  // idiag_cookie[1]: high 32 bits
      ]
    XCTAssertEqual(bytes, expected)
  }

  func testDestroyRequestForAnIPv6ListenerCarriesItsCookieNotNoCookie() {
    let socket = Socket(
      family: .inet6, state: .listen, local: Endpoint(address: IPAddress("::1")!, port: 443),
      peer: Endpoint(address: .anyV6, port: 0), cookie: 0xdead_beef_cafe_f00d)
    let bytes = InetDiagRequest.destroy(socket).encode(sequence: 1)
    XCTAssertEqual(bytes[16], 10, "AF_INET6")
    XCTAssertEqual(Array(bytes[24..<28]), [0x01, 0xbb, 0, 0], "sport 443, dport 0")
    XCTAssertEqual(Array(bytes[28..<44]), [UInt8](repeating: 0, count: 15) + [1], "::1, all 16 bytes")
    XCTAssertEqual(Array(bytes[44..<60]), [UInt8](repeating: 0, count: 16), "peer ::")
    XCTAssertEqual(Array(bytes[64..<72]), [0x0d, 0xf0, 0xfe, 0xca, 0xef, 0xbe, 0xad, 0xde])
  }

  /// The cookie written into a destroy is the one the dump decoded: round trip.
  func testCookieRoundTripsThroughTheDumpLayout() {
    let socket = Socket(
      family: .inet, state: .timeWait, local: Endpoint(address: IPAddress("127.0.0.1")!, port: 1),
      peer: Endpoint(address: IPAddress("127.0.0.1")!, port: 2), cookie: 0x1122_3344_5566_7788)
    let request = InetDiagRequest.destroy(socket).encode(sequence: 1)
    // inet_diag_msg has the same sockid at the same offset after its 4-byte head as the request.
    var reply = [UInt8](repeating: 0, count: 16 + 72)
    reply.replaceSubrange(0..<4, with: [88, 0, 0, 0])
    reply.replaceSubrange(4..<6, with: [20, 0])
    reply[16] = 2
    reply[17] = 6
    reply.replaceSubrange(20..<68, with: request[24..<72])
    let decoded = reply.withUnsafeBytes { InetDiagMessage.decode($0).0 }
    XCTAssertEqual(decoded?.cookie, socket.cookie)
    XCTAssertEqual(decoded?.local, socket.local)
    XCTAssertEqual(decoded?.peer, socket.peer)
  }

  func testBytecodeForTwoCgroups() {
    let filter = SocketFilter(clauses: [[.cgroup(0x1234), .cgroup(0x0001_0000_0000)]])
    // Layout: cgroup @0 (12 bytes), JMP @12, cgroup @16, end @28; reject is 32.
    let expected: [UInt8] = [
      13, 12, 16, 0,  // CGROUP_COND, yes 12 (its size), no -> @16: the second id
      0x34, 0x12, 0, 0, 0, 0, 0, 0,  // u64 cgroup id, host order
      1, 4, 16, 0,  // JMP: -> @28, the end: accept
      13, 12, 16, 0,  // CGROUP_COND, no -> @32: reject
      0, 0, 0, 0, 1, 0, 0, 0,
    ]
    XCTAssertEqual(InetDiagBytecode.compile(filter), expected)
    XCTAssertTrue(InetDiagBytecode.needsCgroupOp(filter))
  }

  /// Without the cgroup op the whole cgroup clause is left to user space, and
  /// the other clauses still go to the kernel.
  func testWithoutTheCgroupOpOnlyTheCgroupClauseIsDropped() {
    let filter = SocketFilter(clauses: [[.port(.source, 80...80)], [.cgroup(7)]])
    XCTAssertEqual(
      InetDiagBytecode.compile(filter, cgroupOp: false),
      InetDiagBytecode.compile(SocketFilter(clauses: [[.port(.source, 80...80)]])))
    XCTAssertEqual(InetDiagBytecode.compile(SocketFilter(clauses: [[.cgroup(7)]]), cgroupOp: false), [])
  }

  func testCgroupConditionMatchesOnlyItsId() {
    var socket = Socket(
      family: .inet, state: .listen, local: Endpoint(address: IPAddress("127.0.0.1")!, port: 1),
      peer: Endpoint(address: .anyV4, port: 0))
    let filter = SocketFilter(clauses: [[.cgroup(5), .cgroup(6)]])
    XCTAssertFalse(filter.matches(socket), "no cgroup id (time-wait, request sockets): no match")
    socket.cgroupID = 6
    XCTAssertTrue(filter.matches(socket))
    socket.cgroupID = 7
    XCTAssertFalse(filter.matches(socket))
  }
}
