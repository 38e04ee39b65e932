import TCPStateDoctor
import TCPStateKit
import TCPStateModel
import XCTest

/// Each rule on recorded inputs, with its thresholds at their edges.
final class DoctorRuleTests: XCTestCase {
  typealias F = DoctorFixtures

  func listener(queued: UInt32, backlog: UInt32) -> ListenerStats {
    ListenerStats(local: F.endpoint("0.0.0.0", 80), queued: queued, backlog: backlog)
  }

  func testAcceptQueueEdges() {
    XCTAssertEqual(AcceptQueueRule.assess(listener(queued: 7, backlog: 10)), .ok)
    XCTAssertEqual(
      AcceptQueueRule.assess(listener(queued: 8, backlog: 10)), .warning, "80% of the backlog")
    XCTAssertEqual(AcceptQueueRule.assess(listener(queued: 10, backlog: 10)), .warning)
    XCTAssertEqual(
      AcceptQueueRule.assess(listener(queued: 11, backlog: 10)), .critical, "full: backlog + 1")
    XCTAssertEqual(AcceptQueueRule.assess(listener(queued: 0, backlog: 0)), .ok)
    XCTAssertEqual(AcceptQueueRule.assess(listener(queued: 1, backlog: 0)), .critical)
  }

  func testAcceptQueueFindingCitesSomaxconnAndCounters() throws {
    let sockets = [
      F.socket(
        .listen, local: ("0.0.0.0", 80), peer: ("0.0.0.0", 0), recvQ: 129, sendQ: 128, inode: 7)
    ]
    let input = F.input(
      sockets,
      counters: F.counters(
        before: ["TcpExt.ListenOverflows": 10, "TcpExt.ListenDrops": 10],
        after: ["TcpExt.ListenOverflows": 15, "TcpExt.ListenDrops": 16]),
      tunables: ["somaxconn": "128", "tcp_abort_on_overflow": "1"],
      owners: [7: ProcessRef(pid: 42, command: "nginx", fd: 6)])
    let finding = try XCTUnwrap(AcceptQueueRule().evaluate(input).first)
    XCTAssertEqual(finding.id, AcceptQueueRule.id)
    XCTAssertEqual(finding.severity, .critical)
    XCTAssertEqual(finding.metric("recv_q"), 129)
    XCTAssertEqual(finding.metric("backlog"), 128)
    XCTAssertEqual(finding.metric("listen_overflows_delta"), 5)
    XCTAssertEqual(finding.metric("listen_drops_delta"), 6)
    XCTAssertEqual(finding.commands, ["sysctl -w net.core.somaxconn=256"])
    XCTAssertEqual(finding.subjects.first?.process, "nginx (pid 42)")
    XCTAssertTrue(finding.advice.contains { $0.en.contains("tcp_abort_on_overflow is 1") })
    XCTAssertEqual(finding.tunables.first { $0.name == "somaxconn" }?.value, "128")
  }

  func testListenDropsWithoutFullListenerAreHostWide() throws {
    let counters = F.counters(
      before: ["TcpExt.ListenOverflows": 1], after: ["TcpExt.ListenOverflows": 2])
    let finding = try XCTUnwrap(AcceptQueueRule().evaluate(F.input(counters: counters)).first)
    XCTAssertEqual(finding.id, AcceptQueueRule.dropsID)
    XCTAssertTrue(finding.hostWide)
    let scoped = Doctor.diagnose(
      F.input(counters: counters, scoped: true), rules: [AcceptQueueRule()])
    XCTAssertEqual(
      scoped.findings.first?.severity, .info, "a scope cannot vouch for host-wide counters")
    XCTAssertEqual(scoped.exitCode, 0)
    XCTAssertTrue(
      AcceptQueueRule().evaluate(F.input(counters: F.counters(before: [:], after: [:]))).isEmpty)
  }

  func testSynFloodEdges() {
    XCTAssertEqual(SynFloodRule.assess(count: 49, limit: 100, pile: 256), .ok)
    XCTAssertEqual(SynFloodRule.assess(count: 50, limit: 100, pile: 256), .warning)
    XCTAssertEqual(SynFloodRule.assess(count: 99, limit: 100, pile: 256), .warning)
    XCTAssertEqual(SynFloodRule.assess(count: 100, limit: 100, pile: 256), .critical)
    XCTAssertEqual(SynFloodRule.assess(count: 255, limit: 4096, pile: 256), .ok)
    XCTAssertEqual(SynFloodRule.assess(count: 256, limit: 4096, pile: 256), .warning)
  }

