import Foundation
import Glibc
import TCPStateKernel
import TCPStateModel
import TCPStateWire
import XCTest

/// The in-kernel bytecode must select exactly what the user-space matcher does.
final class KernelFilterTests: XCTestCase {
  var sockets = LoopbackSockets()

  override func tearDown() { sockets.closeAll() }

  /// Cookies of the matching sockets; with `ports`, only of sockets with
  /// one of those ports at either end: the test's own, so that other
  /// processes opening and closing sockets between the two dumps cannot
  /// make them differ.
  func dump(_ filter: SocketFilter, kernel: Bool, ports: Set<UInt16>? = nil) throws -> Set<UInt64> {
    var cookies = Set<UInt64>()
    try SockDiagDumper().dump(filter: filter, useKernelFilter: kernel) { socket in
      if let ports, !ports.contains(socket.local.port) && !ports.contains(socket.peer.port) { return true }
      cookies.insert(socket.cookie)
      return true
    }
    return cookies
  }

  func testBytecodeAgreesWithUserSpaceMatching() throws {
    let (_, _, portA) = try sockets.pair()
    let (_, _, portB) = try sockets.pair()
    let (_, _, portC) = try sockets.pair(ipv6: true)
    let low = min(portA, portB)
    let high = max(portA, portB)
    let filters: [SocketFilter] = [
      SocketFilter(clauses: [[.port(.source, portA...portA), .port(.destination, portA...portA)]]),
      SocketFilter(clauses: [[.port(.source, low...high)]]),
      SocketFilter(clauses: [
        [.port(.destination, portB...portB)], [.address(.source, IPAddress("127.0.0.0")!, prefix: 8)],
      ]),
      SocketFilter(clauses: [
        [.address(.destination, IPAddress("::1")!, prefix: 128)], [.port(.destination, portC...portC)],
      ]),
      SocketFilter(
        states: StateSet(.listen), clauses: [[.port(.source, portA...portA), .port(.source, portC...portC)]]),
      SocketFilter(clauses: [[.address(.source, IPAddress("10.0.0.0")!, prefix: 8)]]),
    ]
    let own: Set<UInt16> = [portA, portB, portC]
    for (index, filter) in filters.enumerated() {
      let inKernel = try dump(filter, kernel: true, ports: own)
      let inUserSpace = try dump(filter, kernel: false, ports: own)
      XCTAssertEqual(inKernel, inUserSpace, "filter \(index)")
    }
    XCTAssertEqual(try dump(filters[0], kernel: true).count, 3, "listener and both ends of pair A")
    XCTAssertEqual(try dump(filters[4], kernel: true).count, 2, "the two listeners")
    XCTAssertEqual(try dump(filters[5], kernel: true).count, 0)
  }

  func testNarrowFilterIsAppliedInTheKernel() throws {
    let (_, port) = try sockets.listener()
    var seen = 0
    let filter = SocketFilter(clauses: [[.port(.source, port...port)]])
    let decoded = try SockDiagDumper().dump(filter: filter) { _ in
      seen += 1
      return true
    }
    XCTAssertEqual(seen, 1)
    XCTAssertEqual(decoded, 1, "the kernel sent only the matching socket")
  }
}

/// The recorded bytes through the same libmnl path as a live dump.
final class DumpBufferProcessorTests: XCTestCase {
  func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("TCPStateWireTests/Fixtures/\(name).bin")
    return [UInt8](try Data(contentsOf: url))
  }

  func run(_ bytes: [UInt8]) throws -> (
    sockets: [Socket], problems: [DumpProblem], outcome: DumpBufferProcessor.Outcome
  ) {
    var sockets: [Socket] = []
    var problems: [DumpProblem] = []
    let processor = DumpBufferProcessor(
      onSocket: {
        sockets.append($0)
        return true
      }, onProblem: { problems.append($0) })
    let outcome = try bytes.withUnsafeBytes { try processor.process($0) }
    return (sockets, problems, outcome)
  }

  func testRecordedDumpEndsWithDone() throws {
    let (sockets, problems, outcome) = try run(try fixture("dump-inet-info"))
    XCTAssertEqual(sockets.count, 3)
    XCTAssertTrue(problems.isEmpty)
    XCTAssertEqual(outcome, .done)
  }

  func testTruncatedChunkReportsTheCutAndKeepsTheRest() throws {
    let bytes = try fixture("dump-inet-info")
    let firstLength = Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
    let cut = Array(bytes[..<(firstLength + 40)])
    let (sockets, problems, outcome) = try run(cut)
    XCTAssertEqual(sockets.count, 1, "the whole first message still decodes")
    XCTAssertEqual(problems.count, 1)
    XCTAssertEqual(problems.first?.error.offset, firstLength)
    XCTAssertEqual(outcome, .more)
  }

  func testCorruptAttributeIsReportedWithItsOffset() throws {
    var bytes = try fixture("dump-inet-info")
    let firstLength = Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
    // Second message, first attribute's length.
    bytes[firstLength + 16 + 72] = 0xff
    bytes[firstLength + 16 + 72 + 1] = 0x7f
    let (sockets, problems, outcome) = try run(bytes)
    XCTAssertEqual(sockets.count, 3)
    XCTAssertEqual(problems.map(\.error.offset), [firstLength + 16 + 72])
    XCTAssertEqual(outcome, .done)
  }

  func testStoppingEarly() throws {
    var count = 0
    let processor = DumpBufferProcessor(
      onSocket: { _ in
        count += 1
        return false
      }, onProblem: { _ in })
    let outcome = try fixture("dump-inet-info").withUnsafeBytes { try processor.process($0) }
    XCTAssertEqual(count, 1)
    XCTAssertEqual(outcome, .stopped)
  }
}
