import Foundation
import TCPStateModel
import XCTest

@testable import TCPStateExplain
@testable import TCPStateKit
@testable import TCPStateKnowledge

/// The facts a review against RFC 9293 and the kernel source found wrong
/// (issue 12), each pinned so the wrong version cannot come back.
final class KnowledgeFactsTests: XCTestCase {
  func body(_ id: String, _ key: String) -> Localized {
    KnowledgeBase.entry(id: id)?.section(key)?.body ?? L("", "")
  }

  func page(_ id: String, _ language: Language = .en) -> String {
    let subject = KnowledgeBase.resolve(id)!
    return ExplainTextRenderer(ExplainOptions(language: language, width: 200)).render(subject)
  }

  /// 1. tcp_fin() enters delayed-ACK (pingpong) mode: the ACK of a FIN waits.
  func testTheAckOfAFinIsDelayedNotImmediate() {
    for id in ["close", "CLOSE_WAIT"] {
      let text = page(id)
      XCTAssertFalse(text.contains("at once with"), id)
      XCTAssertFalse(text.contains("acknowledges a FIN immediately"), id)
      XCTAssertTrue(text.contains("40 ms"), id)
      XCTAssertTrue(text.contains("tcp_fin()"), id)
      XCTAssertFalse(page(id, .zh).contains("立即确认"), id)
      XCTAssertFalse(page(id, .zh).contains("立即回复 ACK"), id)
    }
    XCTAssertTrue(body("close", "why_four").en.contains("[F.], [F.], [.]"))
  }

  /// 2. The SYN queue is limited by the listener's backlog; tcp_max_syn_backlog
  /// only gates unproven peers with cookies off.
  func testMaxSynBacklogIsNotThePerListenerLimit() throws {
    let tunable = try XCTUnwrap(TunableCatalog.tunable(named: "tcp_max_syn_backlog"))
    XCTAssertTrue(tunable.meaning.en.hasPrefix("Not the per-listener"))
    XCTAssertTrue(tunable.meaning.en.contains("tcp_syncookies=0"))
    let cookiesOn = Implications.describe(
      tunable, value: "2048", others: ["tcp_syncookies": "1"])
    XCTAssertFalse(cookiesOn?.en.contains("remembers up to") ?? true)
    XCTAssertTrue(cookiesOn?.en.contains("backlog") ?? false)
    let cookiesOff = Implications.describe(
      tunable, value: "2048", others: ["tcp_syncookies": "0"])
    XCTAssertTrue(cookiesOff?.en.contains("more than 1536 requests") ?? false, "\(cookiesOff!.en)")
    XCTAssertTrue(body("syn-flood", "linux").en.contains("tcp_max_syn_backlog does not set this limit"))
  }

  /// 3. BOUND_INACTIVE is a request filter bit; replies carry CLOSE.
  func testBoundInactiveIsAFilterBitNotAReportedState() {
    let summary = KnowledgeBase.entry(for: .boundInactive)!.summary.en
    XCTAssertTrue(summary.contains("never reported"))
    XCTAssertTrue(summary.contains("TCPF_BOUND_INACTIVE"))
    XCTAssertTrue(summary.contains("CLOSE"))
    XCTAssertFalse(summary.contains("under this number"))
  }

  /// 4. Only bind()-bound closed sockets can be listed at all.
  func testOnlyBoundClosedSocketsAreVisible() {
    let closed = KnowledgeBase.entry(for: .close)!
    XCTAssertTrue(closed.summary.en.contains("bind()"))
    let pile = closed.section("pile_up")!.body.en
    XCTAssertTrue(pile.contains("bound with bind()"))
    XCTAssertTrue(pile.contains("does not show here"))
    XCTAssertFalse(pile.contains("mean an application keeps descriptors of failed"))
  }

  /// 5. Simultaneous open is RFC 9293 Figure 7.
  func testSimultaneousOpenIsFigure7() {
    let text = body("handshake", "simultaneous_open")
    XCTAssertTrue(text.en.contains("Figure 7"))
    XCTAssertFalse(text.en.contains("Figure 8"))
    XCTAssertTrue(text.zh.contains("图 7"))
  }

