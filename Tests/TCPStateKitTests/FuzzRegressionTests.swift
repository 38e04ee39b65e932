import XCTest

@testable import TCPStateDoctor
@testable import TCPStateKit
@testable import TCPStateModel
@testable import TCPStateWatch

/// Inputs the fuzzers (Fuzz/) found trapping, kept so they never come back.
final class FuzzRegressionTests: XCTestCase {
  /// tcp_info with every byte 0xff: cwnd × mss × 8e6 overflowed in sendRateBps,
  /// rates near UInt64.max overflowed their one-decimal rounding, and the
  /// limited-flow shares overflowed `part * 100`.
  func testAllOnesTCPInfoRendersAndDiagnoses() {
    let bytes = [UInt8](repeating: 0xff, count: 280)
    var socket = Socket(
      family: .inet, state: .established, local: Endpoint(address: .anyV4, port: 80),
      peer: Endpoint(address: .anyV4, port: 40000))
    socket.tcpInfo = bytes.withUnsafeBytes { TCPInfo(bytes: $0) }
    XCTAssertEqual(socket.sendRateBps, 4_294_967_295 * 8_000_000)
    let line = TCPInfoText.line(for: socket)
    XCTAssertTrue(line.contains("Gbps"), line)
    var summary = SocketSummary()
    summary.add(socket)
    let report = Doctor.diagnose(DoctorInput(summary: summary))
    XCTAssertFalse(report.findings.isEmpty)
  }

  func testRatesNearTheTopOfUInt64() {
    XCTAssertEqual(TextFormatting.rate(bitsPerSecond: UInt64.max), "18446744073.7Gbps")
    XCTAssertEqual(TextFormatting.rate(bitsPerSecond: 1_950_000_000), "2.0Gbps")
    XCTAssertEqual(TextFormatting.rate(bitsPerSecond: 1_940_000), "1.9Mbps")
    XCTAssertEqual(TextFormatting.timerDuration(milliseconds: Int64.min), "-153722867280912min55sec")
  }

  /// A send rate whose quotient does not fit 64 bits saturates instead of trapping.
  func testSendRateSaturates() {
    var bytes = [UInt8](repeating: 0, count: 280)
    bytes.withUnsafeMutableBytes { raw in
      raw.storeBytes(of: UInt32(1), toByteOffset: Self.offset("tcpi_rtt"), as: UInt32.self)
      raw.storeBytes(of: UInt32.max, toByteOffset: Self.offset("tcpi_snd_cwnd"), as: UInt32.self)
      raw.storeBytes(of: UInt32.max, toByteOffset: Self.offset("tcpi_snd_mss"), as: UInt32.self)
    }
    var socket = Socket(
      family: .inet, state: .established, local: Endpoint(address: .anyV4, port: 1),
      peer: Endpoint(address: .anyV4, port: 2))
    socket.tcpInfo = bytes.withUnsafeBytes { TCPInfo(bytes: $0) }
    XCTAssertEqual(socket.sendRateBps, UInt64.max)
  }

  static func offset(_ field: String) -> Int {
    (TCPInfo.fieldEnds.first { $0.name == field }?.end ?? 4) - 4
  }

  /// Shares of huge counters and tunables: no overflow, the same verdicts.
  func testPercentagesOfHugeValues() {
    XCTAssertEqual(percent(Int64.max, of: 1), Int64.max)
    XCTAssertEqual(percent(Int64.max, of: Int64.max), 100)
    XCTAssertEqual(percent(1, of: 3), 33)
    XCTAssertTrue(reaches(Int64.max, 80, percentOf: Int64.max))
    XCTAssertFalse(reaches(Int64.max / 2, 80, percentOf: Int64.max))
    XCTAssertEqual(TimeWaitRule.assess(timeWait: Int64.max - 1, buckets: Int64.max, overflows: 0), .warning)
    XCTAssertEqual(TimeWaitRule.assess(timeWait: 10, buckets: Int64.max, overflows: 0), .ok)
  }

  /// Found by the arithmetic fuzzer: the suggested "twice the current value"
  /// overflowed for tcp_mem, tcp_max_tw_buckets and somaxconn near Int64.max.
  func testSuggestionsForHugeTunablesSaturate() {
    var before = CounterTable()
    var after = CounterTable()
    before["TcpExt", "TCPTimeWaitOverflow"] = 0
    after["TcpExt", "TCPTimeWaitOverflow"] = 5
    after["TCP", "mem"] = Int64.max
    after["TCP", "tw"] = Int64.max
    let input = DoctorInput(
      summary: SocketSummary(), counters: CounterWindow(before: before, after: after, seconds: 1),
      tunables: [
        "tcp_mem": "1\t4611686018427387904\t9223372036854775807",
        "tcp_max_tw_buckets": "9223372036854775807",
      ])
    let report = Doctor.diagnose(input)
    let commands = report.findings.flatMap(\.commands)
    XCTAssertTrue(
      commands.contains("sysctl -w net.ipv4.tcp_mem=\"1 9223372036854775807 9223372036854775807\""),
      "\(commands)")
    XCTAssertTrue(commands.contains("sysctl -w net.ipv4.tcp_max_tw_buckets=9223372036854775807"), "\(commands)")
    XCTAssertEqual(doubled(Int64.max), Int64.max)
    XCTAssertEqual(doubled(-5), 0)
    XCTAssertEqual(doubled(21), 42)
  }

  /// A tracepoint timestamp near UInt64.max (a corrupt ring-buffer page).
  func testTrackerSurvivesTimestampsAtTheTop() {
    var tracker = TransitionTracker(
      wallClockOffsetNs: 1_700_000_000_000_000_000, timeWaitProbe: { _, _, _ in nil }, ownerOf: { _, _ in nil })
    let endpoint = Endpoint(address: .anyV4, port: 80)
    for time in [UInt64.max, 0, UInt64.max - 5, 20_000_000_000] {
      let event = tracker.track(
        TransitionTracker.Change(
          monotonicNs: time, family: .inet, local: endpoint, peer: endpoint, oldState: .synSent,
          newState: .established, socketID: 1, pid: 0, inInterrupt: true))
      XCTAssertEqual(event.timestampNs, time &+ 1_700_000_000_000_000_000)
    }
  }
}
