import CShim
import TCPStateKit
import TCPStateModel
import TCPStateTop
import XCTest

/// `top`'s frame model without a terminal: rates from two snapshots matched
/// by cookie, blanks for new sockets, header deltas, counter resets, sorting.
final class TopModelTests: XCTestCase {
  static func connection(
    _ cookie: UInt64, _ state: TCPState = .established, local: (String, UInt16) = ("10.0.0.1", 8080),
    peer: (String, UInt16) = ("10.0.0.2", 40000), acked: UInt64? = 0, received: UInt64 = 0, retrans: UInt32 = 0,
    rtt: UInt32 = 1000
  ) -> Socket {
    let info: TCPInfo? =
      acked.map { acked in
        DoctorFixtures.info {
          $0.tcpi_bytes_acked = acked
          $0.tcpi_bytes_received = received
          $0.tcpi_total_retrans = retrans
          $0.tcpi_rtt = rtt
          $0.tcpi_snd_cwnd = 10
        }
      }
    var socket = DoctorFixtures.socket(state, local: local, peer: peer, info: info)
    socket.cookie = cookie
    return socket
  }

  static func counters(opens: Int64, retrans: Int64) -> CounterTable {
    var table = CounterTable()
    table["Tcp", "ActiveOpens"] = opens
    table["Tcp", "PassiveOpens"] = opens
    table["Tcp", "RetransSegs"] = retrans
    table["Tcp", "OutRsts"] = 0
    table["TcpExt", "ListenOverflows"] = 0
    return table
  }

  func testFirstSnapshotLeavesRatesBlankNotZero() {
    var model = TopModel()
    model.ingest(TopSnapshot(time: 10, sockets: [Self.connection(1, acked: 5000)]))
    let row = model.rows[0]
    XCTAssertNil(row.sendRate)
    XCTAssertNil(row.recvRate)
    XCTAssertNil(row.retransInterval)
    XCTAssertTrue(row.stateAtLeast, "the state was there before top looked")
    XCTAssertNil(model.header.interval)
    XCTAssertNil(model.header.rate("opens"))
    let text = TopTextRenderer.row(row, view: .connections, addressWidth: 18)
    XCTAssertFalse(text.contains("0B"), "a blank rate must not print as zero: \(text)")
  }

  func testRatesComeFromBytesAckedAndReceivedDeltasByCookie() {
    var model = TopModel()
    model.ingest(
      TopSnapshot(
        time: 10,
        sockets: [Self.connection(1, acked: 1000, received: 100, retrans: 2), Self.connection(2, acked: 0)]))
    model.ingest(
      TopSnapshot(
        time: 12,
        sockets: [
          Self.connection(2, acked: 0), Self.connection(1, acked: 5000, received: 600, retrans: 5),
          Self.connection(3, acked: 9000),
        ]))
    let byCookie = Dictionary(uniqueKeysWithValues: model.rows.map { ($0.cookie, $0) })
    XCTAssertEqual(byCookie[1]?.sendRate, 2000)
    XCTAssertEqual(byCookie[1]?.recvRate, 250)
    XCTAssertEqual(byCookie[1]?.retransInterval, 3)
    XCTAssertEqual(byCookie[1]?.retransTotal, 5)
    XCTAssertEqual(byCookie[2]?.sendRate, 0, "an idle known connection has a zero rate")
    XCTAssertNil(byCookie[3]?.sendRate, "a socket seen for the first time has no rate yet")
    XCTAssertEqual(model.header.appeared, 1)
    XCTAssertEqual(model.header.left, 0)
    XCTAssertEqual(model.header.interval, 2)
  }

  func testCounterGoingBackIsBlankNotHuge() {
    var model = TopModel()
    model.ingest(TopSnapshot(time: 0, sockets: [Self.connection(1, acked: 10_000)]))
    model.ingest(TopSnapshot(time: 1, sockets: [Self.connection(1, acked: 500)]))
    XCTAssertNil(model.rows[0].sendRate)
    // A socket without tcp_info (time-wait) never gets a rate.
    model.ingest(TopSnapshot(time: 2, sockets: [Self.connection(1, .timeWait, acked: nil)]))
    XCTAssertNil(model.rows[0].sendRate)
  }

