import Foundation
import TCPStateModel
import TCPStateWire
import XCTest

@testable import TCPStateKernel

/// Dump bytes recorded from a real kernel (Linux 6.18), and hand-built
/// control messages, through `DumpBufferProcessor`: `NetlinkFramer`'s
/// framing and checks and the inet_diag decoding, the path a live dump takes
/// (with the sequence and port checks off, as for any replay).
final class DumpFixtureTests: XCTestCase {
  struct Fixture {
    let bytes: [UInt8]
    let expected: [String]

    init(_ name: String) throws {
      let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TCPStateWireTests/Fixtures")
      bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).bin")))
      expected = try String(contentsOf: directory.appendingPathComponent("\(name).expect"), encoding: .utf8)
        .split(separator: "\n").map(String.init)
    }

    /// Where each message starts, from the length fields (the fixture is known to be whole).
    var messageStarts: [Int] {
      var starts: [Int] = []
      var offset = 0
      while offset + 16 <= bytes.count {
        starts.append(offset)
        offset += NetlinkHeader.aligned(
          Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }))
      }
      return starts
    }
  }

  struct Run {
    var sockets: [Socket] = []
    var problems: [DumpProblem] = []
    var outcome: DumpBufferProcessor.Outcome?
    var error: KernelError?
  }

  func run(
    _ bytes: [UInt8], sequence: UInt32 = 0, portID: UInt32 = 0, decode: Bool = true, stopAfter: Int = .max
  ) -> Run {
    var result = Run()
    let processor = DumpBufferProcessor(
      decode: decode,
      onSocket: {
        result.sockets.append($0)
        return result.sockets.count < stopAfter
      }, onProblem: { result.problems.append($0) })
    bytes.withUnsafeBytes { buffer in
      do throws(KernelError) {
        result.outcome = try processor.process(buffer, sequence: sequence, portID: portID)
      } catch {
        result.error = error
      }
    }
    return result
  }

  /// "STATE address localPort peerPort key=value" as the recorder wrote it.
  func describe(_ socket: Socket) -> String {
    let queue = socket.state == .listen ? "sendq=\(socket.sendQ)" : "recvq=\(socket.recvQ)"
    return "\(socket.state.name) \(socket.local.address) \(socket.local.port) \(socket.peer.port) \(queue)"
  }

  func testRecordedIPv4DumpDecodesToTheRecordedSockets() throws {
    let fixture = try Fixture("dump-inet-info")
    let result = run(fixture.bytes)
    XCTAssertNil(result.error)
    XCTAssertEqual(result.outcome, .done, "the dump ends with NLMSG_DONE")
    XCTAssertTrue(result.problems.isEmpty, "\(result.problems)")
    XCTAssertEqual(Set(result.sockets.map(describe)), Set(fixture.expected))
    for socket in result.sockets {
      XCTAssertEqual(socket.family, .inet)
      XCTAssertEqual(socket.tcpInfo?.receivedLength, 280, "Linux 6.18 sends 280 bytes of tcp_info")
      XCTAssertEqual(socket.tcpInfo?.tcpState, socket.state.rawValue)
      XCTAssertNotNil(socket.memory)
      XCTAssertEqual(socket.unknownAttributes, [])
      XCTAssertFalse(socket.congestion?.isEmpty ?? true)
    }
    let established = result.sockets.filter { $0.state == .established }
    XCTAssertEqual(established.count, 2)
    XCTAssertTrue(established.allSatisfy { ($0.tcpInfo?.sndMss ?? 0) > 0 && ($0.tcpInfo?.cwnd ?? 0) > 0 })
    let sender = try XCTUnwrap(established.first { $0.recvQ == 0 })
    XCTAssertEqual(sender.tcpInfo?.bytesAcked, 3001, "3000 bytes plus the SYN")
  }

  func testRecordedIPv6Dump() throws {
    let fixture = try Fixture("dump-inet6-info")
    let result = run(fixture.bytes)
    XCTAssertEqual(result.outcome, .done)
    XCTAssertTrue(result.problems.isEmpty)
    XCTAssertEqual(Set(result.sockets.map(describe)), Set(fixture.expected))
    XCTAssertTrue(result.sockets.allSatisfy { $0.family == .inet6 })
    XCTAssertEqual(result.sockets.first { $0.state == .listen }?.local.description.hasPrefix("[::1]:"), true)
  }

  /// The live checks are on when asked for: the recorded sequence and port are not these.
  func testSequenceAndPortChecks() throws {
    let bytes = try Fixture("dump-inet-info").bytes
    XCTAssertEqual(run(bytes, sequence: 42).error?.errno, EPROTO)
    XCTAssertEqual(run(bytes, portID: 42).error?.errno, ESRCH)
    let recorded = bytes.withUnsafeBytes { try! NetlinkHeader.decode($0) }
    XCTAssertEqual(run(bytes, sequence: recorded.sequence, portID: recorded.portID).sockets.count, 3)
  }

  /// Every cut of the buffer: no crash, every whole message before the cut
  /// decodes, and a cut message is reported at its start.
  func testEveryTruncationIsReportedNotCrashed() throws {
    let fixture = try Fixture("dump-inet-info")
    let starts = fixture.messageStarts
    for cut in 0..<fixture.bytes.count {
      let result = run(Array(fixture.bytes[..<cut]))
      XCTAssertNil(result.error)
      XCTAssertEqual(result.outcome, .more, "no NLMSG_DONE before \(cut)")
      let wholeMessages = zip(starts, starts.dropFirst() + [fixture.bytes.count]).filter { $0.1 <= cut }.count
      XCTAssertEqual(result.sockets.count, min(3, wholeMessages), "cut at \(cut)")
      if cut > 0 && !starts.contains(cut) {
        XCTAssertEqual(result.problems.count, 1, "cut at \(cut) must be reported")
        XCTAssertEqual(
          result.problems.first?.error.offset, starts.last { $0 < cut }, "reported where the cut message starts")
      } else {
        XCTAssertTrue(result.problems.isEmpty, "cut at \(cut): \(result.problems)")
      }
    }
  }

  func testCorruptAttributeLengthKeepsTheSocketAndPointsAtTheAttribute() throws {
    var bytes = try Fixture("dump-inet-info").bytes
    let secondMessage = 464
    // Second message: header 16 + inet_diag_msg 72, then the first attribute's u16 length.
    let attributeOffset = secondMessage + 16 + 72
    bytes[attributeOffset] = 0xff
    bytes[attributeOffset + 1] = 0x7f
    let result = run(bytes)
    XCTAssertEqual(result.sockets.count, 3, "the damaged message still yields its socket")
    XCTAssertEqual(result.problems.map(\.error.offset), [attributeOffset])
    XCTAssertTrue(result.problems.first?.error.reason.contains("claims 32767 bytes") ?? false, "\(result.problems)")
    XCTAssertEqual(result.outcome, .done)
  }

  func testImpossibleMessageLengthStopsFraming() throws {
    var bytes = try Fixture("dump-inet-info").bytes
    bytes.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(8), toByteOffset: 0, as: UInt32.self) }
    let result = run(bytes)
    XCTAssertEqual(result.sockets.count, 0)
    XCTAssertEqual(result.problems.map(\.error.offset), [0])
    XCTAssertTrue(result.problems.first?.error.reason.contains("shorter than its header") ?? false)
  }

  func testTrailingGarbageIsReportedAfterTheSockets() throws {
    let fixture = try Fixture("dump-inet-info")
    let done = try XCTUnwrap(fixture.messageStarts.last)
    let bytes = Array(fixture.bytes[..<done]) + [1, 2, 3, 4, 5, 6, 7]
    let result = run(bytes)
    XCTAssertEqual(result.sockets.count, 3)
    XCTAssertEqual(result.outcome, .more)
    XCTAssertEqual(result.problems.map(\.error.offset), [done])
  }

  func testDumpInterruptedIsAProblemAndEndsTheDump() throws {
    var bytes = try Fixture("dump-inet-info").bytes
    // NLM_F_DUMP_INTR on the second message.
    bytes[464 + 6] |= UInt8(NetlinkHeader.flagDumpInterrupted)
    let result = run(bytes)
    XCTAssertEqual(result.sockets.count, 1)
    XCTAssertEqual(result.outcome, .done)
    XCTAssertEqual(result.problems.map(\.error.offset), [464])
    XCTAssertTrue(result.problems.first?.error.reason.contains("NLM_F_DUMP_INTR") ?? false)
  }

  /// An NLMSG_ERROR with extended ack after two sockets, built as the kernel sends it.
  static func errorMessage(errno code: Int32, text: String?) -> [UInt8] {
    RecordedReplies.error(code, text: text, sequence: 0, portID: 0)
  }

  func testErrorWithExtendedAckCarriesTheKernelsText() throws {
    let fixture = try Fixture("dump-inet-info")
    let bytes = Array(fixture.bytes[..<928]) + Self.errorMessage(errno: EINVAL, text: "bad bytecode")
    let result = run(bytes)
    XCTAssertEqual(result.sockets.count, 2, "the sockets before the error are delivered")
    let error = try XCTUnwrap(result.error)
    XCTAssertEqual(error.errno, EINVAL)
    XCTAssertEqual(error.detail, "bad bytecode")
    XCTAssertEqual(error.operation, "sock_diag dump")
    // The recorder (no decoding) meets the same error in the same walk.
    XCTAssertEqual(run(bytes, decode: false).error?.detail, "bad bytecode")
  }

  func testErrorWithoutTextAndAcknowledgement() throws {
    XCTAssertEqual(run(Self.errorMessage(errno: EPERM, text: nil)).error?.errno, EPERM)
    XCTAssertNil(run(Self.errorMessage(errno: EPERM, text: nil)).error?.detail)
    let ack = run(Self.errorMessage(errno: 0, text: nil))
    XCTAssertNil(ack.error)
    XCTAssertEqual(ack.outcome, .done)
  }

  func testShortErrorMessageIsABadMessage() throws {
    var bytes: [UInt8] = []
    NetlinkHeader(length: 20, type: 2, flags: 0, sequence: 0, portID: 0).encode(into: &bytes)
    bytes += [0xea, 0xff, 0xff, 0xff]
    XCTAssertEqual(run(bytes).error?.errno, EBADMSG)
  }

  func testDoneEndsTheDumpAndItsNegativeStatusIsAnError() throws {
    let fixture = try Fixture("dump-inet-info")
    // NLMSG_DONE after the first socket: what follows is not read.
    let done = Array(fixture.bytes[1392...])
    let early = run(Array(fixture.bytes[..<464]) + done + Array(fixture.bytes[464..<928]))
    XCTAssertEqual(early.sockets.count, 1)
    XCTAssertEqual(early.outcome, .done)
    XCTAssertTrue(early.problems.isEmpty)
    var failed = done
    failed.withUnsafeMutableBytes { $0.storeBytes(of: Int32(-ENOBUFS), toByteOffset: 16, as: Int32.self) }
    XCTAssertEqual(run(failed).error?.errno, ENOBUFS)
  }

  func testRecordingFramesWithoutDecoding() throws {
    let result = run(try Fixture("dump-inet-info").bytes, decode: false)
    XCTAssertEqual(result.sockets.count, 0)
    XCTAssertEqual(result.outcome, .done)
  }

  func testStoppingEarly() throws {
    let result = run(try Fixture("dump-inet-info").bytes, stopAfter: 1)
    XCTAssertEqual(result.sockets.count, 1)
    XCTAssertEqual(result.outcome, .stopped)
  }

  /// Found by the inet_diag fuzz target once it drove the shipped path:
  /// libmnl 1.0.4 takes a message length of 2^31 or more for a negative one
  /// and walks off the buffer.
  func testLengthAboveInt32MaxIsATruncationNotACrash() throws {
    let fixture = try Fixture("dump-inet-info")
    var noop: [UInt8] = []
    NetlinkHeader(length: 0xd000_7262, type: 1, flags: 0, sequence: 0, portID: 0).encode(into: &noop)
    let bytes = Array(fixture.bytes[..<464]) + noop + Array(fixture.bytes[464..<928])
    let result = run(bytes)
    XCTAssertNil(result.error)
    XCTAssertEqual(result.sockets.count, 1)
    XCTAssertEqual(result.outcome, .more)
    XCTAssertEqual(result.problems.map(\.error.offset), [464])
    XCTAssertTrue(
      result.problems.first?.error.reason.contains("claims 3489690210 bytes") ?? false, "\(result.problems)")
  }
}