  func testSynFloodCountsSourcesAndRetransmits() throws {
    var sockets = [F.socket(.listen, local: ("0.0.0.0", 443), peer: ("0.0.0.0", 0), sendQ: 8)]
    for i in 0..<6 {
      sockets.append(
        F.socket(
          .synRecv, local: ("10.0.0.1", 443), peer: ("192.0.2.\(i % 3)", UInt16(50000 + i)),
          timer: SocketTimer(
            kind: .retransmit, expiresMs: 500, retransmits: UInt8(i % 2 == 0 ? 2 : 0))))
    }
    let input = F.input(sockets, tunables: ["tcp_syncookies": "0", "tcp_synack_retries": "5"])
    let finding = try XCTUnwrap(SynFloodRule().evaluate(input).first)
    XCTAssertEqual(finding.severity, .warning, "6 of 8 is 75%")
    XCTAssertEqual(finding.metric("syn_recv"), 6)
    XCTAssertEqual(finding.metric("limit"), 8)
    XCTAssertEqual(finding.metric("sources"), 3)
    XCTAssertEqual(finding.metric("synack_retransmitted"), 3)
    XCTAssertEqual(finding.metric("max_synack_retransmits"), 2)
    XCTAssertTrue(finding.commands.contains("sysctl -w net.ipv4.tcp_syncookies=1"))
  }

  func testSynQueueCounters() throws {
    let cookies = F.counters(
      before: ["TcpExt.SyncookiesSent": 0, "TcpExt.TCPReqQFullDrop": 0],
      after: ["TcpExt.SyncookiesSent": 9, "TcpExt.TCPReqQFullDrop": 0])
    XCTAssertEqual(SynFloodRule().evaluate(F.input(counters: cookies)).first?.severity, .warning)
    let drops = F.counters(
      before: ["TcpExt.TCPReqQFullDrop": 3], after: ["TcpExt.TCPReqQFullDrop": 4])
    let finding = try XCTUnwrap(SynFloodRule().evaluate(F.input(counters: drops)).first)
    XCTAssertEqual(finding.id, SynFloodRule.cookiesID)
    XCTAssertEqual(finding.severity, .critical)
    XCTAssertEqual(finding.metric("reqq_full_drop_delta"), 1)
  }

  func testCloseWaitEdgesAndGrouping() throws {
    XCTAssertEqual(CloseWaitRule.assess(count: 9, pile: 10), .ok)
    XCTAssertEqual(CloseWaitRule.assess(count: 10, pile: 10), .warning)
    XCTAssertEqual(CloseWaitRule.assess(count: 999, pile: 10), .warning)
    XCTAssertEqual(CloseWaitRule.assess(count: 1000, pile: 10), .critical)
    var sockets: [Socket] = []
    for i in 0..<12 {
      sockets.append(
        F.socket(.closeWait, local: ("10.0.0.1", 8080), recvQ: 1, inode: UInt32(100 + i)))
    }
    var owners: [UInt32: ProcessRef] = [:]
    for i in 0..<10 { owners[UInt32(100 + i)] = ProcessRef(pid: 1, command: "app", fd: Int32(i)) }
    for i in 10..<12 {
      owners[UInt32(100 + i)] = ProcessRef(pid: 2, command: "other", fd: Int32(i))
    }
    let finding = try XCTUnwrap(CloseWaitRule().evaluate(F.input(sockets, owners: owners)).first)
    XCTAssertEqual(finding.metric("close_wait"), 10, "grouped by process and port")
    XCTAssertEqual(
      finding.subjects.map(\.process), ["app (pid 1)"], "the group of 2 is under the pile")
    XCTAssertEqual(finding.metric("unread_bytes"), 0, "Recv-Q 1 is the FIN")
    let lowered = try XCTUnwrap(
      CloseWaitRule().evaluate(F.input(sockets, owners: owners, minCount: 2)).first)
    XCTAssertEqual(lowered.subjectTotal, 2)
  }

