import TCPStateKernel
import TCPStateKit
import TCPStateModel
import TCPStateTop
import XCTest

/// The pure part of the doctor's input builder, which doctor, top and the
/// exporter share: no kernel, no root.
final class DoctorInputBuilderTests: XCTestCase {
  func testEphemeralPortsFromTheTunableOrLinuxDefault() {
    XCTAssertEqual(DoctorInputBuilder.ephemeralPorts("1024\t65000"), 1024...65000)
    XCTAssertEqual(DoctorInputBuilder.ephemeralPorts(nil), 32768...60999)
    XCTAssertEqual(DoctorInputBuilder.ephemeralPorts("60999 32768"), 32768...60999, "reversed is nonsense")
    XCTAssertEqual(DoctorInputBuilder.ephemeralPorts("80"), 32768...60999)
    let builder = DoctorInputBuilder(tunables: ["ip_local_port_range": "40000 40010"])
    XCTAssertEqual(builder.summary().ephemeralPorts, 40000...40010)
  }

  func testWindowKeepsTheLaterProblemsOrElseTheEarlier() {
    var before = CounterTable()
    before["TcpExt", "ListenDrops"] = 1
    var after = CounterTable()
    after["TcpExt", "ListenDrops"] = 5
    let missing = CounterProblem(file: "net/snmp", line: 0, message: "missing")
    let broken = CounterProblem(file: "net/netstat", line: 3, message: "short line")

    let single = DoctorInputBuilder.window(from: nil, to: (after, [missing]), seconds: 9)
    XCTAssertNil(single.before)
    XCTAssertEqual(single.seconds, 0, "one reading has no rates")
    XCTAssertEqual(single.problems, [missing])

    let two = DoctorInputBuilder.window(from: (before, [missing]), to: (after, []), seconds: 2)
    XCTAssertEqual(two.before, before)
    XCTAssertEqual(two.after, after)
    XCTAssertEqual(two.seconds, 2)
    XCTAssertEqual(two.problems, [missing])
    XCTAssertEqual(
      DoctorInputBuilder.window(from: (before, [missing]), to: (after, [broken]), seconds: 2).problems, [broken])
  }

  func testInputCarriesTunablesScopeAndMinCount() {
    let builder = DoctorInputBuilder(tunables: ["somaxconn": "4096"], scoped: true, minCount: 3)
    let input = builder.input(summary: builder.summary(), counters: .empty)
    XCTAssertEqual(input.tunables, ["somaxconn": "4096"])
    XCTAssertTrue(input.scoped)
    XCTAssertEqual(input.minCount, 3)
    XCTAssertTrue(input.owners.isEmpty)
  }

  func testTopInputFromTheModelsLastTwoSnapshots() throws {
    let builder = DoctorInputBuilder(tunables: [:], scoped: true)
    var model = TopModel()
    XCTAssertNil(builder.input(for: model), "no snapshot yet")
    let local = Endpoint(address: IPAddress("127.0.0.1")!, port: 8080)
    let peer = Endpoint(address: IPAddress("127.0.0.1")!, port: 50000)
    let socket = Socket(family: .inet, state: .closeWait, local: local, peer: peer, cookie: 1, inode: 7)
    var other = socket
    other.peer.port = 50001
    other.cookie = 2
    var first = CounterTable()
    first["TcpExt", "ListenDrops"] = 1
    var second = CounterTable()
    second["TcpExt", "ListenDrops"] = 4
    model.ingest(TopSnapshot(time: 10, sockets: [socket], counters: first))
    let once = try XCTUnwrap(builder.input(for: model))
    XCTAssertNil(once.counters.before)
    XCTAssertEqual(once.summary.total, 1)
    model.ingest(TopSnapshot(time: 12.5, sockets: [socket, other], counters: second))
    let twice = try XCTUnwrap(builder.input(for: model))
    XCTAssertEqual(twice.counters.before, first)
    XCTAssertEqual(twice.counters.after, second)
    XCTAssertEqual(twice.counters.seconds, 2.5)
    XCTAssertEqual(twice.summary.counts[.closeWait], 2)
    XCTAssertTrue(twice.scoped)
  }
}
