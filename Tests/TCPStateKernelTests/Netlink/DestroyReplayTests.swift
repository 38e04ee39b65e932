import Glibc
import TCPStateModel
import TCPStateWire
import XCTest

@testable import TCPStateKernel

/// `SocketDestroyer` and `DestroyMonitor` over a `ReplayTransport`: every
/// answer SOCK_DESTROY can get, and notifications lost or damaged.
final class DestroyReplayTests: XCTestCase {
  /// The recorded ESTABLISHED socket, decoded.
  func target() throws -> Socket {
    try XCTUnwrap(RecordedReplies.sockets[1].withUnsafeBytes { InetDiagMessage.decode($0).0 })
  }

  func destroyer(_ answer: @escaping (NetlinkHeader) -> [ReplayTransport.Delivery]) -> (
    SocketDestroyer, ReplayTransport
  ) {
    let transport = ReplayTransport(portID: 31) { answer(ReplayTransport.headers(of: $0)[0]) }
    return (SocketDestroyer(transport: transport), transport)
  }

  func testAcknowledgedIsDestroyedAndTheRequestNamesTheSocket() throws {
    let (destroyer, transport) = destroyer { [.datagram(RecordedReplies.error(0, sequence: $0.sequence, portID: 31))] }
    let socket = try target()
    XCTAssertEqual(destroyer.destroy(socket).errno, 0)
    let header = try XCTUnwrap(transport.requests.first.map(ReplayTransport.headers)?.first)
    XCTAssertEqual(header.type, NetlinkHeader.typeSockDestroy)
    XCTAssertEqual(header.flags, 0x5, "NLM_F_REQUEST | NLM_F_ACK")
    XCTAssertEqual(transport.requests.first, InetDiagRequest.destroy(socket).encode(sequence: header.sequence))
  }

  func testRefusalCarriesErrnoAndText() throws {
    let (destroyer, _) = destroyer {
      [.datagram(RecordedReplies.error(EOPNOTSUPP, text: "no destroy", sequence: $0.sequence, portID: 31))]
    }
    let answer = destroyer.destroy(try target())
    XCTAssertEqual(answer.errno, EOPNOTSUPP)
    XCTAssertEqual(answer.detail, "no destroy")
  }

  /// An answer to an earlier request is skipped; this request's answer is read.
  func testStrayAnswerIsSkipped() throws {
    let (destroyer, _) = destroyer {
      [
        .datagram(RecordedReplies.error(ENOENT, sequence: $0.sequence &- 1, portID: 31)),
        .datagram(RecordedReplies.error(ESTALE, sequence: $0.sequence, portID: 31)),
      ]
    }
    XCTAssertEqual(destroyer.destroy(try target()).errno, ESTALE)
  }

  func testNoReplyMalformedReplyAndFailedSend() throws {
    let socket = try target()
    XCTAssertEqual(destroyer { _ in [] }.0.destroy(socket).errno, EIO)
    let (short, _) = destroyer { header in
      var bytes: [UInt8] = []
      NetlinkHeader(length: 20, type: 2, flags: 0, sequence: header.sequence, portID: 31).encode(into: &bytes)
      return [.datagram(bytes + [0xea, 0xff, 0xff, 0xff])]
    }
    XCTAssertEqual(short.destroy(socket).detail, "malformed NLMSG_ERROR")
    XCTAssertEqual(
      destroyer { _ in [.datagram([1, 2, 3])] }.0.destroy(socket).detail, "malformed reply to SOCK_DESTROY")
    let (refused, transport) = destroyer { _ in [] }
    transport.sendFailure = EPERM
    XCTAssertEqual(refused.destroy(socket).errno, EPERM)
  }

  /// Notifications as the kernel multicasts them (sequence and port 0),
  /// one of them lost to a full buffer and one damaged.
  func testMonitorDeliversNotificationsAndCountsWhatWasLost() throws {
    let notification = { (index: Int) in
      RecordedReplies.readdressed(RecordedReplies.sockets[index], sequence: 0, portID: 0)
    }
    var damaged = notification(2)
    damaged.withUnsafeMutableBytes { $0.storeBytes(of: UInt16(0x7fff), toByteOffset: 16 + 72, as: UInt16.self) }
    let transport = ReplayTransport(queued: [
      .datagram(notification(1)), .failure(errno: ENOBUFS), .datagram(damaged + [9, 9]),
    ])
    let monitor = DestroyMonitor(transport: transport)
    var drained: [Socket] = []
    monitor.drain { drained.append($0) }
    XCTAssertEqual(drained.count, 2)
    XCTAssertEqual(monitor.overruns, 1)
    XCTAssertEqual(monitor.problems, 2, "the damaged attribute and the trailing bytes")
    XCTAssertNotNil(monitor.firstProblem)
    XCTAssertNil(monitor.lastError)
    XCTAssertEqual(monitor.fileDescriptor, -1)
  }

  func testMonitorKeepsAReceiveError() {
    let monitor = DestroyMonitor(transport: ReplayTransport(queued: [.failure(errno: EBADF)]))
    var drained = 0
    monitor.drain { _ in drained += 1 }
    XCTAssertEqual(drained, 0)
    XCTAssertEqual(monitor.lastError?.errno, EBADF)
  }
}