  /// 6. tcp_time_wait() only bumps TcpExtTCPTimeWaitOverflow; no log line.
  func testTimeWaitOverflowLogsNothing() {
    let tunable = TunableCatalog.tunable(named: "tcp_max_tw_buckets")!
    XCTAssertTrue(tunable.meaning.en.contains("log nothing"))
    XCTAssertFalse(tunable.meaning.en.contains("with a warning"))
    let pile = KnowledgeBase.entry(for: .timeWait)!.section("pile_up")!.body
    XCTAssertTrue(pile.en.contains("TcpExtTCPTimeWaitOverflow"))
    XCTAssertFalse(pile.en.contains("logs a warning"))
    XCTAssertFalse(pile.zh.contains("并打印警告"))
  }

  /// 7. A build-dependent default is never flagged as changed.
  func testCongestionControlDefaultIsBuildDependent() {
    let tunable = TunableCatalog.tunable(named: "tcp_congestion_control")!
    XCTAssertNil(tunable.defaultValue.differs(from: "bbr"))
    XCTAssertNil(tunable.defaultValue.differs(from: "cubic"))
    let rows = LiveHost(readings: ["tcp_congestion_control": .value("bbr")], counts: nil)
      .rows(for: ["tcp_congestion_control"])
    let text = TunablesTextRenderer(ExplainOptions(language: .en)).render(rows)
    XCTAssertFalse(text.contains("* net.ipv4.tcp_congestion_control"), text)
  }

  /// 8. SYN_SENT timing says the schedule, not "this host".
  func testSynSentTimingIsPreciseAndHostIndependent() {
    let timer = KnowledgeBase.entry(for: .synSent)!.section("timer")!.body.en
    XCTAssertFalse(timer.contains("this host's included"))
    XCTAssertTrue(timer.contains("1, 1, 1, 1, 1, 2, 4, 8, 16, 32 and 64 s"))
    XCTAssertTrue(timer.contains("131 s"))
    XCTAssertTrue(timer.contains("127 s"))
    // The arithmetic behind the sentence.
    let schedule = Backoff.syn(retries: 6, linear: 4)
    XCTAssertEqual((1...schedule.count).map { schedule.retransmission($0) }, [1, 2, 3, 4, 5, 7, 11, 19, 35, 67])
  }

  /// 9. The 63 s holds without pressure only.
  func testSynFloodRequestLifetimeDependsOnQueuePressure() {
    let attack = body("syn-flood", "attack").en
    XCTAssertTrue(attack.contains("no pressure"))
    XCTAssertTrue(attack.contains("more than half full"))
    XCTAssertTrue(attack.contains("down to 2"))
    XCTAssertTrue(attack.contains("reqsk_timer_handler()"))
  }

  /// 10. A full accept queue drops new SYNs as well, cookies or not.
  func testFullAcceptQueueDropsSynsToo() {
    let listen = KnowledgeBase.entry(for: .listen)!.section("pile_up")!.body.en
    XCTAssertTrue(listen.contains("drops new SYNs"))
    XCTAssertTrue(listen.contains("even with SYN cookies on"))
    XCTAssertTrue(body("handshake", "linux_queues").en.contains("drops new SYNs"))
    let overflow = TunableCatalog.tunable(named: "tcp_abort_on_overflow")!
    for value in ["0", "1"] {
      XCTAssertTrue(
        Implications.describe(overflow, value: value, others: [:])?.en.contains("new SYNs")
          ?? false)
    }
  }

  /// 11. Linux and RFC 9293 disagree on TIME_WAIT after a RST: say both.
  func testResetAndTimeWaitSayLinuxAndTheRFC() {
    for text in [KnowledgeBase.entry(id: "rst")!.summary.en, body("close", "abort").en] {
      XCTAssertTrue(text.contains("On Linux neither side"), text)
      XCTAssertTrue(text.contains("3.5.2"), text)
    }
  }

