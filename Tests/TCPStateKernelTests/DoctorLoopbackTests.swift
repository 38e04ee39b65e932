import Glibc
import TCPStateDoctor
import TCPStateKernel
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel
import TestSupport
import XCTest

/// Real trouble provoked on loopback, diagnosed through the real path
/// (sock_diag, /proc counters and tunables, process map), scoped to the
/// test's own port and addresses so other sockets on the host do not count.
final class DoctorLoopbackTests: XCTestCase {
  var sockets = LoopbackSockets()

  override func tearDown() {
    sockets.closeAll()
  }

  func diagnose(port: UInt16, minCount: Int? = nil) throws -> DoctorReport {
    let filter = SocketFilter(clauses: [
      [.port(.source, port...port), .port(.destination, port...port)],
      [
        .address(.source, IPAddress("127.0.0.1")!, prefix: 32),
        .address(.source, IPAddress("::1")!, prefix: 128),
      ],
    ])
    let collector = DoctorCollector(filter: filter, interval: 0, minCount: minCount)
    XCTAssertTrue(collector.scoped)
    return Doctor.diagnose(try collector.collect())
  }

  func testFullAcceptQueueIsCritical() throws {
    let (_, port) = try sockets.listener(backlog: 4)
    for _ in 0..<5 { try sockets.connect(port: port) }  // the queue holds backlog + 1
    try sockets.connect(port: port, blocking: false)  // its SYNs are dropped
    var report: DoctorReport?
    XCTAssertTrue(
      try eventually {
        report = try diagnose(port: port)
        return report?.findings(AcceptQueueRule.id).first?.metric("recv_q") == 5
      })
    let finding = try XCTUnwrap(report?.findings(AcceptQueueRule.id).first)
    XCTAssertEqual(finding.severity, .critical)
    XCTAssertEqual(finding.metric("backlog"), 4)
    XCTAssertEqual(finding.subjects.first?.label, "127.0.0.1:\(port)")
    XCTAssertTrue(
      finding.subjects.first?.process?.contains("pid \(getpid())") ?? false, "the listener is ours")
    XCTAssertEqual(report?.exitCode, 2)
    XCTAssertEqual(report?.findings.first?.id, AcceptQueueRule.id, "worst first")
  }

  func testCloseWaitPileUpGroupedByProcessAndPort() throws {
    let (listenFD, port) = try sockets.listener(backlog: 16)
    for _ in 0..<6 {
      let client = try sockets.connect(port: port)
      _ = try sockets.accept(listenFD)
      shutdown(client, Int32(SHUT_WR))
    }
    var report: DoctorReport?
    XCTAssertTrue(
      try eventually {
        report = try diagnose(port: port, minCount: 6)
        return report?.findings(CloseWaitRule.id).first?.metric("close_wait") == 6
      })
    let finding = try XCTUnwrap(report?.findings(CloseWaitRule.id).first)
    XCTAssertEqual(finding.severity, .warning)
    XCTAssertEqual(finding.metric("local_port"), Int64(port))
    XCTAssertTrue(finding.subjects.first?.process?.contains("pid \(getpid())") ?? false)
    XCTAssertEqual(report?.exitCode, 1)
    XCTAssertTrue(
      try diagnose(port: port, minCount: 7).findings(CloseWaitRule.id).isEmpty, "under the pile")
  }

  func testSynSentToADroppedPort() throws {
    let (_, port) = try sockets.listener(backlog: 0)
    try sockets.connect(port: port)  // takes the only accept-queue slot
    try sockets.connect(port: port, blocking: false) { fd in
      self.sockets.setInt(fd, Int32(IPPROTO_TCP), TCP_SYNCNT, 5)
    }
    // The first SYN retransmission comes after the initial 1 s RTO.
    var report: DoctorReport?
    for _ in 0..<40 {
      report = try diagnose(port: port, minCount: 1)
      if report?.findings(SynSentRule.id).isEmpty == false { break }
      usleep(100_000)
    }
    let finding = try XCTUnwrap(report?.findings(SynSentRule.id).first)
    XCTAssertEqual(finding.severity, .warning)
    XCTAssertEqual(finding.metric("syn_sent_unanswered"), 1)
    XCTAssertGreaterThanOrEqual(finding.metric("max_syn_retransmits") ?? 0, 1)
    XCTAssertEqual(finding.subjects.first?.label, "127.0.0.1:\(port)")
    XCTAssertNotNil(
      report?.findings(AcceptQueueRule.id).first, "listen(0) with its slot taken is a full queue")
  }

