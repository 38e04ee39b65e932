import XCTest

@testable import TCPStateDoctor
@testable import TCPStateKit
@testable import TCPStateKnowledge

/// Numbers no kernel gives today but a future kernel or a bad --proc-root
/// file can: the implications, the backoff arithmetic and the counter window
/// must answer (or say the value is invalid), never trap or grow without bound.
final class OutOfRangeNumberTests: XCTestCase {
  func implication(_ name: String, _ value: String, _ others: [String: String] = [:]) -> String? {
    guard let tunable = TunableCatalog.tunable(named: name) else {
      XCTFail("no tunable \(name)")
      return nil
    }
    return Implications.describe(tunable, value: value, others: others)?.en
  }

  /// Every catalogued tunable with the extremes of Int64 and of C's int, and
  /// the numbers just beyond: an answer (possibly "not valid"), never a trap.
  func testEveryTunableSurvivesExtremeValues() {
    let values = [
      "9223372036854775807", "-9223372036854775808", "2147483647", "-2147483648", "4294967295",
      "99999999999999999999", "-1", "0",
    ]
    for tunable in TunableCatalog.all {
      for value in values {
        let multi: String
        switch tunable.unit {
        case .bytes: multi = "\(value)\t\(value)\t\(value)"
        case .ports: multi = "\(value)\t\(value)"
        default: multi = value
        }
        let others = Dictionary(uniqueKeysWithValues: TunableCatalog.all.map { ($0.name, value) })
        _ = Implications.describe(tunable, value: multi, others: others)
        _ = Implications.describe(tunable, value: multi, others: [:])
      }
    }
  }

  func testNegativeCountsAndTimesAreSaidToBeInvalid() throws {
    let fin = try XCTUnwrap(implication("tcp_fin_timeout", "-5"))
    XCTAssertFalse(fin.contains("after -5"), fin)
    XCTAssertTrue(fin.contains("-5 is not a valid value"), fin)
    let buckets = try XCTUnwrap(implication("tcp_max_tw_buckets", "-1"))
    XCTAssertFalse(buckets.contains("Up to -1"), buckets)
    XCTAssertTrue(buckets.contains("-1 is not a valid value"), buckets)
    // Another tunable's bad value is named where it matters.
    let keepalive = try XCTUnwrap(
      implication("tcp_keepalive_time", "7200", ["tcp_keepalive_intvl": "-9223372036854775808"]))
    XCTAssertTrue(keepalive.contains("tcp_keepalive_intvl"), keepalive)
    XCTAssertTrue(keepalive.contains("not a valid value"), keepalive)
  }

  func testValuesBeyondAnIntAreInvalidNotTraps() throws {
    for name in [
      "tcp_fin_timeout", "tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes",
      "tcp_retries1", "tcp_retries2", "tcp_orphan_retries", "tcp_syn_retries",
      "tcp_synack_retries", "tcp_syn_linear_timeouts",
    ] {
      let text = try XCTUnwrap(implication(name, "9223372036854775807"), name)
      XCTAssertTrue(text.contains("9223372036854775807 is not a valid value"), "\(name): \(text)")
      let beyond = try XCTUnwrap(implication(name, "99999999999999999999"), name)
      XCTAssertTrue(beyond.contains("not a valid value"), "\(name): \(beyond)")
    }
    let ports = try XCTUnwrap(implication("ip_local_port_range", "-9223372036854775808\t9223372036854775807"))
    XCTAssertTrue(ports.contains("not a valid value"), ports)
  }

  /// 2147483647 fits a C int, so a kernel could hold it: the schedule is
  /// computed in closed form (this used to build one entry per retry).
  func testHugeRetryCountsAreComputedInConstantMemory() throws {
    let synack = Backoff.synack(retries: Int(Int32.max))
    XCTAssertEqual(synack.count, Int(Int32.max))
    // 1+2+...+64 = 127, then 120 s each.
    XCTAssertEqual(synack.giveUp, 127 + 120 * (Double(Int32.max) + 1 - 7))
    XCTAssertEqual(synack.lastRetransmission, 127 + 120 * (Double(Int32.max) - 7))
    let syn = Backoff.syn(retries: Int(Int32.max), linear: Int(Int32.max))
    XCTAssertGreaterThan(syn.giveUp, 0)
    XCTAssertGreaterThan(syn.count, Int(Int32.max))
    let text = try XCTUnwrap(implication("tcp_syn_retries", "2147483647"))
    XCTAssertTrue(text.contains("2147483647 SYN retransmissions"), text)
    XCTAssertNotNil(implication("tcp_synack_retries", "2147483647"))
    XCTAssertNotNil(implication("tcp_syn_linear_timeouts", "2147483647"))
    // Extremes of Int itself: no overflow in retries + linear or retries + 1.
    _ = Backoff.syn(retries: .max, linear: .max)
    _ = Backoff.synack(retries: .max)
    _ = Backoff.syn(retries: .min, linear: .min)
    XCTAssertEqual(Backoff.synack(retries: -3).count, 0)
    XCTAssertEqual(
      Backoff.modelTimeout(boundary: .max, rtoBase: 0.2), 120 * (Double(Int.max) - 9) + 204.6,
      accuracy: 1e6)
    XCTAssertEqual(Backoff.modelTimeout(boundary: 0, rtoBase: 0.2), 0.2, accuracy: 1e-9)
  }