  /// 12. The two reasons are not RFC 9293 section 3.6; the 2 × MSL rule is MUST-13.
  func testTimeWaitReasonsAreCitedCorrectly() {
    let meaning = KnowledgeBase.entry(for: .timeWait)!.section("meaning")!.body
    XCTAssertFalse(meaning.en.contains("(RFC 9293 section 3.6)"))
    XCTAssertTrue(meaning.en.contains("MUST-13"))
    XCTAssertTrue(meaning.en.contains("3.6.1"))
    XCTAssertFalse(meaning.zh.contains("延迟在网络中的报文"))
    XCTAssertTrue(meaning.zh.contains("滞留"))
  }

  /// 13. BSD uses 8 probes; the 10 is a textbook's.
  func testKeepaliveProbeCountsAreAttributed() {
    let timing = body("keepalive", "timing").en
    XCTAssertTrue(timing.contains("8 (TCPTV_KEEPCNT"))
    XCTAssertTrue(timing.contains("textbook"))
    XCTAssertFalse(timing.contains("older BSD descriptions"))
  }

  /// 14. FIN_WAIT2 orphans: silent in the usual case, a RST in the others.
  func testFinWait2SaysWhenARstIsSent() {
    let leave = KnowledgeBase.entry(for: .finWait2)!.section("leave")!.body.en
    XCTAssertTrue(leave.contains("leaves silently"))
    XCTAssertTrue(leave.contains("tcp_send_active_reset()"))
    XCTAssertTrue(leave.contains("TCP_LINGER2 is negative"))
    XCTAssertFalse(leave.contains("dropped to CLOSED without a packet"))
  }

  /// 15. SACK reports blocks received; TCP_USER_TIMEOUT can lengthen too.
  func testSackAndUserTimeoutWording() {
    let sack = TunableCatalog.tunable(named: "tcp_sack")!.meaning.en
    XCTAssertFalse(sack.contains("exactly which segments are missing"))
    XCTAssertTrue(sack.contains("blocks of data"))
    let timer = KnowledgeBase.entry(for: .established)!.section("timer")!.body.en
    XCTAssertFalse(timer.contains("can shorten both"))
    XCTAssertTrue(timer.contains("shorter or longer"))
  }

  /// 16a. No raw tab in JSON values.
  func testJSONValuesHaveNoTabs() throws {
    let live = LiveHost(readings: ["ip_local_port_range": .value("32768\t60999")], counts: nil)
    let json = ExplainJSON.tunable(
      TunableCatalog.tunable(named: "ip_local_port_range")!,
      ExplainOptions(language: .en, live: live)
    ).serialized()
    XCTAssertFalse(json.contains("\\t"), json)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let row = object?["live"] as? [String: Any]
    XCTAssertEqual(row?["value"] as? String, "32768 60999")
    XCTAssertEqual(row?["fields"] as? [String], ["32768", "60999"])
  }

  /// 16b. Document counts add up to the sockets sock_diag reported.
  func testDocumentCountsAddUp() {
    let counts: [TCPState: Int] = [.synRecv: 3, .established: 5, .listen: 1]
    let renderer = DiagramRenderer(counts: counts)
    let dot = renderer.render(.dot)
    XCTAssertTrue(dot.contains("\"SYN_RECV\" [label=\"SYN_RECV\\n3\"]"), dot)
    XCTAssertTrue(dot.contains("\"NEW_SYN_RECV\" [label=\"NEW_SYN_RECV\\n0\"]"), dot)
    let mermaid = renderer.render(.mermaid)
    var total = 0
    for state in TCPState.known {
      let prefix = "state \"\(state.name) ("
      guard let line = mermaid.split(separator: "\n").first(where: { $0.contains(prefix) }) else {
        continue
      }
      let number = line.split(separator: "(").last!.split(separator: ")").first!
      total += Int(number)!
    }
    XCTAssertEqual(total, 9)
  }

