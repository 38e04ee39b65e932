import TCPStateFilter
import TCPStateKit
import TCPStateModel
import XCTest

final class FilterParserTests: XCTestCase {
  func usageMessage(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch let error as TCPStateError {
      XCTAssertEqual(error.exitCode, 64)
      return error.description
    } catch {
      return "unexpected \(error)"
    }
  }

  func testPorts() throws {
    XCTAssertEqual(try FilterParser.portRange("80", option: "--port"), 80...80)
    XCTAssertEqual(try FilterParser.portRange(":443", option: "--port"), 443...443)
    XCTAssertEqual(try FilterParser.portRange("8000-8100", option: "--port"), 8000...8100)
    XCTAssertEqual(try FilterParser.portRange("0", option: "--port"), 0...0)
    XCTAssertEqual(try FilterParser.portRange("65535", option: "--port"), 65535...65535)
  }

  func testBadPortsSayWhatIsWrong() {
    XCTAssertTrue(
      usageMessage { _ = try FilterParser.portRange("65536", option: "--port") }?.contains("out of range") ?? false)
    XCTAssertTrue(
      usageMessage { _ = try FilterParser.portRange("99999999999999999999", option: "--port") }?.contains(
        "out of range") ?? false)
    XCTAssertTrue(
      usageMessage { _ = try FilterParser.portRange("http", option: "--dport") }?.contains("--dport 'http'") ?? false)
    XCTAssertTrue(
      usageMessage { _ = try FilterParser.portRange("9000-8000", option: "--port") }?.contains("above its end") ?? false
    )
    XCTAssertNotNil(usageMessage { _ = try FilterParser.portRange("", option: "--port") })
    XCTAssertNotNil(usageMessage { _ = try FilterParser.portRange("-5", option: "--port") })
    XCTAssertNotNil(usageMessage { _ = try FilterParser.portRange("80-", option: "--port") })
    XCTAssertNotNil(
      usageMessage { _ = try FilterParser.portRange("８０", option: "--port") }, "full-width digits are not a port")
  }

  func testNetworks() throws {
    let (v4, p4) = try FilterParser.network("10.1.0.0/16", option: "--dst")
    XCTAssertEqual(v4.description, "10.1.0.0")
    XCTAssertEqual(p4, 16)
    let (host, hostPrefix) = try FilterParser.network("192.168.1.5", option: "--dst")
    XCTAssertEqual(host.description, "192.168.1.5")
    XCTAssertEqual(hostPrefix, 32)
    let (v6, p6) = try FilterParser.network("[2001:db8::]/32", option: "--src")
    XCTAssertEqual(v6.description, "2001:db8::")
    XCTAssertEqual(p6, 32)
    XCTAssertEqual(try FilterParser.network("::1", option: "--src").1, 128)
  }

  func testBadNetworks() {
    XCTAssertTrue(
      usageMessage { _ = try FilterParser.network("10.0.0.0/33", option: "--dst") }?.contains("0-32") ?? false)
    XCTAssertTrue(usageMessage { _ = try FilterParser.network("::/129", option: "--dst") }?.contains("0-128") ?? false)
    XCTAssertTrue(
      usageMessage { _ = try FilterParser.network("300.1.1.1", option: "--dst") }?.contains("not an IPv4 or IPv6")
        ?? false)
    XCTAssertNotNil(usageMessage { _ = try FilterParser.network("10.0.0.0/", option: "--dst") })
    XCTAssertNotNil(usageMessage { _ = try FilterParser.network("/8", option: "--dst") })
    XCTAssertNotNil(usageMessage { _ = try FilterParser.network("example.com", option: "--dst") })
  }

  func testStatesAndGroups() throws {
    XCTAssertEqual(try FilterParser.states(["TIME-WAIT", "estab"]), StateSet([.timeWait, .established]))
    XCTAssertEqual(try FilterParser.states(["syn_rcvd,fin_wait_1"]), StateSet([.synRecv, .finWait1]))
    XCTAssertEqual(try FilterParser.states(["connected"]), StateSet.connected)
    XCTAssertEqual(try FilterParser.states([]), StateSet.all)
    XCTAssertFalse(StateSet.connected.contains(.listen))
    XCTAssertFalse(StateSet.connected.contains(.timeWait))
    XCTAssertTrue(StateSet.connected.contains(.closeWait))
    XCTAssertFalse(StateSet.synchronized.contains(.synSent))
    XCTAssertEqual(StateSet.bucket.states, [.synRecv, .timeWait])
    XCTAssertFalse(StateSet.all.contains(.boundInactive))
  }

  func testUnknownStateSuggestsTheClosest() {
    let message = usageMessage { _ = try FilterParser.states(["TIME_WIAT"]) }
    XCTAssertTrue(message?.contains("unknown TCP state 'TIME_WIAT'") ?? false)
    XCTAssertTrue(message?.contains("did you mean TIME_WAIT") ?? false, message ?? "")
    XCTAssertTrue(usageMessage { _ = try FilterParser.states(["lisen"]) }?.contains("LISTEN") ?? false)
    XCTAssertTrue(usageMessage { _ = try FilterParser.states(["xyzzy-banana"]) }?.contains("known states:") ?? false)
  }

  func testCombinedFilter() throws {
    let filter = try FilterParser.filter(
      states: [], listening: false, ipv4: true, ipv6: false, ports: ["80", "443"], sports: [], dports: [],
      sources: [], destinations: ["10.0.0.0/8"])
    XCTAssertEqual(filter.families, [.inet])
    XCTAssertEqual(filter.clauses.count, 2)
    XCTAssertEqual(filter.clauses[0].count, 4, "two ports, either side")
  }

  func testListeningConflictsWithState() {
    XCTAssertTrue(
      usageMessage {
        _ = try FilterParser.filter(
          states: ["established"], listening: true, ipv4: false, ipv6: false, ports: [], sports: [], dports: [],
          sources: [], destinations: [])
      }?.contains("conflict") ?? false)
  }

  func testMatching() throws {
    let local = Endpoint(address: IPAddress("10.0.0.5")!, port: 8080)
    let peer = Endpoint(address: IPAddress("192.168.1.9")!, port: 51000)
    let socket = Socket(family: .inet, state: .established, local: local, peer: peer)
    XCTAssertTrue(SocketFilter(clauses: [[.port(.source, 8000...8100)]]).matches(socket))
    XCTAssertFalse(SocketFilter(clauses: [[.port(.destination, 8000...8100)]]).matches(socket))
    XCTAssertTrue(
      SocketFilter(clauses: [[.address(.destination, IPAddress("192.168.0.0")!, prefix: 16)]]).matches(socket))
    XCTAssertFalse(
      SocketFilter(clauses: [[.address(.destination, IPAddress("192.168.0.0")!, prefix: 24)]]).matches(socket))
    XCTAssertFalse(SocketFilter(states: StateSet(.listen)).matches(socket))
    XCTAssertFalse(SocketFilter(families: [.inet6]).matches(socket))
    let mapped = Socket(
      family: .inet6, state: .established, local: local,
      peer: Endpoint(address: IPAddress("::ffff:192.168.1.9")!, port: 1))
    XCTAssertTrue(
      SocketFilter(clauses: [[.address(.destination, IPAddress("192.168.1.0")!, prefix: 24)]]).matches(mapped),
      "an IPv4 network matches a v4-mapped peer")
  }
}
