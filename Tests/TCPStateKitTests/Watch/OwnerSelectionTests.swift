import CShim
import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import XCTest

/// watch's owner selection: what each kind of evidence decides, what is
/// remembered, and how connections follow a selected listener.
final class OwnerSelectionTests: XCTestCase {
  let loopback = IPAddress("127.0.0.1")!
  func key(_ local: UInt16, _ peer: UInt16) -> ConnectionKey {
    ConnectionKey(
      family: .inet, local: Endpoint(address: loopback, port: local), peer: Endpoint(address: loopback, port: peer))
  }
  var listenerKey: ConnectionKey {
    ConnectionKey(
      family: .inet, local: Endpoint(address: loopback, port: 8080), peer: Endpoint(address: .anyV4, port: 0))
  }

  func task(_ pid: Int32, _ command: String) -> OwnerSelection.Owner {
    var owner = OwnerSelection.Owner()
    owner.task = (pid, command)
    return owner
  }

  func testATaskDecidesItsSocketForLifeAndItsSummary() {
    var selection = OwnerSelection()
    selection.pids = [100]
    // connect(): no local port yet.
    XCTAssertTrue(selection.decide(socketID: 1, key: key(0, 8080), listening: false, owner: task(100, "curl")))
    XCTAssertEqual(selection.decision(socketID: 1), true, "remembered for the softirq transitions that follow")
    XCTAssertNil(selection.decision(key: key(0, 8080)), "no 4-tuple without a local port")
    selection.note(key: key(40000, 8080), selected: true)
    XCTAssertEqual(selection.decision(key: key(40000, 8080)), true)
    XCTAssertFalse(selection.decide(socketID: 2, key: key(40002, 8080), listening: false, owner: task(200, "curl")))
    XCTAssertEqual(selection.decision(socketID: 2), false, "another process: decided no, for good")
    selection.forget(socketID: 1)
    XCTAssertNil(selection.decision(socketID: 1), "a freed address is decided afresh")
  }

  func testHoldersAndCommandsFromTheLookup() {
    var selection = OwnerSelection()
    selection.commands = ["nginx"]
    var owner = OwnerSelection.Owner()
    owner.holders = [ProcessRef(pid: 7, command: "nginx", fd: 4)]
    XCTAssertTrue(selection.decide(socketID: 1, key: key(80, 5000), listening: false, owner: owner))
    owner.holders = [ProcessRef(pid: 8, command: "nginx-", fd: 4)]
    XCTAssertFalse(selection.decide(socketID: 2, key: key(80, 5001), listening: false, owner: owner))
  }

  func testConnectionsFollowASelectedListener() {
    var selection = OwnerSelection()
    selection.pids = [100]
    XCTAssertTrue(selection.decide(socketID: 1, key: listenerKey, listening: true, owner: task(100, "srv")))
    // The handshake in softirq, before accept(): no task, no holder.
    XCTAssertTrue(selection.decide(socketID: 2, key: key(8080, 40000), listening: false, owner: .init()))
    XCTAssertFalse(
      selection.decide(socketID: 3, key: key(9090, 40000), listening: false, owner: .init()),
      "another port is not the listener's")
    XCTAssertNil(selection.decision(socketID: 3), "no evidence: not remembered, decided again next time")
    selection.forget(socketID: 1, listener: listenerKey)
    XCTAssertFalse(
      selection.decide(socketID: 4, key: key(8080, 40004), listening: false, owner: .init()),
      "once the listener is closed its port says nothing")
  }

  func testAWildcardListenerCoversEveryLocalAddress() {
    var selection = OwnerSelection()
    selection.uids = [1000]
    selection.noteListener(
      ConnectionKey(family: .inet, local: Endpoint(address: .anyV4, port: 22), peer: Endpoint(address: .anyV4, port: 0))
    )
    XCTAssertTrue(selection.decide(socketID: 1, key: key(22, 50000), listening: false, owner: .init()))
    var found = OwnerSelection.Owner()
    found.uid = 0
    XCTAssertFalse(
      selection.decide(socketID: 2, key: key(22, 50002), listening: false, owner: found),
      "a known uid is judged by itself, not by the listener")
  }

  func testEveryAskedPartMustHold() {
    var selection = OwnerSelection()
    selection.uids = [1000]
    selection.cgroups = [42]
    var owner = OwnerSelection.Owner()
    owner.uid = 1000
    XCTAssertFalse(selection.matches(owner), "cgroup unknown")
    owner.cgroupID = 42
    XCTAssertTrue(selection.matches(owner))
    owner.uid = 0
    XCTAssertFalse(selection.matches(owner))
  }

  func testSummaryWhereRefusesFieldsSummariesLackAtTheToken() {
    XCTAssertThrowsError(
      try SocketPredicate.parse(
        where: ["lifetime>1h and send_q>1MiB"], pids: [], commands: [], uids: [], forSummaries: true)
    ) { error in
      let failure = error as? TCPStateError
      XCTAssertEqual(failure?.message.contains("'send_q' is not known for a watch summary"), true, "\(error)")
      XCTAssertEqual(failure?.hints.prefix(2), ["lifetime>1h and send_q>1MiB", "                ^^^^^^"])
    }
    let predicate = try? SocketPredicate.parse(
      where: ["lifetime>1h or bytes_sent>1MiB or total_retrans>0 or peer_port==443"], pids: [], commands: [],
      uids: [], forSummaries: true)
    XCTAssertNotNil(predicate)
    XCTAssertThrowsError(
      try SocketPredicate.parse(where: ["lifetime>1"], pids: [], commands: [], uids: [], forSummaries: true),
      "a time needs its unit")
  }

  func testSummaryFieldsReadTheFinalTCPInfoAndLifetime() throws {
    let info = DoctorFixtures.info {
      $0.tcpi_bytes_sent = 2_000_000
      $0.tcpi_total_retrans = 3
    }
    let summary = ConnectionSummary(
      timestampNs: 0, family: .inet, local: Endpoint(address: loopback, port: 40000),
      peer: Endpoint(address: loopback, port: 443), finalState: .close, lifetimeNs: 7_200_000_000_000, cookie: 1,
      info: info, congestion: nil)
    func holds(_ text: String) throws -> Bool {
      try SocketPredicate.parse(where: [text], pids: [], commands: [], uids: [], forSummaries: true).matches(summary)
    }
    XCTAssertTrue(try holds("lifetime>1h and bytes_sent>1MiB"))
    XCTAssertFalse(try holds("lifetime>2h"), "exactly 2 h is not above 2 h")
    XCTAssertTrue(try holds("total_retrans==3 and peer_port==443 and local_port==40000"))
    var unknownAge = summary
    unknownAge.lifetimeNs = nil
    XCTAssertFalse(
      try SocketPredicate(where: "lifetime>0us").matches(unknownAge), "begun before the watch: no lifetime")
  }
}