  func testHeaderStateChangesAndCounterRatesAndResets() {
    var model = TopModel()
    let first = [Self.connection(1), Self.connection(2), Self.connection(3, .timeWait, acked: nil)]
    model.ingest(TopSnapshot(time: 0, sockets: first, counters: Self.counters(opens: 100, retrans: 7)))
    let second = [Self.connection(1), Self.connection(4, .closeWait), Self.connection(5, .listen)]
    model.ingest(TopSnapshot(time: 2, sockets: second, counters: Self.counters(opens: 110, retrans: 11)))
    let lines = Dictionary(uniqueKeysWithValues: model.header.states.map { ($0.state, $0) })
    XCTAssertEqual(lines[.established]?.count, 1)
    XCTAssertEqual(lines[.established]?.change, -1)
    XCTAssertEqual(lines[.closeWait]?.change, 1)
    XCTAssertEqual(lines[.timeWait]?.count, 0, "a state that emptied stays in the header with its change")
    XCTAssertEqual(lines[.timeWait]?.change, -1)
    XCTAssertEqual(model.header.appeared, 2)
    XCTAssertEqual(model.header.left, 2)
    XCTAssertEqual(model.header.rate("opens"), 10, "(10 active + 10 passive) over 2 s")
    XCTAssertEqual(model.header.rate("retrans_segs"), 2)
    XCTAssertEqual(model.header.rate("listen_overflows"), 0)
    // Counters that went down (a reset, another namespace) give no rate at all.
    model.ingest(TopSnapshot(time: 3, sockets: second, counters: Self.counters(opens: 5, retrans: 11)))
    XCTAssertNil(model.header.rate("opens"))
    XCTAssertEqual(model.header.rate("retrans_segs"), 0)
    let header = TopTextRenderer.header(TopFrame.make(model, order: TopOrder()))
    XCTAssertTrue(header[2].text.contains("opens -"), header[2].text)
    // A counter missing from one reading is unknown too.
    model.ingest(TopSnapshot(time: 4, sockets: second, counters: CounterTable()))
    XCTAssertNil(model.header.rate("retrans_segs"))
  }

  func testTimeInStateIsExactOnlyAfterAChangeWasSeen() {
    var model = TopModel()
    model.ingest(TopSnapshot(time: 0, sockets: [Self.connection(1)]))
    model.ingest(TopSnapshot(time: 5, sockets: [Self.connection(1)]))
    XCTAssertEqual(model.rows[0].stateSeconds, 5)
    XCTAssertTrue(model.rows[0].stateAtLeast)
    model.ingest(TopSnapshot(time: 6, sockets: [Self.connection(1, .closeWait)]))
    model.ingest(TopSnapshot(time: 9, sockets: [Self.connection(1, .closeWait)]))
    XCTAssertEqual(model.rows[0].stateSeconds, 3)
    XCTAssertFalse(model.rows[0].stateAtLeast)
    XCTAssertEqual(TopTextRenderer.value(model.rows[0], .age), "3s")
  }

  /// Two snapshots one second apart: cookie 1 sends 3000 B/s, 2 sends 1000, 3 is new (blank).
  func twoRefreshes() -> TopModel {
    var model = TopModel()
    model.ingest(
      TopSnapshot(
        time: 0,
        sockets: [
          Self.connection(1, local: ("10.0.0.10", 80), acked: 0, received: 900),
          Self.connection(2, local: ("10.0.0.9", 443), acked: 0, received: 0),
          Self.connection(9, .listen, local: ("0.0.0.0", 80), peer: ("0.0.0.0", 0)),
        ]))
    var listener = Self.connection(9, .listen, local: ("0.0.0.0", 80), peer: ("0.0.0.0", 0))
    listener.recvQ = 3
    listener.sendQ = 4
    model.ingest(
      TopSnapshot(
        time: 1,
        sockets: [
          Self.connection(3, local: ("10.0.0.9", 22), acked: 50),
          Self.connection(2, local: ("10.0.0.9", 443), acked: 1000, received: 5000),
          Self.connection(1, local: ("10.0.0.10", 80), acked: 3000, received: 1000), listener,
        ]))
    return model
  }

  func testSortOrdersBlankRatesLastBothWays() {
    let model = twoRefreshes()
    let bySend = TopFrame.make(model, order: TopOrder(sort: .send))
    XCTAssertEqual(bySend.rows.map(\.cookie), [1, 2, 3], "largest first, the blank last")
    let reversed = TopFrame.make(model, order: TopOrder(sort: .send, reversed: true))
    XCTAssertEqual(reversed.rows.map(\.cookie), [2, 1, 3], "smallest first, the blank still last")
    XCTAssertEqual(TopFrame.make(model, order: TopOrder(sort: .recv)).rows.map(\.cookie), [2, 1, 3])
    // Addresses sort as numbers, then the port: 10.0.0.9:22 < 10.0.0.9:443 < 10.0.0.10:80.
    XCTAssertEqual(TopFrame.make(model, order: TopOrder(sort: .local)).rows.map(\.cookie), [3, 2, 1])
  }

