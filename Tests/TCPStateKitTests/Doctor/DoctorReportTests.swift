import Foundation
import TCPStateDoctor
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel
import XCTest

/// The report as a whole: order, verdicts, exit codes, both languages, JSON.
final class DoctorReportTests: XCTestCase {
  typealias F = DoctorFixtures

  /// An input that trips most rules at once.
  func troubledInput(scoped: Bool = false) -> DoctorInput {
    var sockets = [
      F.socket(.listen, local: ("0.0.0.0", 80), peer: ("0.0.0.0", 0), recvQ: 9, sendQ: 8)
    ]
    sockets += (0..<12).map {
      F.socket(.closeWait, local: ("10.0.0.1", 8080), peer: ("10.0.0.2", UInt16(30000 + $0)))
    }
    sockets.append(
      F.socket(
        .synSent, local: ("10.0.0.1", 40000), peer: ("203.0.113.5", 443),
        timer: SocketTimer(kind: .retransmit, expiresMs: 1, retransmits: 1)))
    var after = CounterTable()
    after["TCP", "mem"] = 250
    return F.input(
      sockets, counters: CounterWindow(before: nil, after: after, seconds: 0),
      tunables: ["tcp_mem": "100\t200\t300", "somaxconn": "4096"], scoped: scoped)
  }

  func testWorstFirstAndExitCodes() {
    let report = Doctor.diagnose(troubledInput())
    XCTAssertEqual(report.findings.map(\.severity), report.findings.map(\.severity).sorted(by: >))
    XCTAssertEqual(report.findings.first?.id, AcceptQueueRule.id)
    XCTAssertEqual(report.verdict, .critical)
    XCTAssertEqual(report.exitCode, 2)
    XCTAssertEqual(
      Set(report.findings.map(\.id)),
      [AcceptQueueRule.id, CloseWaitRule.id, MemoryRule.id, SynSentRule.id])
    let scoped = Doctor.diagnose(troubledInput(scoped: true))
    XCTAssertEqual(
      scoped.findings(MemoryRule.id).first?.severity, .info, "host-wide memory is a note in a scope"
    )
    XCTAssertEqual(Doctor.diagnose(F.input()).exitCode, 0)
    let warningsOnly = Doctor.diagnose(
      F.input(
        (0..<10).map {
          F.socket(.closeWait, local: ("10.0.0.1", 1), peer: ("10.0.0.2", UInt16(2 + $0)))
        }))
    XCTAssertEqual(warningsOnly.exitCode, 1)
  }

  func testHealthyVerdict() {
    let sockets = [F.socket(.established), F.socket(.listen, peer: ("0.0.0.0", 0), sendQ: 128)]
    let report = Doctor.diagnose(F.input(sockets))
    XCTAssertEqual(
      DoctorTextRenderer.render(report, options: DoctorOptions()),
      "healthy: 2 sockets, no findings\n")
    XCTAssertEqual(DoctorTextRenderer.verdict(report, language: .zh), "健康：2 个套接字，没有发现问题")
  }

  func testTextReportPlainAndColoured() {
    let report = Doctor.diagnose(troubledInput())
    let plain = DoctorTextRenderer.render(report, options: DoctorOptions())
    XCTAssertFalse(plain.contains("\u{1B}["))
    XCTAssertTrue(plain.hasPrefix("CRITICAL  Accept queue full  [accept-queue-overflow]"))
    XCTAssertTrue(plain.contains("tcpstate explain LISTEN"))
    XCTAssertTrue(
      plain.hasSuffix("critical: 1 critical, 2 warnings, 1 note (14 sockets)\n"), plain)
    let coloured = DoctorTextRenderer.render(
      report, options: DoctorOptions(style: TextStyle(enabled: true)))
    XCTAssertTrue(coloured.contains("\u{1B}[31m"))
    let chinese = DoctorTextRenderer.render(report, options: DoctorOptions(language: .zh))
    XCTAssertTrue(chinese.contains("全连接队列已满"))
    XCTAssertTrue(chinese.contains("建议："))
  }