  /// The closed form gives exactly what one step per retransmission gave.
  func testClosedFormMatchesStepByStep() {
    for retries in 0...40 {
      for linear in 0...12 {
        let schedule = Backoff.syn(retries: retries, linear: linear)
        let expected = Self.stepByStep(retries: retries, linear: linear)
        XCTAssertEqual(schedule.count, expected.times.count, "\(retries)/\(linear)")
        XCTAssertEqual(schedule.lastRetransmission, expected.times.last ?? 0, "\(retries)/\(linear)")
        XCTAssertEqual(schedule.giveUp, expected.giveUp, "\(retries)/\(linear)")
        XCTAssertEqual(
          (1...max(schedule.count, 1)).map(schedule.retransmission).prefix(schedule.count),
          ArraySlice(expected.times), "\(retries)/\(linear)")
      }
      let synack = Backoff.synack(retries: retries)
      let expected = Self.stepByStep(retries: retries, linear: 0, modelTimeoutLimit: false)
      XCTAssertEqual(synack.count, retries)
      XCTAssertEqual(synack.count, expected.times.count)
      XCTAssertEqual(synack.giveUp, expected.giveUp, "\(retries)")
    }
  }

  /// The schedule as Linux's timers run it, one retransmission at a time.
  static func stepByStep(retries: Int, linear: Int, modelTimeoutLimit: Bool = true) -> (
    times: [Double], giveUp: Double
  ) {
    let giveUpLimit = modelTimeoutLimit ? Backoff.modelTimeout(boundary: retries, rtoBase: 1) : nil
    let waits = retries + linear + 1
    var rto = 1.0
    var elapsed = 0.0
    var times: [Double] = []
    for index in 0..<waits {
      elapsed += min(rto, 120)
      if index >= linear { rto = min(rto * 2, 120) }
      if index == waits - 1 || (giveUpLimit.map { elapsed >= $0 } ?? false) { break }
      times.append(elapsed)
    }
    return (times, elapsed)
  }

  func testDurationsOfAnySizeAreText() {
    XCTAssertEqual(DurationText.format(4_611_686_018_427_387_904, .en).hasPrefix("4611686018427387904 s"), true)
    for seconds in [Double.greatestFiniteMagnitude, .infinity, -.infinity, .nan, -1e300, 9.3e18, -9.3e18] {
      XCTAssertFalse(DurationText.format(seconds, .en).isEmpty)
      XCTAssertFalse(DurationText.format(seconds, .zh).isEmpty)
    }
  }

  /// -1 then 18446744073709551615 (saturated to Int64.max) used to trap in the subtraction.
  func testCounterWrapAroundGivesANoteNotATrap() {
    var before = CounterTable()
    var after = CounterTable()
    before["TcpExt", "ListenOverflows"] = -1
    after["TcpExt", "ListenOverflows"] = Int64.max
    before["TcpExt", "ListenDrops"] = 500
    after["TcpExt", "ListenDrops"] = 3
    before["Tcp", "OutSegs"] = 10
    after["Tcp", "OutSegs"] = 25
    let window = CounterWindow(before: before, after: after, seconds: 1)
    XCTAssertNil(window.delta("TcpExt", "ListenOverflows"))
    XCTAssertNil(window.delta("TcpExt", "ListenDrops"))
    XCTAssertEqual(window.delta("Tcp", "OutSegs"), 15)
    let notes = window.problems.map(\.description).joined(separator: "\n")
    XCTAssertTrue(notes.contains("TcpExt ListenOverflows"), notes)
    XCTAssertTrue(notes.contains("TcpExt ListenDrops"), notes)
    XCTAssertFalse(notes.contains("OutSegs"), notes)
    let report = Doctor.diagnose(DoctorInput(summary: SocketSummary(), counters: window))
    XCTAssertTrue(report.problems.contains { $0.contains("ListenOverflows") }, "\(report.problems)")
  }
}