  /// The pile's dominant cgroup is named, and the advice filters by it.
  func testCloseWaitNamesTheCgroupBehindThePile() throws {
    var sockets: [Socket] = []
    for i in 0..<12 {
      var socket = F.socket(.closeWait, local: ("10.0.0.1", 8080), inode: UInt32(100 + i))
      socket.cgroupID = i < 9 ? 42 : 43
      sockets.append(socket)
    }
    var input = F.input(sockets)
    XCTAssertEqual(input.summary.cgroupsWanted, [42, 43])
    input.cgroups = [42: CgroupName(path: "/system.slice/web.service")]
    let finding = try XCTUnwrap(CloseWaitRule().evaluate(input).first)
    XCTAssertTrue(
      finding.detail.en.hasSuffix(" Cgroup: web.service (/system.slice/web.service)."), finding.detail.en)
    XCTAssertTrue(
      finding.advice.contains { $0.en.contains("--sport 8080 --cgroup /system.slice/web.service -p") },
      "\(finding.advice.map(\.en))")
    input.cgroups = [:]
    let removed = try XCTUnwrap(CloseWaitRule().evaluate(input).first)
    XCTAssertTrue(removed.detail.en.hasSuffix(" Cgroup: cgroup id 42."), removed.detail.en)
  }

  func testTimeWaitBucketEdges() {
    XCTAssertEqual(TimeWaitRule.assess(timeWait: 799, buckets: 1000, overflows: 0), .ok)
    XCTAssertEqual(TimeWaitRule.assess(timeWait: 800, buckets: 1000, overflows: 0), .warning)
    XCTAssertEqual(TimeWaitRule.assess(timeWait: 1000, buckets: 1000, overflows: 0), .critical)
    XCTAssertEqual(TimeWaitRule.assess(timeWait: 1, buckets: 1000, overflows: 1), .critical)
    XCTAssertEqual(TimeWaitRule.assess(timeWait: 5, buckets: 0, overflows: 0), .ok, "unknown limit")
    var after = CounterTable()
    after["TCP", "tw"] = 900
    let input = F.input(
      counters: CounterWindow(before: nil, after: after, seconds: 0),
      tunables: ["tcp_max_tw_buckets": "1000"])
    XCTAssertEqual(TimeWaitRule().evaluate(input).first?.metric("percent"), 90)
  }

  func testEphemeralPortEdges() {
    XCTAssertEqual(EphemeralPortRule.assess(used: 49, rangeSize: 100, pile: 1000), .ok)
    XCTAssertEqual(EphemeralPortRule.assess(used: 50, rangeSize: 100, pile: 1000), .warning)
    XCTAssertEqual(EphemeralPortRule.assess(used: 89, rangeSize: 100, pile: 1000), .warning)
    XCTAssertEqual(EphemeralPortRule.assess(used: 90, rangeSize: 100, pile: 1000), .critical)
    XCTAssertEqual(EphemeralPortRule.assess(used: 10, rangeSize: 100, pile: 10), .info)
  }

  func testEphemeralPortsCountOnlyEphemeralLocalPorts() throws {
    var sockets: [Socket] = []
    for port in UInt16(40000)..<40006 {
      sockets.append(F.socket(.timeWait, local: ("10.0.0.1", port), peer: ("10.0.0.9", 5432)))
    }
    for port in UInt16(40006)..<40010 {
      sockets.append(F.socket(.established, local: ("10.0.0.1", port), peer: ("10.0.0.9", 5432)))
    }
    // A server-side socket: its local port is not ephemeral, so it holds none.
    sockets.append(F.socket(.established, local: ("10.0.0.1", 5432), peer: ("10.0.0.9", 40001)))
    var input = F.input(sockets, tunables: ["tcp_tw_reuse": "0"])
    input.summary = F.summary(sockets, ports: 40000...40019)
    let finding = try XCTUnwrap(EphemeralPortRule().evaluate(input).first)
    XCTAssertEqual(finding.metric("time_wait"), 6)
    XCTAssertEqual(finding.metric("live"), 4)
    XCTAssertEqual(finding.metric("port_range_size"), 20)
    XCTAssertEqual(finding.metric("percent"), 50)
    XCTAssertEqual(finding.severity, .warning)
    XCTAssertTrue(finding.commands.contains("sysctl -w net.ipv4.tcp_tw_reuse=1"))
  }