  func testJSONIsStableSnakeCase() throws {
    let report = Doctor.diagnose(troubledInput())
    let text = DoctorJSON.render(report, language: .en)
    XCTAssertEqual(text, DoctorJSON.render(report, language: .en))
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    XCTAssertEqual(object["verdict"] as? String, "critical")
    XCTAssertEqual(object["exit_code"] as? Int, 2)
    XCTAssertEqual(object["sockets"] as? Int, 14)
    let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
    let accept = try XCTUnwrap(findings.first)
    XCTAssertEqual(accept["id"] as? String, "accept-queue-overflow")
    XCTAssertEqual((accept["evidence"] as? [String: Any])?["recv_q"] as? Int, 9)
    XCTAssertEqual(accept["explain"] as? String, "LISTEN")
    for finding in findings {
      for key in finding.keys { XCTAssertEqual(key, key.lowercased(), "snake_case keys") }
    }
  }

  /// Every finding of every rule: both languages filled, unique evidence keys,
  /// an explain link that resolves, tunables that exist.
  func testFindingsAreCompleteInBothLanguages() {
    var findings = Doctor.diagnose(troubledInput()).findings
    let counters = F.counters(
      before: [
        "TcpExt.ListenOverflows": 0, "TcpExt.SyncookiesSent": 0, "TcpExt.TCPReqQFullDrop": 0,
        "TcpExt.TCPTimeWaitOverflow": 0,
        "Tcp.RetransSegs": 0, "Tcp.OutSegs": 0, "TcpExt.TCPAbortOnMemory": 0,
      ],
      after: [
        "TcpExt.ListenOverflows": 3, "TcpExt.SyncookiesSent": 2, "TcpExt.TCPReqQFullDrop": 1,
        "TcpExt.TCPTimeWaitOverflow": 1,
        "Tcp.RetransSegs": 100, "Tcp.OutSegs": 1000, "TcpExt.TCPAbortOnMemory": 1,
        "TCP.orphan": 950, "TCP.tw": 10,
      ])
    let info = F.info {
      $0.tcpi_total_retrans = 50
      $0.tcpi_segs_out = 100
      $0.tcpi_busy_time = 2_000_000
      $0.tcpi_rwnd_limited = 2_000_000
      $0.tcpi_notsent_bytes = 100
    }
    var sockets = (0..<300).map {
      F.socket(
        .synRecv, local: ("10.0.0.1", 443), peer: ("198.51.100.\($0 % 250)", UInt16(1000 + $0)))
    }
    sockets.append(
      F.socket(.established, local: ("10.0.0.1", 40000), peer: ("10.0.0.7", 80), info: info))
    sockets.append(
      F.socket(
        .established, local: ("10.0.0.1", 40001), peer: ("10.0.0.9", 80),
        timer: SocketTimer(kind: .zeroWindowProbe, expiresMs: 200, retransmits: 2), info: info))
    let open = F.info {
      $0.tcpi_snd_wnd = 65536
      $0.tcpi_notsent_bytes = 100
    }
    sockets.append(
      F.socket(
        .established, local: ("10.0.0.1", 40002), peer: ("10.0.0.9", 81), sendQ: 100,
        timer: SocketTimer(kind: .zeroWindowProbe, expiresMs: 200, retransmits: 2), info: open))
    sockets += (0..<5).map {
      F.socket(.timeWait, local: ("10.0.0.1", UInt16(41000 + $0)), peer: ("10.0.0.7", 80))
    }
    sockets += (0..<5).map {
      F.socket(.finWait2, local: ("10.0.0.1", UInt16(42000 + $0)), peer: ("10.0.0.8", 80))
    }
    let input = F.input(
      sockets, counters: counters,
      tunables: ["tcp_max_orphans": "1000", "tcp_max_tw_buckets": "10", "tcp_syncookies": "0"],
      minCount: 5)
    findings += Doctor.diagnose(input).findings
    let ids = Set(findings.map(\.id))
    let every = Set(DoctorRules.all.flatMap(\.ids))
    XCTAssertEqual(every.subtracting(ids), [], "every finding id is exercised")
    for finding in findings {
      for text in [finding.title, finding.detail] + finding.advice + finding.evidence.map(\.label) {
        XCTAssertFalse(text.en.isEmpty, finding.id)
        XCTAssertFalse(text.zh.isEmpty, finding.id)
      }
      XCTAssertEqual(
        Set(finding.evidence.map(\.key)).count, finding.evidence.count,
        "\(finding.id) repeats a key")
      XCTAssertNotNil(
        KnowledgeBase.entry(id: finding.explain), "\(finding.id) links to \(finding.explain)")
      XCTAssertFalse(finding.tunables.isEmpty, finding.id)
      for command in finding.commands { XCTAssertTrue(command.hasPrefix("sysctl -w "), command) }
    }
  }
}
