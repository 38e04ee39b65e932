import Foundation
import Glibc
import TCPStateKernel
import TCPStateModel
import TestSupport
import XCTest

/// tcp_info as tcpstate decodes it, against `ss -tin` on the same sockets.
final class TCPInfoCrossCheckTests: XCTestCase {
  var sockets = LoopbackSockets()

  override func tearDown() { sockets.closeAll() }

  func ss(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["ss"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  func value(_ name: String, in text: String) -> String? {
    guard let range = text.range(of: "\(name):") else { return nil }
    return String(text[range.upperBound...].prefix { !$0.isWhitespace })
  }

  func testCwndMssRtoRetransAndRttAgreeWithSS() throws {
    guard
      FileManager.default.isExecutableFile(atPath: "/usr/bin/ss")
        || FileManager.default.isExecutableFile(atPath: "/bin/ss")
    else {
      throw XCTSkip("ss (iproute2) is not installed")
    }
    let (client, server, port) = try sockets.pair()
    let clientPort = sockets.localPort(client)
    let payload = [UInt8](repeating: 3, count: 20_000)
    _ = payload.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    var sink = [UInt8](repeating: 0, count: 65536)
    _ = read(server, &sink, sink.count)
    usleep(300_000)  // let the connection go idle so both readings see the same values

    let ours = try XCTUnwrap(
      try dumpSockets(ports: [port], states: StateSet(.established)).first { $0.local.port == clientPort })
    let info = try XCTUnwrap(ours.tcpInfo)
    let line = try ss(["-tinH", "state", "established", "src", "127.0.0.1:\(clientPort)", "dst", "127.0.0.1:\(port)"])
    XCTAssertFalse(line.isEmpty, "ss found the socket")
    XCTAssertEqual(value("cwnd", in: line).flatMap { UInt32($0) }, info.cwnd)
    XCTAssertEqual(value("mss", in: line).flatMap { UInt32($0) }, info.sndMss)
    XCTAssertEqual(value("rto", in: line).flatMap { Double($0) }, info.rto.map { Double($0) / 1000 })
    XCTAssertEqual(value("bytes_acked", in: line).flatMap { UInt64($0) }, info.bytesAcked)
    XCTAssertEqual(value("segs_out", in: line).flatMap { UInt32($0) }, info.segsOut)
    // ss prints retrans only when there were some; loopback has none.
    XCTAssertNil(value("retrans", in: line))
    XCTAssertEqual(info.totalRetrans, 0)
    let rtt = try XCTUnwrap(value("rtt", in: line)?.split(separator: "/").first.flatMap { Double($0) })
    XCTAssertEqual(rtt, Double(info.rtt ?? 0) / 1000, accuracy: 0.0011)
    XCTAssertEqual(value("wscale", in: line), "\(info.sndWscale ?? 99),\(info.rcvWscale ?? 99)")
  }
}
