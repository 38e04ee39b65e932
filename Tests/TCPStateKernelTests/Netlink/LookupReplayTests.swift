import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire
import XCTest

@testable import TCPStateKernel

/// `SocketLookup` over a `ReplayTransport`: batching, and the three answers
/// a lookup can get (found, no such socket, nothing), without root.
final class LookupReplayTests: XCTestCase {
  /// `count` distinct 4-tuples on 127.0.0.1.
  func keys(_ count: Int) -> [ConnectionKey] {
    (0..<count).map {
      ConnectionKey(
        family: .inet,
        local: Endpoint(address: IPAddress(family: .inet, bytes: [127, 0, 0, 1])!, port: UInt16(10_000 + $0)),
        peer: Endpoint(address: IPAddress(family: .inet, bytes: [127, 0, 0, 1])!, port: 80))
    }
  }

  /// Every third key found, every third ENOENT, every third never answered.
  func transport() -> ReplayTransport {
    ReplayTransport(portID: 77) { request in
      let reply = ReplayTransport.headers(of: request).enumerated().flatMap { index, header -> [UInt8] in
        switch index % 3 {
        case 0: RecordedReplies.readdressed(RecordedReplies.sockets[1], sequence: header.sequence, portID: 77)
        case 1: RecordedReplies.error(ENOENT, sequence: header.sequence, portID: 77)
        default: []
        }
      }
      return [.datagram(reply)]
    }
  }

  func testBatchesOf512AndEveryAnswerSorted() {
    let transport = transport()
    let lookup = SocketLookup(transport: transport)
    let keys = keys(1_100)
    let result = lookup.lookUp(keys, extensions: [.info])
    XCTAssertEqual(transport.requests.count, 3, "1,100 lookups in three sendmsg calls")
    XCTAssertEqual(transport.requests.map { ReplayTransport.headers(of: $0).count }, [512, 512, 76])
    let sequences = transport.requests.flatMap { ReplayTransport.headers(of: $0).map(\.sequence) }
    XCTAssertEqual(Set(sequences).count, 1_100, "one sequence number per lookup")
    XCTAssertTrue(
      transport.requests.flatMap(ReplayTransport.headers).allSatisfy { $0.flags == 1 }, "NLM_F_REQUEST, no dump")
    // Batches restart the index, so the pattern follows each batch's position.
    let positions = keys.indices.map { ($0 % 512) % 3 }
    XCTAssertEqual(result.found.count, positions.filter { $0 == 0 }.count)
    XCTAssertEqual(result.absent.count, positions.filter { $0 == 1 }.count)
    XCTAssertEqual(result.unanswered.count, positions.filter { $0 == 2 }.count)
    XCTAssertEqual(result.found[keys[0]]?.state, .established)
    XCTAssertTrue(result.absent.contains(keys[1]))
    XCTAssertTrue(result.unanswered.contains(keys[2]))
    XCTAssertEqual(lookup.findAll(Array(keys.prefix(3))).keys.sorted { $0.local.port < $1.local.port }, [keys[0]])
    XCTAssertNil(lookup.lastError, "ENOENT is an answer, not an error")
  }

  /// Replies the kernel dropped (ENOBUFS) leave their keys unknown, never "no socket".
  func testLostRepliesAreUnansweredAndCounted() {
    let transport = ReplayTransport(portID: 5) { request in
      let headers = ReplayTransport.headers(of: request)
      return [
        .datagram(RecordedReplies.readdressed(RecordedReplies.sockets[2], sequence: headers[0].sequence, portID: 5)),
        .failure(errno: ENOBUFS),
      ]
    }
    let lookup = SocketLookup(transport: transport)
    let keys = keys(4)
    let result = lookup.lookUp(keys)
    XCTAssertEqual(Array(result.found.keys), [keys[0]])
    XCTAssertEqual(result.unanswered, Set(keys.dropFirst()))
    XCTAssertTrue(result.absent.isEmpty)
    XCTAssertEqual(lookup.overruns, 1)
  }

  func testFailedSendLeavesEveryKeyUnknownAndSaysWhy() {
    let transport = ReplayTransport()
    transport.sendFailure = EPERM
    let lookup = SocketLookup(transport: transport)
    let result = lookup.lookUp(keys(3))
    XCTAssertEqual(result.unanswered.count, 3)
    XCTAssertEqual(lookup.lastError?.errno, EPERM)
  }

  /// A reply for another port, a truncated reply and a damaged message.
  func testStrayAndMalformedRepliesAreNotTakenForAnswers() {
    let transport = ReplayTransport(portID: 9) { request in
      let headers = ReplayTransport.headers(of: request)
      let stray = RecordedReplies.readdressed(RecordedReplies.sockets[1], sequence: headers[0].sequence, portID: 10)
      var damaged = RecordedReplies.readdressed(RecordedReplies.sockets[1], sequence: headers[1].sequence, portID: 9)
      damaged.withUnsafeMutableBytes { $0.storeBytes(of: UInt16(0x7fff), toByteOffset: 16 + 72, as: UInt16.self) }
      let cut = Array(
        RecordedReplies.readdressed(RecordedReplies.sockets[1], sequence: headers[2].sequence, portID: 9).prefix(40))
      return [.datagram(stray + damaged + cut)]
    }
    let lookup = SocketLookup(transport: transport)
    let keys = keys(3)
    let result = lookup.lookUp(keys)
    XCTAssertNil(result.found[keys[0]], "addressed to port 10: not ours")
    XCTAssertEqual(result.found[keys[1]]?.state, .established, "a damaged attribute keeps its socket")
    XCTAssertEqual(result.unanswered, [keys[0], keys[2]])
    XCTAssertEqual(lookup.problems.count, 2, "the damaged attribute and the cut message: \(lookup.problems)")
  }
}
