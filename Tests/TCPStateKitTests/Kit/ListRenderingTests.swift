import Foundation
import TCPStateKit
import TCPStateModel
import XCTest

/// list's table and JSON for a socket, and the writers and text helpers they use.
final class ListRenderingTests: XCTestCase {
  func sample(state: TCPState = .established) -> Socket {
    var socket = Socket(
      family: .inet6, state: state, local: Endpoint(address: IPAddress("::1")!, port: 443),
      peer: Endpoint(address: IPAddress("::ffff:10.0.0.1")!, port: 50000), cookie: 42,
      timer: SocketTimer(kind: .keepalive, expiresMs: 7_190_000, retransmits: 0), recvQ: 1, sendQ: 2, uid: 1000,
      inode: 77)
    socket.congestion = "cubic"
    return socket
  }

  func testJSONIsValidAndHasTheDocumentedKeys() throws {
    var options = ListOptions()
    options.timers = true
    options.processes = true
    var json = JSONWriter()
    SocketJSON(options: options).write(
      sample(), processes: [ProcessRef(pid: 12, command: "we\"ird\nname", fd: 3)], to: &json)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out)) as? [String: Any])
    XCTAssertEqual(object["family"] as? String, "inet6")
    XCTAssertEqual(object["state"] as? String, "ESTABLISHED")
    XCTAssertEqual(object["local_address"] as? String, "::1")
    XCTAssertEqual(object["peer_address"] as? String, "::ffff:10.0.0.1")
    XCTAssertEqual(object["local_port"] as? Int, 443)
    XCTAssertEqual(object["recv_q"] as? Int, 1)
    XCTAssertEqual(object["cookie"] as? Int, 42)
    let timer = try XCTUnwrap(object["timer"] as? [String: Any])
    XCTAssertEqual(timer["kind"] as? String, "keepalive")
    XCTAssertEqual(timer["expires_ms"] as? Int, 7_190_000)
    let processes = try XCTUnwrap(object["processes"] as? [[String: Any]])
    XCTAssertEqual(processes.first?["command"] as? String, "we\"ird\nname")
    XCTAssertNil(object["tcp_info"], "no tcp_info key when none was asked for")
  }

  func testListenerJSONNamesTheQueues() throws {
    var json = JSONWriter()
    SocketJSON(options: ListOptions()).write(sample(state: .listen), processes: [], to: &json)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out)) as? [String: Any])
    XCTAssertEqual(object["accept_queue"] as? Int, 1)
    XCTAssertEqual(object["accept_queue_limit"] as? Int, 2)
  }

  func testJSONWriterNesting() throws {
    var json = JSONWriter()
    json.beginObject()
    json.key("a")
    json.beginArray()
    json.number(UInt64(1))
    json.beginObject()
    json.endObject()
    json.string("x")
    json.endArray()
    json.key("b")
    json.number(Int64(-5))
    json.key("c")
    json.null()
    json.endObject()
    XCTAssertEqual(String(decoding: json.out, as: UTF8.self), #"{"a":[1,{},"x"],"b":-5,"c":null}"#)
  }

  func testTableRowAndHeaderWithoutColour() {
    var options = ListOptions()
    options.timers = true
    var table = SocketTable(options: options)
    table.fit([sample()])
    var out: [UInt8] = []
    table.header(into: &out)
    table.row(sample(), processes: [], into: &out)
    let text = String(decoding: out, as: UTF8.self)
    XCTAssertTrue(text.hasPrefix("State "))
    XCTAssertTrue(text.contains("[::1]:443"))
    XCTAssertTrue(text.contains("[::ffff:10.0.0.1]:50000"))
    XCTAssertTrue(text.contains("timer:(keepalive,119min50sec,0)"), text)
    XCTAssertFalse(text.contains("\u{1B}["), "no escape codes when colour is off")
  }

  func testListenerHeader() {
    var options = ListOptions()
    options.listenersOnly = true
    var out: [UInt8] = []
    SocketTable(options: options).header(into: &out)
    let header = String(decoding: out, as: UTF8.self)
    XCTAssertTrue(header.contains("Accept-Q") && header.contains("Backlog"))
  }

  func testColourDecision() {
    XCTAssertTrue(TextStyle.decide(mode: "auto", isTerminal: true, environment: [:]).enabled)
    XCTAssertFalse(TextStyle.decide(mode: "auto", isTerminal: true, environment: ["NO_COLOR": ""]).enabled)
    XCTAssertFalse(TextStyle.decide(mode: "auto", isTerminal: false, environment: [:]).enabled)
    XCTAssertFalse(TextStyle.decide(mode: "auto", isTerminal: true, environment: ["TERM": "dumb"]).enabled)
    XCTAssertTrue(TextStyle.decide(mode: "always", isTerminal: false, environment: ["NO_COLOR": "1"]).enabled)
  }

  func testFormatting() {
    XCTAssertEqual(TextFormatting.rate(bitsPerSecond: 1_500_000), "1.5Mbps")
    XCTAssertEqual(TextFormatting.rate(bitsPerSecond: 999), "999bps")
    XCTAssertEqual(TextFormatting.milliseconds(fromMicroseconds: 204_000), "204")
    XCTAssertEqual(TextFormatting.milliseconds(fromMicroseconds: 32), "0.032")
    XCTAssertEqual(TextFormatting.timerDuration(milliseconds: 200), "200ms")
    XCTAssertEqual(TextFormatting.timerDuration(milliseconds: 59_500), "59.5sec")
  }
}
