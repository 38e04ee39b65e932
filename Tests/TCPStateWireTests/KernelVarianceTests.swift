import Foundation
import TCPStateKit
import TCPStateModel
import TCPStateWire
import XCTest

/// What older or newer kernels send, from bytes to what `list` prints: a
/// shorter tcp_info, a missing INET_DIAG_INFO, unknown states, timers and
/// attributes are shown as what they are, never as zeros or known names.
final class KernelVarianceTests: XCTestCase {
  func le32(_ v: UInt32) -> [UInt8] { HandBuilt.le32(v) }

  /// One inet_diag reply (`struct inet_diag_msg` + rtattrs) for 127.0.0.1:8080 → 127.0.0.2:80.
  func socket(state: UInt8, timer: UInt8 = 0, attributes: [(UInt16, [UInt8])] = []) throws -> Socket {
    let bytes = HandBuilt.message(
      state: state, timer: timer, retransmits: 0, interface: 0, cookie: (7, 0), expires: 1500, receiveQueue: 0,
      sendQueue: 0, uid: 0, inode: 99, sequence: 1, attributes: attributes.map { (type: $0.0, payload: $0.1) })
    let (decoded, error) = bytes.withUnsafeBytes { InetDiagMessage.decode($0) }
    XCTAssertNil(error)
    return try XCTUnwrap(decoded)
  }

  func render(_ socket: Socket) throws -> (table: String, json: [String: Any]) {
    var options = ListOptions()
    options.info = true
    options.timers = true
    options.extended = true
    var table = SocketTable(options: options)
    table.fit([socket])
    var out: [UInt8] = []
    table.row(socket, processes: [], into: &out)
    var writer = JSONWriter(reservingCapacity: 1024)
    SocketJSON(options: options).write(socket, processes: [], to: &writer)
    let object = try JSONSerialization.jsonObject(with: Data(writer.out)) as? [String: Any]
    return (String(decoding: out, as: UTF8.self), try XCTUnwrap(object))
  }

  /// Linux 4.x: 104 bytes of tcp_info, up to tcpi_total_retrans.
  func testOlderKernelsShorterTCPInfoLeavesOutWhatDidNotArrive() throws {
    var info = [UInt8](repeating: 0, count: 104)
    info.replaceSubrange(68..<72, with: le32(1500))  // tcpi_rtt
    info.replaceSubrange(80..<84, with: le32(10))  // tcpi_snd_cwnd
    info.replaceSubrange(16..<20, with: le32(1448))  // tcpi_snd_mss
    let shown = try render(try socket(state: 1, attributes: [(2, info), (4, Array("cubic\0".utf8))]))
    XCTAssertTrue(shown.table.contains("cwnd:10"), shown.table)
    for absent in ["pacing_rate", "delivery_rate", "bytes_acked", "minrtt", "snd_wnd", "busy"] {
      XCTAssertFalse(shown.table.contains(absent), "\(absent) did not arrive: \(shown.table)")
    }
    let tcpInfo = try XCTUnwrap(shown.json["tcp_info"] as? [String: Any])
    XCTAssertEqual(tcpInfo["received_length"] as? Int, 104)
    XCTAssertEqual(tcpInfo["cwnd"] as? Int, 10)
    for absent in ["pacing_rate_bps", "delivery_rate_bps", "bytes_acked", "min_rtt_us", "snd_wnd", "busy_time_us"] {
      XCTAssertNil(tcpInfo[absent], "\(absent) must be left out, not zero")
    }
  }

  /// TIME_WAIT and request sockets carry no INET_DIAG_INFO at all.
  func testMissingTCPInfoIsLeftOutNotZeroed() throws {
    let shown = try render(try socket(state: 6, timer: 3))
    XCTAssertTrue(shown.table.contains("TIME_WAIT"), shown.table)
    XCTAssertFalse(shown.table.contains("rtt:"), shown.table)
    XCTAssertFalse(shown.table.contains("cwnd:"), shown.table)
    XCTAssertNil(shown.json["tcp_info"])
    XCTAssertEqual(shown.json["state"] as? String, "TIME_WAIT")
  }

  /// A future kernel's state 14, timer 9 and attribute 99: named as unknown, with the number.
  func testUnknownStateTimerAndAttributeAreShownAsUnknown() throws {
    let shown = try render(try socket(state: 14, timer: 9, attributes: [(99, [1, 2, 3, 4])]))
    XCTAssertTrue(shown.table.contains("UNKNOWN(14)"), shown.table)
    XCTAssertTrue(shown.table.contains("unknown(9)"), shown.table)
    XCTAssertTrue(shown.table.contains("unknown_attrs:99"), shown.table)
    XCTAssertEqual(shown.json["state"] as? String, "UNKNOWN(14)")
    XCTAssertEqual(shown.json["unknown_attributes"] as? [Int], [99])
    let timer = try XCTUnwrap(shown.json["timer"] as? [String: Any], "\(shown.json)")
    XCTAssertEqual(timer["kind"] as? String, "unknown_9")
    var counts = StateCounts()
    counts.add(try socket(state: 14))
    let summary = SummaryText.render(counts, header: true, style: .plain)
    XCTAssertTrue(summary.contains("UNKNOWN(14)") || summary.contains("unknown"), summary)
  }

  /// An unknown congestion-avoidance state in tcp_info is named by its number.
  func testUnknownCongestionState() throws {
    var info = [UInt8](repeating: 0, count: 232)
    info[1] = 9  // tcpi_ca_state
    let shown = try render(try socket(state: 1, attributes: [(2, info)]))
    let tcpInfo = try XCTUnwrap(shown.json["tcp_info"] as? [String: Any])
    XCTAssertEqual(tcpInfo["ca_state"] as? String, "unknown_9")
  }
}
