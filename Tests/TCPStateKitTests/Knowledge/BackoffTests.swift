import XCTest

@testable import TCPStateKit
@testable import TCPStateKnowledge

/// The arithmetic behind the implications. What is computed, exactly:
/// - SYN-ACK: waits of 1, 2, 4 ... s (capped at 120 s) after the first SYN-ACK
///   and each retransmission; after `retries` retransmissions the request is
///   dropped when the next wait ends. 5 -> retransmissions at 1, 3, 7, 15, 31 s, dropped at 63 s.
/// - SYN: the first `linear` + 1 waits are 1 s, then doubling; `retries + linear`
///   retransmissions; give up when the next wait ends or the time since the
///   first SYN reaches tcp_model_timeout(retries, 1 s). 6/0 -> 127 s; 6/4 -> 131 s.
/// - Data: tcp_model_timeout(retries2, 200 ms) -> 924.6 s for 15.
final class BackoffTests: XCTestCase {
  func testSynackRetriesFiveGivesUpAfter63Seconds() {
    let schedule = Backoff.synack(retries: 5)
    XCTAssertEqual(Self.times(schedule), [1, 3, 7, 15, 31])
    XCTAssertEqual(schedule.lastRetransmission, 31)
    XCTAssertEqual(schedule.giveUp, 63)
  }

  func testSynRetriesSixWithoutLinearTimeoutsGivesUpAfter127Seconds() {
    let schedule = Backoff.syn(retries: 6, linear: 0)
    XCTAssertEqual(Self.times(schedule), [1, 3, 7, 15, 31, 63])
    XCTAssertEqual(schedule.giveUp, 127)
  }

  func testSynRetriesSixWithFourLinearTimeoutsGivesUpAfter131Seconds() {
    let schedule = Backoff.syn(retries: 6, linear: 4)
    XCTAssertEqual(schedule.count, 10)
    XCTAssertEqual(Self.times(schedule), [1, 2, 3, 4, 5, 7, 11, 19, 35, 67])
    XCTAssertEqual(schedule.giveUp, 131)
  }

  func testBackoffIsCappedAtRtoMax() {
    let schedule = Backoff.synack(retries: 10)
    // 1+2+...+64 = 127, then 120, 120, 120, 120 (128 and above are capped).
    XCTAssertEqual(schedule.lastRetransmission, 127 + 120 * 3)
    XCTAssertEqual(schedule.giveUp, 127 + 120 * 4)
  }

  /// Every retransmission's time, for schedules small enough to list.
  static func times(_ schedule: Backoff.Schedule) -> [Double] {
    (0..<schedule.count).map { schedule.retransmission($0 + 1) }
  }

  func testModelTimeout() {
    XCTAssertEqual(Backoff.modelTimeout(boundary: 15, rtoBase: 0.2), 924.6, accuracy: 0.0001)
    XCTAssertEqual(Backoff.modelTimeout(boundary: 8, rtoBase: 0.2), 102.2, accuracy: 0.0001)
    XCTAssertEqual(Backoff.modelTimeout(boundary: 3, rtoBase: 0.2), 3.0, accuracy: 0.0001)
    XCTAssertEqual(Backoff.modelTimeout(boundary: 6, rtoBase: 1), 127, accuracy: 0.0001)
  }

  func implication(_ name: String, _ value: String, _ others: [String: String] = [:]) -> String {
    guard let tunable = TunableCatalog.tunable(named: name) else { return "" }
    return Implications.describe(tunable, value: value, others: others)?.en ?? ""
  }

  func testImplicationsFromLiveValues() {
    XCTAssertTrue(implication("tcp_synack_retries", "5").contains("dropped at about 63 s"))
    XCTAssertTrue(implication("tcp_syn_retries", "6").contains("127 s"))
    XCTAssertTrue(
      implication("tcp_syn_retries", "6", ["tcp_syn_linear_timeouts": "4"]).contains("131 s"))
    XCTAssertTrue(
      implication("tcp_syn_linear_timeouts", "4", ["tcp_syn_retries": "6"]).contains("131 s"))
    XCTAssertTrue(implication("tcp_retries2", "15").contains("924.6 s"))
    XCTAssertTrue(implication("tcp_orphan_retries", "0").contains("8 retransmissions"))
    XCTAssertTrue(
      implication(
        "tcp_keepalive_time", "7200", ["tcp_keepalive_intvl": "75", "tcp_keepalive_probes": "9"]
      ).contains("7875 s"))
    XCTAssertTrue(
      implication(
        "tcp_keepalive_probes", "3", ["tcp_keepalive_time": "600", "tcp_keepalive_intvl": "10"]
      ).contains("630 s"))
    XCTAssertTrue(
      implication("ip_local_port_range", "32768\t60999").contains("28232 ephemeral ports"))
    XCTAssertTrue(implication("tcp_rmem", "4096\t131072\t6291456").contains("6 MiB"))
    XCTAssertTrue(implication("tcp_fin_timeout", "30").contains("30 s"))
    XCTAssertEqual(implication("tcp_synack_retries", "not a number"), "")
  }

  func testDefaultComparison() {
    let rmem = TunableCatalog.tunable(named: "tcp_rmem")!.defaultValue
    XCTAssertEqual(rmem.differs(from: "4096\t131072\t33554432"), false)
    XCTAssertEqual(rmem.differs(from: "4096\t87380\t6291456"), true)
    XCTAssertEqual(
      TunableCatalog.tunable(named: "tcp_max_orphans")!.defaultValue.differs(from: "131072"), nil)
    XCTAssertEqual(
      TunableCatalog.tunable(named: "tcp_fin_timeout")!.defaultValue.differs(from: "30"), true)
    XCTAssertEqual(
      TunableCatalog.tunable(named: "ip_local_port_range")!.defaultValue.differs(
        from: "32768\t60999"), false)
  }

  func testDurationText() {
    XCTAssertEqual(DurationText.format(63, .en), "63 s")
    XCTAssertEqual(DurationText.format(7875, .en), "7875 s (2 h 11 min 15 s)")
    XCTAssertEqual(DurationText.format(7875, .zh), "7875 秒（2 小时 11 分 15 秒）")
  }
}
