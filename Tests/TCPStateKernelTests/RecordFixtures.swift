import Foundation
import Glibc
import TCPStateKernel
import TCPStateModel
import TestSupport
import XCTest

/// Records real dump bytes as fixtures for the wire tests. Runs only with
/// TCPSTATE_RECORD_FIXTURES=1 (`swift test --filter RecordFixtures`), so the
/// committed fixtures stay fixed; the expectations beside them come from the
/// sockets this test made, not from decoding.
final class RecordFixtures: XCTestCase {
  func testRecordDumpFixtures() throws {
    guard ProcessInfo.processInfo.environment["TCPSTATE_RECORD_FIXTURES"] == "1" else {
      throw XCTSkip("set TCPSTATE_RECORD_FIXTURES=1 to re-record fixtures")
    }
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("TCPStateWireTests/Fixtures")
    let sockets = LoopbackSockets()
    defer { sockets.closeAll() }
    var expected: [String] = []
    for ipv6 in [false, true] {
      let (listenFD, port) = try sockets.listener(ipv6: ipv6, backlog: 9)
      let client = try sockets.connect(port: port, ipv6: ipv6)
      let server = try sockets.accept(listenFD)
      let payload = [UInt8](repeating: 7, count: 3000)
      _ = payload.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
      let clientPort = sockets.localPort(client)
      let address = ipv6 ? "::1" : "127.0.0.1"
      expected.append("LISTEN \(address) \(port) 0 sendq=9")
      expected.append("ESTABLISHED \(address) \(port) \(clientPort) recvq=3000")
      expected.append("ESTABLISHED \(address) \(clientPort) \(port) recvq=0")
      _ = server
      usleep(100_000)
      let filter = SocketFilter(
        families: [ipv6 ? .inet6 : .inet],
        clauses: [[.port(.source, port...port), .port(.destination, port...port)]])
      var bytes = Data()
      let tap = { (chunk: UnsafeRawBufferPointer) in bytes.append(contentsOf: chunk) }
      try SockDiagDumper().dump(
        filter: filter, extensions: [.info, .congestion, .skMemInfo, .shutdown, .tos], tap: tap
      ) { _ in true }
      let name = ipv6 ? "dump-inet6-info" : "dump-inet-info"
      try bytes.write(to: fixtures.appendingPathComponent("\(name).bin"))
      try (expected.joined(separator: "\n") + "\n").write(
        to: fixtures.appendingPathComponent("\(name).expect"), atomically: true, encoding: .utf8)
      expected.removeAll()
    }
  }
}
