import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWire
import XCTest

@testable import TCPStateKernel

/// `SockDiagDumper` over a `ReplayTransport`: the request it sends, the
/// cgroup EINVAL retry and the ways a dump ends, without root or a kernel.
final class DumperReplayTests: XCTestCase {
  /// A dumper whose every transport answers with `answer(request header, attempt)`.
  func dumper(
    answer: @escaping (NetlinkHeader, Int) -> [ReplayTransport.Delivery]
  ) -> (SockDiagDumper, () -> [ReplayTransport]) {
    final class Box { var transports: [ReplayTransport] = [] }
    let box = Box()
    let dumper = SockDiagDumper(transport: { () throws(KernelError) -> any NetlinkTransport in
      let attempt = box.transports.count
      let transport = ReplayTransport(portID: 900 + UInt32(attempt)) { request in
        answer(ReplayTransport.headers(of: request)[0], attempt)
      }
      box.transports.append(transport)
      return transport
    })
    return (dumper, { box.transports })
  }

  func testIPv4DumpSendsOneRequestAndDecodesTheReplies() throws {
    let (dumper, transports) = dumper { header, attempt in
      [.datagram(RecordedReplies.dump(sequence: header.sequence, portID: 900 + UInt32(attempt)))]
    }
    var states: [TCPState] = []
    let decoded = try dumper.dump(filter: SocketFilter(states: .all, families: [.inet])) {
      states.append($0.state)
      return true
    }
    XCTAssertEqual(decoded, 3)
    XCTAssertEqual(states, [.listen, .established, .established])
    let sent = try XCTUnwrap(transports().first?.requests.first)
    XCTAssertEqual(transports().count, 1, "one transport for the one family")
    XCTAssertEqual(sent[16], UInt8(AF_INET), "inet_diag_req_v2.sdiag_family")
    XCTAssertEqual(sent[17], 6, "IPPROTO_TCP")
    XCTAssertEqual(ReplayTransport.headers(of: sent).first?.flags, 0x301, "NLM_F_REQUEST | NLM_F_DUMP")
  }

  /// A kernel whose bytecode audit rejects the cgroup op answers EINVAL
  /// before any socket: the dump is asked again without it.
  func testCgroupOpRefusedWithEINVALIsRetriedWithoutIt() throws {
    let (dumper, transports) = dumper { header, attempt in
      let port = 900 + UInt32(attempt)
      if attempt == 0 {
        return [
          .datagram(RecordedReplies.error(EINVAL, text: "bad cgroup op", sequence: header.sequence, portID: port))
        ]
      }
      return [.datagram(RecordedReplies.dump(sequence: header.sequence, portID: port))]
    }
    let filter = SocketFilter(states: .all, families: [.inet], clauses: [CgroupSelection.clause([1234])])
    XCTAssertTrue(InetDiagBytecode.needsCgroupOp(filter))
    var count = 0
    try dumper.dump(filter: filter) { _ in
      count += 1
      return true
    }
    XCTAssertEqual(transports().count, 2, "asked twice")
    let first = try XCTUnwrap(transports()[0].requests.first)
    let second = try XCTUnwrap(transports()[1].requests.first)
    XCTAssertEqual(Array(first.dropFirst(76)), InetDiagBytecode.compile(filter), "first with the cgroup op")
    XCTAssertEqual(
      Array(second.dropFirst(76)), InetDiagBytecode.compile(filter, cgroupOp: false), "then without it")
    XCTAssertNotEqual(first, second)
    // No socket of the recorded dump is in cgroup 1234: user space filters what the kernel could not.
    XCTAssertEqual(count, 0)
  }

  /// EINVAL after sockets arrived is not the audit: it is the error of the dump.
  func testEINVALAfterSocketsIsAnErrorNotARetry() throws {
    let (dumper, transports) = dumper { header, attempt in
      let port = 900 + UInt32(attempt)
      let first = RecordedReplies.readdressed(RecordedReplies.sockets[0], sequence: header.sequence, portID: port)
      return [.datagram(first + RecordedReplies.error(EINVAL, sequence: header.sequence, portID: port))]
    }
    let filter = SocketFilter(states: .all, families: [.inet], clauses: [CgroupSelection.clause([1])])
    XCTAssertThrowsError(try dumper.dump(filter: SocketFilter(states: .all, families: [.inet])) { _ in true }) {
      XCTAssertEqual(($0 as? KernelError)?.errno, EINVAL)
    }
    XCTAssertThrowsError(try dumper.dump(filter: filter) { _ in true })
    XCTAssertEqual(transports().count, 2, "one attempt per dump, no retry")
  }

  func testKernelErrorCarriesItsExtendedAckText() {
    let (dumper, _) = dumper { header, attempt in
      [.datagram(RecordedReplies.error(EPERM, text: "no way", sequence: header.sequence, portID: 900))]
    }
    XCTAssertThrowsError(try dumper.dump(filter: SocketFilter(states: .all, families: [.inet6])) { _ in true }) {
      let error = $0 as? KernelError
      XCTAssertEqual(error?.errno, EPERM)
      XCTAssertEqual(error?.detail, "no way")
    }
  }

  /// Replies that stop before NLMSG_DONE are not a whole dump.
  func testRepliesEndingBeforeDoneAreAnError() {
    let (dumper, _) = dumper { header, _ in
      [.datagram(RecordedReplies.readdressed(RecordedReplies.sockets[0], sequence: header.sequence, portID: 900))]
    }
    var seen = 0
    XCTAssertThrowsError(
      try dumper.dump(filter: SocketFilter(states: .all, families: [.inet])) { _ in
        seen += 1
        return true
      }
    ) { XCTAssertEqual(($0 as? KernelError)?.errno, EPIPE) }
    XCTAssertEqual(seen, 1, "what arrived was delivered")
  }

  /// A reply addressed to another port or request is refused, as libmnl refused it.
  func testStrayRepliesAreRefused() {
    let (wrongPort, _) = dumper { header, _ in
      [.datagram(RecordedReplies.dump(sequence: header.sequence, portID: 7))]
    }
    XCTAssertThrowsError(try wrongPort.dump(filter: SocketFilter(states: .all, families: [.inet])) { _ in true }) {
      XCTAssertEqual(($0 as? KernelError)?.errno, ESRCH)
    }
    let (wrongSequence, _) = dumper { header, _ in
      [.datagram(RecordedReplies.dump(sequence: header.sequence &+ 5, portID: 900))]
    }
    XCTAssertThrowsError(
      try wrongSequence.dump(filter: SocketFilter(states: .all, families: [.inet])) { _ in true }
    ) { XCTAssertEqual(($0 as? KernelError)?.errno, EPROTO) }
  }

  /// Stopping in the first family asks nothing of the second.
  func testStoppingEarlySkipsTheOtherFamily() throws {
    let (dumper, transports) = dumper { header, attempt in
      [.datagram(RecordedReplies.dump(sequence: header.sequence, portID: 900 + UInt32(attempt)))]
    }
    try dumper.dump(filter: SocketFilter(states: .all)) { _ in false }
    XCTAssertEqual(transports().count, 1)
  }

  func testASendThatFailsIsTheDumpsError() {
    let dumper = SockDiagDumper(transport: { () throws(KernelError) -> any NetlinkTransport in
      let transport = ReplayTransport()
      transport.sendFailure = ENOBUFS
      return transport
    })
    XCTAssertThrowsError(try dumper.dump(filter: SocketFilter(states: .all)) { _ in true }) {
      XCTAssertEqual(($0 as? KernelError)?.errno, ENOBUFS)
    }
  }
}