  func testManyTimeWaitToOneDestination() throws {
    let (listenFD, port) = try sockets.listener(backlog: 64)
    let count = 20
    for _ in 0..<count {
      let client = try sockets.connect(port: port)
      let server = try sockets.accept(listenFD)
      sockets.forget(client)
      close(client)
      sockets.forget(server)
      close(server)
    }
    var report: DoctorReport?
    XCTAssertTrue(
      try eventually {
        report = try diagnose(port: port, minCount: count)
        return report?.findings(EphemeralPortRule.id).first?.metric("time_wait") == Int64(count)
      })
    let finding = try XCTUnwrap(report?.findings(EphemeralPortRule.id).first)
    let range = TunableDefault.split(
      TunableReader().read(TunableCatalog.tunable(named: "ip_local_port_range")!).value ?? ""
    )
    .compactMap { Int64($0) }
    XCTAssertEqual(finding.metric("port_range_size"), range[1] - range[0] + 1)
    XCTAssertEqual(finding.metric("ports_used"), Int64(count))
    XCTAssertEqual(finding.severity, .info, "20 ports are far from the range")
    XCTAssertEqual(finding.subjects.first?.label, "127.0.0.1 → 127.0.0.1:\(port)")
  }

  func testStalledZeroWindowFlow() throws {
    let (client, _, port) = try sockets.pair(
      listenerConfigure: { fd in self.sockets.setInt(fd, SOL_SOCKET, SO_RCVBUF, 4096) },
      clientConfigure: { fd in self.sockets.setInt(fd, SOL_SOCKET, SO_SNDBUF, 4096) })
    sockets.fillUntilBlocked(client)
    var report: DoctorReport?
    XCTAssertTrue(
      try eventually {
        report = try diagnose(port: port)
        return report?.findings(ZeroWindowRule.id).isEmpty == false
      })
    let finding = try XCTUnwrap(report?.findings(ZeroWindowRule.id).first)
    XCTAssertEqual(finding.severity, .warning)
    XCTAssertEqual(finding.metric("stalled"), 1)
    XCTAssertEqual(finding.metric("snd_wnd"), 0)
    XCTAssertEqual(
      finding.subjects.first?.label, "127.0.0.1:\(sockets.localPort(client)) → 127.0.0.1:\(port)")
  }

  func testHalfOpenRequestsAgainstTheBacklog() throws {
    // TCP_DEFER_ACCEPT drops the bare final ACK, so each request stays SYN_RECV.
    let (_, port) = try sockets.listener(backlog: 8) { fd in
      self.sockets.setInt(fd, Int32(IPPROTO_TCP), TCP_DEFER_ACCEPT, 30)
    }
    for _ in 0..<5 { try sockets.connect(port: port) }
    var report: DoctorReport?
    XCTAssertTrue(
      try eventually {
        report = try diagnose(port: port)
        return report?.findings(SynFloodRule.id).first?.metric("syn_recv") == 5
      })
    let finding = try XCTUnwrap(report?.findings(SynFloodRule.id).first)
    XCTAssertEqual(finding.severity, .warning, "5 of a backlog of 8")
    XCTAssertEqual(finding.metric("limit"), 8)
    XCTAssertEqual(finding.metric("sources"), 1)
    XCTAssertEqual(finding.subjects.first?.label, "port \(port)")
  }

  func testQuietScopeIsHealthy() throws {
    let (_, _, port) = try sockets.pair()
    let report = try diagnose(port: port)
    XCTAssertEqual(report.findings.map(\.id), [])
    XCTAssertEqual(report.socketCount, 3, "listener and both ends")
    XCTAssertEqual(report.exitCode, 0)
  }
}