  /// 16c. Mermaid labels keep their sense without a colon.
  func testMermaidLabelsKeepTheirColonsMeaning() {
    let mermaid = DiagramRenderer(counts: nil).render(.mermaid)
    XCTAssertTrue(mermaid.contains("Linux, 60 s"), mermaid)
    XCTAssertFalse(mermaid.contains("Linux  60 s"))
    for line in mermaid.split(separator: "\n") where line.contains("-->") {
      XCTAssertEqual(line.filter { $0 == ":" }.count, line.hasPrefix("  [*]") ? 0 : 1, String(line))
    }
  }

  /// 16d. The edges the prose describes are in the table.
  func testEdgesThatTheProseDescribesExist() {
    for (from, to) in [(TCPState.closing, TCPState.close), (.synRecv, .close), (.closeWait, .close)] {
      XCTAssertTrue(
        Transitions.outgoing(from).contains { $0.to == to }, "\(from.name) -> \(to.name)")
    }
    XCTAssertTrue(
      Transitions.outgoing(.closing).contains { $0.to == .close && $0.origin == .linux })
    XCTAssertTrue(
      Transitions.outgoing(.closeWait).contains { $0.to == .close && $0.origin == .linux })
  }
}

/// The sentences issue 12 asked for "where they belong".
final class KnowledgeDetailsTests: XCTestCase {
  func testLinuxISNIsSipHashPlusA64NanosecondClock() {
    let isn = KnowledgeBase.entry(id: "handshake")!.section("isn")!.body.en
    XCTAssertTrue(isn.contains("secure_tcp_seq()"))
    XCTAssertTrue(isn.contains("SipHash"))
    XCTAssertTrue(isn.contains("64 ns"))
    XCTAssertTrue(isn.contains("274 s"))
    // 2^32 ticks of 64 ns.
    XCTAssertEqual(Int((Double(1 << 32) * 64e-9).rounded(.down)), 274)
  }

  func testQueuesOfAConnectedSocketAreExplained() {
    let normal = KnowledgeBase.entry(for: .established)!.section("normal")!.body.en
    XCTAssertTrue(normal.contains("Recv-Q is the bytes received but not yet read"))
    XCTAssertTrue(normal.contains("Send-Q the bytes written but not yet acknowledged"))
  }

  func testZeroWindowProbesAreExplained() {
    let timer = KnowledgeBase.entry(for: .established)!.section("timer")!.body.en
    XCTAssertTrue(timer.contains("zero-window probes"))
    XCTAssertTrue(timer.contains("tcp_probe_timer()"))
    XCTAssertTrue(
      KnowledgeBase.entry(for: .finWait1)!.section("pile_up")!.body.en.contains("zero-window probes"))
  }

  func testFinTimeoutHasAFloorAndTimeWaitEntriesShowAsFinWait2() {
    XCTAssertTrue(
      TunableCatalog.tunable(named: "tcp_fin_timeout")!.meaning.en.contains("3.5 retransmission"))
    let timer = KnowledgeBase.entry(for: .finWait2)!.section("timer")!.body.en
    XCTAssertTrue(timer.contains("3.5 retransmission timeouts"))
    XCTAssertTrue(timer.contains("still show as FIN-WAIT-2"))
  }

  func testTimeWaitTimerRestartsAndCountersAreNamed() {
    let leave = KnowledgeBase.entry(for: .timeWait)!.section("leave")!.body.en
    XCTAssertTrue(leave.contains("restarts the 60 s timer"))
    let detect = KnowledgeBase.entry(id: "syn-flood")!.section("detect")!.body.en
    XCTAssertTrue(detect.contains("TcpExtTCPReqQFullDoCookies"))
    XCTAssertTrue(detect.contains("TcpExtTCPReqQFullDrop"))
    XCTAssertTrue(
      KnowledgeBase.entry(for: .timeWait)!.section("pile_up")!.body.en.contains(
        "TcpExtTCPTimeWaitOverflow"))
  }
}