  func testOrphanEdges() {
    XCTAssertEqual(OrphanRule.assess(orphans: 499, limit: 1000), .ok)
    XCTAssertEqual(OrphanRule.assess(orphans: 500, limit: 1000), .warning)
    XCTAssertEqual(OrphanRule.assess(orphans: 899, limit: 1000), .warning)
    XCTAssertEqual(OrphanRule.assess(orphans: 900, limit: 1000), .critical)
    XCTAssertEqual(OrphanRule.assess(orphans: 900, limit: 0), .ok)
  }

  func testFinWait2PileSplitsOrphanedAndHeld() throws {
    let sockets = (0..<5).map {
      F.socket(.finWait2, local: ("10.0.0.1", UInt16(40000 + $0)), inode: $0 < 3 ? 0 : 9)
    }
    XCTAssertTrue(OrphanRule().evaluate(F.input(sockets, minCount: 6)).isEmpty)
    let finding = try XCTUnwrap(
      OrphanRule().evaluate(F.input(sockets, tunables: ["tcp_fin_timeout": "60"], minCount: 5))
        .first)
    XCTAssertEqual(finding.id, OrphanRule.finWait2ID)
    XCTAssertEqual(finding.metric("orphaned"), 3)
    XCTAssertEqual(finding.metric("held"), 2)
    XCTAssertEqual(finding.severity, .info, "2 held is under the pile of 5")
  }

  func testRetransmitEdges() {
    func sample(retrans: UInt32, segs: UInt32, backoff: UInt8 = 0, state: TCPState = .established)
      -> FlowSample?
    {
      let info = F.info {
        $0.tcpi_total_retrans = retrans
        $0.tcpi_segs_out = segs
        $0.tcpi_backoff = backoff
      }
      return RetransmitRule.assess(F.socket(state, info: info), info)
    }
    XCTAssertNotNil(sample(retrans: 5, segs: 100), "5% of 100")
    XCTAssertNil(sample(retrans: 4, segs: 100))
    XCTAssertNil(sample(retrans: 4, segs: 40), "too few segments and retransmits to judge")
    XCTAssertNotNil(sample(retrans: 1, segs: 10, backoff: 2))
    XCTAssertNil(sample(retrans: 1, segs: 10, backoff: 1))
    XCTAssertNil(sample(retrans: 0, segs: 10, backoff: 3), "backoff without a retransmission is probing")
    XCTAssertNotNil(sample(retrans: 5, segs: 60), "5 retransmits of 60 big loopback segments")
    XCTAssertNil(sample(retrans: 4, segs: 60))
    XCTAssertNil(
      sample(retrans: 1, segs: 2, backoff: 3, state: .synSent), "handshakes have their own rule")
    XCTAssertEqual(
      sample(retrans: 10, segs: 100)?.metrics.first { $0.key == "retrans_percent" }?.value, 10)
  }

  func testRetransmitFindingGroupsByPeer() throws {
    let info = F.info {
      $0.tcpi_total_retrans = 20
      $0.tcpi_segs_out = 200
    }
    let sockets = (0..<3).map {
      F.socket(
        .established, local: ("10.0.0.1", UInt16(40000 + $0)), peer: ("10.0.0.7", 443), info: info)
    }
    let finding = try XCTUnwrap(RetransmitRule().evaluate(F.input(sockets)).first)
    XCTAssertEqual(finding.metric("connections"), 3)
    XCTAssertEqual(finding.metric("peers"), 1)
    XCTAssertEqual(finding.subjects.count, 3, "the involved list is the connections")
    XCTAssertEqual(finding.subjects.first?.label, "10.0.0.1:40000 → 10.0.0.7:443")
    XCTAssertEqual(finding.subjects.first?.metric("total_retrans"), 20)
    XCTAssertTrue(finding.detail.en.contains("10.0.0.7 has the most: 60 segments over 3 connections"))
    let host = F.counters(
      before: ["Tcp.RetransSegs": 0, "Tcp.OutSegs": 0],
      after: ["Tcp.RetransSegs": 20, "Tcp.OutSegs": 1000])
    XCTAssertEqual(
      RetransmitRule().evaluate(F.input(counters: host)).first?.id, RetransmitRule.hostID)
    let under = F.counters(
      before: ["Tcp.RetransSegs": 0, "Tcp.OutSegs": 0],
      after: ["Tcp.RetransSegs": 19, "Tcp.OutSegs": 1000])
    XCTAssertTrue(RetransmitRule().evaluate(F.input(counters: under)).isEmpty)
  }