  func testFilterWordsAndListenersView() throws {
    let model = twoRefreshes()
    let filter = try TopFilterWords.parse(["state", "established", "sport", "443"])
    XCTAssertEqual(TopFrame.make(model, order: TopOrder(filter: filter)).rows.map(\.cookie), [2])
    let listeners = TopFrame.make(model, order: TopOrder(view: .listeners, sort: .recvQ))
    XCTAssertEqual(listeners.rows.map(\.cookie), [9])
    XCTAssertEqual(listeners.rows[0].acceptFill, 0.75)
    let line = TopTextRenderer.row(listeners.rows[0], view: .listeners, addressWidth: 18)
    XCTAssertTrue(line.contains("[###############     ]  75%"), line)
    XCTAssertThrowsError(try TopFilterWords.parse(["stat", "established"])) { error in
      XCTAssertEqual((error as? TCPStateError)?.exitCode, 64)
    }
    XCTAssertThrowsError(try TopFilterWords.parse(["port"]))
    XCTAssertThrowsError(try TopFilterWords.parse(["port", "70000"]))
  }

  func testKeysSortReverseFilterAndSelectionFollowsItsConnection() {
    let model = twoRefreshes()
    var session = TopSession()
    var frame = TopFrame.make(model, order: session.order)
    session.follow(frame, pageRows: 10)
    XCTAssertEqual(session.selected, 1)
    XCTAssertEqual(session.handle(.down, frame: frame, pageRows: 10), .redraw)
    XCTAssertEqual(session.selected, 2)
    // Sorting by local address moves cookie 2 to the middle; the selection goes with it.
    XCTAssertEqual(session.handle(.char("L"), frame: frame, pageRows: 10), .redraw)
    frame = TopFrame.make(model, order: session.order)
    session.follow(frame, pageRows: 10)
    XCTAssertEqual(frame.rows.map(\.cookie), [3, 2, 1])
    XCTAssertEqual(session.selected, 2)
    XCTAssertEqual(session.current(frame), 1)
    _ = session.handle(.char("L"), frame: frame, pageRows: 10)
    XCTAssertTrue(session.order.reversed, "the same sort key again reverses")
    // The / prompt takes list's filter words; a bad word keeps the prompt open with a message.
    _ = session.handle(.char("/"), frame: frame, pageRows: 10)
    for character in "port 99999" { _ = session.handle(.char(character), frame: frame, pageRows: 10) }
    _ = session.handle(.enter, frame: frame, pageRows: 10)
    XCTAssertEqual(session.overlay, .prompt("port 99999"))
    XCTAssertNotNil(session.message)
    for _ in 0..<5 { _ = session.handle(.backspace, frame: frame, pageRows: 10) }
    for character in "22" { _ = session.handle(.char(character), frame: frame, pageRows: 10) }
    _ = session.handle(.enter, frame: frame, pageRows: 10)
    XCTAssertEqual(session.overlay, .none)
    XCTAssertEqual(session.filterText, "port 22")
    XCTAssertEqual(TopFrame.make(model, order: session.order).rows.map(\.cookie), [3])
    XCTAssertEqual(session.handle(.char("p"), frame: frame, pageRows: 10), .redraw)
    XCTAssertTrue(session.paused)
    XCTAssertEqual(session.handle(.char("p"), frame: frame, pageRows: 10), .refresh)
    _ = session.handle(.char("l"), frame: frame, pageRows: 10)
    XCTAssertEqual(session.order.view, .listeners)
    XCTAssertEqual(session.order.sort, .local, "Local is a listener column too, so it stays")
    var fresh = TopSession()
    _ = fresh.handle(.char("l"), frame: frame, pageRows: 10)
    XCTAssertEqual(fresh.order.sort, .recvQ, "listeners have no rates: they sort by the accept queue")
    XCTAssertEqual(session.handle(.char("q"), frame: frame, pageRows: 10), .quit)
  }

  func testBatchTextAndJSONShowBlankAsBlankAndNull() {
    let model = twoRefreshes()
    let frame = TopFrame.make(model, order: TopOrder())
    let text = TopTextRenderer.batch(frame)
    XCTAssertTrue(text.contains("Send/s"), text)
    XCTAssertTrue(text.contains("3.0K"), text)
    var json = JSONWriter()
    TopJSON.write(frame, to: &json)
    let object = String(decoding: json.out, as: UTF8.self)
    XCTAssertTrue(object.contains("\"cookie\":3,"), object)
    XCTAssertTrue(object.contains("\"send_bytes_per_s\":null"), object)
    XCTAssertTrue(object.contains("\"send_bytes_per_s\":3000,"), object)
    XCTAssertFalse(object.contains("\n"))
  }
}
