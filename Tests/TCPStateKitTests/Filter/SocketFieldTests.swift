import CShim
import TCPStateFilter
import TCPStateKit
import TCPStateModel
import XCTest

private typealias F = DoctorFixtures

/// The field table behind --where, --sort and their help: one entry per
/// JSON number, named and scaled as the JSON is.
final class SocketFieldTests: XCTestCase {
  func testEveryTCPInfoJSONNumberIsAField() throws {
    // A socket with every tcp_info byte set: its JSON's numeric keys are what the table must cover.
    let info = F.info { raw in
      withUnsafeMutableBytes(of: &raw) { _ = $0.initializeMemory(as: UInt8.self, repeating: 1) }
    }
    var socket = F.socket(.established, info: info)
    socket.congestion = "cubic"
    var json = JSONWriter(reservingCapacity: 4096)
    var options = ListOptions()
    options.info = true
    SocketJSON(options: options).write(socket, processes: [], to: &json)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(json.out)) as? [String: Any])
    let tcpInfo = try XCTUnwrap(object["tcp_info"] as? [String: Any])
    let numericKeys = tcpInfo.filter { $0.value is NSNumber && !($0.value is Bool) }.map { "tcp_info.\($0.key)" }
    let tableKeys = Set(SocketField.all.map(\.jsonKey))
    let uncovered = Set(numericKeys).subtracting(tableKeys).subtracting(["tcp_info.received_length"])
    XCTAssertEqual(uncovered, [], "numbers in the JSON that --where cannot name")
    XCTAssertEqual(Set(SocketField.all.map(\.name)).count, SocketField.all.count, "names are unique")
  }

  func testUnitsComeFromTheJSONKeys() throws {
    let rtt = try XCTUnwrap(SocketField.named("rtt"))
    XCTAssertEqual(rtt.jsonKey, "tcp_info.rtt_us")
    XCTAssertEqual(rtt.unit, .duration)
    let lastSent = try XCTUnwrap(SocketField.named("last_data_sent"))
    XCTAssertEqual(lastSent.jsonKey, "tcp_info.last_data_sent_ms")
    let info = F.info { $0.tcpi_last_data_sent = 7 }
    XCTAssertEqual(lastSent.value(F.socket(.established, info: info)), 7000, "milliseconds become microseconds")
    XCTAssertEqual(SocketField.named("pacing_rate")?.unit, .bitsPerSecond)
    XCTAssertEqual(SocketField.named("send_q")?.unit, .bytes)
    XCTAssertEqual(SocketField.named("snd_wnd")?.unit, .bytes)
    XCTAssertEqual(SocketField.named("total_retrans")?.unit, .count)
    XCTAssertEqual(SocketField.named("SENDQ")?.name, "send_q", "aliases, any case")
    XCTAssertEqual(SocketField.named("timer_expires")?.jsonKey, "timer.expires_ms")
  }

  func testHelpListsEveryField() {
    let help = SocketFieldHelp.fields(includingSummary: true)
    for field in SocketField.all {
      XCTAssertTrue(help.contains("\(field.name) ("), field.name)
      XCTAssertTrue(help.contains(field.jsonKey), field.jsonKey)
    }
    XCTAssertFalse(SocketFieldHelp.fields(includingSummary: false).contains("lifetime"))
  }

  func testSortAscendingDescendingMissingLast() throws {
    func socket(_ port: UInt16, rtt: UInt32?) -> Socket {
      guard let rtt else { return F.socket(.timeWait, local: ("127.0.0.1", port)) }
      let info = F.info { $0.tcpi_rtt = rtt }
      return F.socket(.established, local: ("127.0.0.1", port), info: info)
    }
    let sockets = [
      socket(1, rtt: 300), socket(2, rtt: nil), socket(3, rtt: 20), socket(4, rtt: 300), socket(5, rtt: 9000),
    ]
    XCTAssertEqual(try SocketSort("rtt").sorted(sockets).map(\.local.port), [3, 1, 4, 5, 2])
    XCTAssertEqual(try SocketSort("-rtt").sorted(sockets).map(\.local.port), [5, 1, 4, 3, 2], "ties keep order")
    XCTAssertThrowsError(try SocketSort("-rtx")) { error in
      XCTAssertEqual((error as! TCPStateError).hints, ["did you mean rto or rtt or ato?"])
    }
    XCTAssertThrowsError(try SocketSort("lifetime"), "only watch summaries have a lifetime")
    XCTAssertThrowsError(try SocketSort("-"))
  }
}
