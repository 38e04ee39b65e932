import Foundation
import TCPStateKit
import TCPStateModel
import XCTest

@testable import TCPStateKernel

/// The parts of watch that decide things without the kernel: the silence
/// check and the polling fallback's snapshot diff.
final class WatchLogicTests: XCTestCase {
  func writeSNMP(_ root: URL, opens: Int) throws {
    let text = """
      Ip: Forwarding DefaultTTL
      Ip: 1 64
      Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails
      Tcp: 1 200 120000 -1 \(opens) \(opens) 0

      """
    try text.write(to: root.appendingPathComponent("net/snmp"), atomically: true, encoding: .utf8)
  }

  func testSilenceIsDeclaredOnlyWhileConnectionsKeepOpening() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-snmp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("net"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    var detector = SilenceDetector(procRoot: root.path, patience: 2)
    try writeSNMP(root, opens: 10)
    XCTAssertFalse(detector.check(samplesRead: 0), "the first reading is a baseline")
    try writeSNMP(root, opens: 20)
    XCTAssertFalse(detector.check(samplesRead: 5), "events arrived: alive")
    try writeSNMP(root, opens: 30)
    XCTAssertFalse(detector.check(samplesRead: 5), "one quiet second is not enough")
    try writeSNMP(root, opens: 40)
    XCTAssertTrue(detector.check(samplesRead: 5), "two quiet seconds while TCP is busy: silent")
    var idle = SilenceDetector(procRoot: root.path, patience: 2)
    for _ in 0..<5 { XCTAssertFalse(idle.check(samplesRead: 0), "a quiet host is not a silent source") }
  }

  func socket(_ cookie: UInt64, _ state: TCPState, port: UInt16 = 5000) -> Socket {
    Socket(
      family: .inet, state: state, local: Endpoint(address: IPAddress("127.0.0.1")!, port: port),
      peer: Endpoint(address: IPAddress("127.0.0.1")!, port: 80), cookie: cookie)
  }

  func testPollingDiff() {
    var watcher = PollingWatcher()
    XCTAssertTrue(
      watcher.diff([socket(1, .established)], nowNs: 0, wallOffsetNs: 0).isEmpty, "the first snapshot is the baseline")
    let changed = watcher.diff([socket(1, .finWait2), socket(2, .synSent, port: 5001)], nowNs: 100, wallOffsetNs: 0)
    XCTAssertEqual(
      Set(changed.map { "\($0.oldState?.name ?? "-")>\($0.newState.name)" }), ["ESTABLISHED>FIN_WAIT2", "->SYN_SENT"])
    XCTAssertEqual(changed.first { $0.socketID == 1 }?.durationNs, 100)
    // The full socket goes away and a time-wait socket with the same 4-tuple appears.
    let handOver = watcher.diff([socket(3, .timeWait), socket(2, .synSent, port: 5001)], nowNs: 200, wallOffsetNs: 0)
    XCTAssertEqual(
      Set(handOver.map { "\($0.oldState?.name ?? "-")>\($0.newState.name)" }), ["FIN_WAIT2>TIME_WAIT"],
      "one hand-over, not a close and a new socket")
    // A destroy notification reported the end first: the poll does not report it again.
    let end = watcher.destroyed(socket(2, .close, port: 5001), nowNs: 250, wallOffsetNs: 0)
    XCTAssertEqual(end?.oldState, .synSent)
    XCTAssertTrue(watcher.diff([socket(3, .timeWait)], nowNs: 300, wallOffsetNs: 0).isEmpty)
  }
}

final class WatchKernelFilterTests: XCTestCase {
  func testPortsBecomeAnFtraceFilterAndAddressesStayInUserSpace() {
    let filter = SocketFilter(clauses: [
      [.port(.source, 80...80), .port(.destination, 80...80)],
      [.port(.destination, 8000...8100)],
      [.address(.source, IPAddress("10.0.0.0")!, prefix: 8)],
    ])
    XCTAssertEqual(
      WatchSession.kernelFilter(filter), "protocol==6&&(sport==80||dport==80)&&(dport>=8000&&dport<=8100)")
    XCTAssertEqual(WatchSession.kernelFilter(SocketFilter()), "protocol==6")
  }

  /// The kernel refuses filters of 4 KiB or more: adjacent ports become one range.
  func testManyPortsAreMergedIntoRanges() {
    let ports = (0..<500).map { UInt16(20000 + $0) } + [30000, 30002]
    let filter = SocketFilter(clauses: [ports.flatMap { [.port(.source, $0...$0), .port(.destination, $0...$0)] }])
    XCTAssertEqual(
      WatchSession.kernelFilter(filter),
      "protocol==6&&((sport>=20000&&sport<=20499)||sport==30000||sport==30002||(dport>=20000&&dport<=20499)||dport==30000||dport==30002)"
    )
    XCTAssertEqual(WatchSession.merged([5...9, 1...3, 4...4, 20...30, 25...26]), [1...9, 20...30])
  }
}
