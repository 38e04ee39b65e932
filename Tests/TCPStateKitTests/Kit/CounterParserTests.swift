import Foundation
import TCPStateKit
import XCTest

/// /proc/net counter parsing on real copies from this machine, and on
/// truncated and malformed variants: problems are reported, nothing traps.
final class CounterParserTests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/proc/net").standardized

  func fixture(_ name: String) throws -> String {
    try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
  }

  func testRealNetstat() throws {
    let (table, problems) = ProcNetCounterParser.parse(try fixture("netstat"), file: "net/netstat")
    XCTAssertEqual(problems, [])
    XCTAssertEqual(table["TcpExt", "ListenOverflows"], 23)
    XCTAssertEqual(table["TcpExt", "ListenDrops"], 23)
    XCTAssertEqual(table["TcpExt", "TCPTimeWaitOverflow"], 0)
    XCTAssertEqual(table.groups["TcpExt"]?.count, 135)
    XCTAssertNotNil(table["IpExt", "InOctets"])
    XCTAssertNotNil(table["MPTcpExt", "MPCurrEstab"])
  }

  func testRealSnmp() throws {
    let (table, problems) = ProcNetCounterParser.parse(try fixture("snmp"), file: "net/snmp")
    XCTAssertEqual(problems, [])
    XCTAssertEqual(table["Tcp", "MaxConn"], -1, "snmp's MaxConn is signed")
    XCTAssertEqual(table["Tcp", "RetransSegs"], 11)
    XCTAssertEqual(table["Tcp", "OutSegs"], 201_550)
    XCTAssertEqual(table.groups["Tcp"]?.count, 15)
    XCTAssertEqual(table["IcmpMsg", "InType3"], 1)
  }

  func testRealSockstat() throws {
    let (table, problems) = SockstatParser.parse(try fixture("sockstat"), file: "net/sockstat")
    XCTAssertEqual(problems, [])
    XCTAssertEqual(table["TCP", "tw"], 25)
    XCTAssertEqual(table["TCP", "mem"], 187)
    XCTAssertEqual(table["TCP", "orphan"], 0)
    XCTAssertEqual(table["sockets", "used"], 9)
    XCTAssertEqual(table["FRAG", "memory"], 0)
    let (six, sixProblems) = SockstatParser.parse(try fixture("sockstat6"), file: "net/sockstat6")
    XCTAssertEqual(sixProblems, [])
    XCTAssertEqual(six["TCP6", "inuse"], 0)
  }

  func testMismatchedCountsSkipTheGroupOnly() {
    let text = "TcpExt: A B C\nTcpExt: 1 2\nTcp: X Y\nTcp: 5 6\n"
    let (table, problems) = ProcNetCounterParser.parse(text, file: "net/netstat")
    XCTAssertNil(table["TcpExt", "A"], "values cannot be matched to names")
    XCTAssertEqual(table["Tcp", "Y"], 6)
    XCTAssertEqual(problems.count, 1)
    XCTAssertEqual(problems.first?.line, 2)
    XCTAssertTrue(problems.first?.message.contains("3 names but 2 values") ?? false)
  }

  func testNonNumberDropsOneValue() {
    let (table, problems) = ProcNetCounterParser.parse("Tcp: A B C\nTcp: 1 x 3\n", file: "net/snmp")
    XCTAssertEqual(table["Tcp", "A"], 1)
    XCTAssertNil(table["Tcp", "B"])
    XCTAssertEqual(table["Tcp", "C"], 3)
    XCTAssertEqual(problems.map(\.description), ["net/snmp line 2: Tcp B: 'x' is not a number"])
  }

  func testTruncatedFiles() throws {
    let real = try fixture("netstat")
    // Cut after the first header: a header without values.
    let firstLine = String(real.split(separator: "\n")[0])
    let (empty, problems) = ProcNetCounterParser.parse(firstLine, file: "net/netstat")
    XCTAssertTrue(empty.isEmpty)
    XCTAssertEqual(problems.count, 1)
    XCTAssertTrue(problems[0].message.contains("header line without a values line"))
    // Cut in the middle of the values line.
    let cut = String(real.prefix(firstLine.count + 40))
    let (partial, cutProblems) = ProcNetCounterParser.parse(cut, file: "net/netstat")
    XCTAssertNil(partial["TcpExt", "SyncookiesSent"])
    XCTAssertEqual(cutProblems.count, 1)
    // Every prefix of the real file parses without trapping.
    for length in stride(from: 0, to: real.utf8.count, by: 97) {
      _ = ProcNetCounterParser.parse(
        String(decoding: Array(real.utf8.prefix(length)), as: UTF8.self), file: "x")
    }
  }

  func testHeaderFollowedByAnotherPrefix() {
    let (table, problems) = ProcNetCounterParser.parse("Ip: A\nTcp: B\nTcp: 7\n", file: "net/snmp")
    XCTAssertEqual(table["Tcp", "B"], 7)
    XCTAssertEqual(problems.count, 1)
    XCTAssertEqual(problems.first?.line, 1)
  }

  func testNoPrefixCRLFAndHugeValues() {
    let text = "garbage\r\nTcp: A B\r\nTcp: 18446744073709551615 -3\r\n\n"
    let (table, problems) = ProcNetCounterParser.parse(text, file: "net/snmp")
    XCTAssertEqual(table["Tcp", "A"], Int64.max, "unsigned values beyond Int64 saturate")
    XCTAssertEqual(table["Tcp", "B"], -3)
    XCTAssertEqual(problems.count, 1)
    XCTAssertEqual(ProcNetCounterParser.parse("", file: "x").problems, [])
  }

  func testSockstatMalformed() {
    let text = "TCP: inuse 1 orphan\nTCP6: inuse x\nno colon here\n"
    let (table, problems) = SockstatParser.parse(text, file: "net/sockstat")
    XCTAssertEqual(table["TCP", "inuse"], 1)
    XCTAssertNil(table["TCP", "orphan"])
    XCTAssertNil(table["TCP6", "inuse"])
    XCTAssertEqual(problems.count, 3)
  }

  func testWindowDeltas() {
    var before = CounterTable()
    before["TcpExt", "ListenOverflows"] = 10
    before["TcpExt", "Wrapped"] = 50
    var after = CounterTable()
    after["TcpExt", "ListenOverflows"] = 13
    after["TcpExt", "Wrapped"] = 2
    after["TcpExt", "New"] = 4
    let window = CounterWindow(before: before, after: after, seconds: 1)
    XCTAssertEqual(window.delta("TcpExt", "ListenOverflows"), 3)
    XCTAssertNil(window.delta("TcpExt", "Wrapped"), "a counter going down gives no rate (and a note)")
    XCTAssertEqual(window.problems.count, 1)
    XCTAssertNil(window.delta("TcpExt", "New"))
    XCTAssertEqual(window.current("TcpExt", "New"), 4)
    XCTAssertNil(
      CounterWindow(before: nil, after: after, seconds: 0).delta("TcpExt", "ListenOverflows"))
  }
}