  func testZeroWindowEdges() {
    let probing = SocketTimer(kind: .zeroWindowProbe, expiresMs: 200, retransmits: 3)
    let idle = F.info { $0.tcpi_snd_wnd = 0 }
    XCTAssertNotNil(ZeroWindowRule.assess(F.socket(.established, timer: probing, info: idle), idle))
    XCTAssertNil(ZeroWindowRule.assess(F.socket(.established, info: idle), idle), "no data waiting")
    let waiting = F.info {
      $0.tcpi_snd_wnd = 0
      $0.tcpi_notsent_bytes = 10
    }
    XCTAssertEqual(
      ZeroWindowRule.assess(F.socket(.established, sendQ: 10, info: waiting), waiting)?.value("notsent_bytes"), 10)
    XCTAssertNil(ZeroWindowRule.assess(F.socket(.listen, info: waiting), waiting))
    let open = F.info {
      $0.tcpi_snd_wnd = 1
      $0.tcpi_notsent_bytes = 10
    }
    XCTAssertNil(ZeroWindowRule.assess(F.socket(.established, info: open), open))
  }

  func testLimitedFlowEdges() {
    func sample(busy: UInt64, rwnd: UInt64 = 0, sndbuf: UInt64 = 0, notsent: UInt32 = 0)
      -> FlowSample?
    {
      let info = F.info {
        $0.tcpi_busy_time = busy
        $0.tcpi_rwnd_limited = rwnd
        $0.tcpi_sndbuf_limited = sndbuf
        $0.tcpi_notsent_bytes = notsent
      }
      return LimitedFlowRule.assess(F.socket(.established, info: info), info)
    }
    XCTAssertNotNil(sample(busy: 1_000_000, rwnd: 500_000))
    XCTAssertNil(sample(busy: 1_000_000, rwnd: 499_999))
    XCTAssertNil(sample(busy: 999_999, rwnd: 999_999), "too short to judge")
    XCTAssertNotNil(sample(busy: 2_000_000, sndbuf: 1_000_000))
    XCTAssertNotNil(sample(busy: 0, notsent: 4 << 20))
    XCTAssertNil(sample(busy: 0, notsent: (4 << 20) - 1))
  }

  func testSynSentEdges() throws {
    XCTAssertEqual(SynSentRule.assess(unanswered: 0, pile: 10), .ok)
    XCTAssertEqual(SynSentRule.assess(unanswered: 1, pile: 10), .info)
    XCTAssertEqual(SynSentRule.assess(unanswered: 10, pile: 10), .warning)
    let retransmitted = SocketTimer(kind: .retransmit, expiresMs: 900, retransmits: 2)
    let sockets = [
      F.socket(
        .synSent, local: ("10.0.0.1", 40000), peer: ("203.0.113.5", 443), timer: retransmitted),
      F.socket(.synSent, local: ("10.0.0.1", 40001), peer: ("203.0.113.5", 443)),
    ]
    let finding = try XCTUnwrap(
      SynSentRule().evaluate(F.input(sockets, tunables: ["tcp_syn_retries": "6"], minCount: 1))
        .first)
    XCTAssertEqual(finding.severity, .warning)
    XCTAssertEqual(finding.metric("syn_sent_unanswered"), 1)
    XCTAssertEqual(finding.metric("syn_sent"), 2)
    XCTAssertEqual(finding.metric("max_syn_retransmits"), 2)
    XCTAssertEqual(finding.subjects.first?.label, "203.0.113.5:443")
  }

  func testMemoryEdges() {
    let limits: [Int64] = [100, 200, 300]
    XCTAssertEqual(MemoryRule.assess(pages: 199, limits: limits, pressures: 0, aborts: 0), .ok)
    XCTAssertEqual(MemoryRule.assess(pages: 200, limits: limits, pressures: 0, aborts: 0), .warning)
    XCTAssertEqual(
      MemoryRule.assess(pages: 300, limits: limits, pressures: 0, aborts: 0), .critical)
    XCTAssertEqual(MemoryRule.assess(pages: 1, limits: limits, pressures: 1, aborts: 0), .warning)
    XCTAssertEqual(MemoryRule.assess(pages: 1, limits: [], pressures: 0, aborts: 1), .critical)
  }
}
