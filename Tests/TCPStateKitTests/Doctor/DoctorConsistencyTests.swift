import CShim
import TCPStateDoctor
import TCPStateKit
import TCPStateModel
import XCTest

private typealias F = DoctorFixtures

/// Issue 18 item 3: a finding's headline, evidence and involved list come
/// from the same numbers. The tcp_info values are the ones the kernel
/// reported in the review's namespace (nft dropping on loopback, mss 65483).
final class DoctorConsistencyTests: XCTestCase {
  /// The sender whose data an output rule drops: nothing in flight, the
  /// persist timer backing off (`icsk_backoff` 3), 0 retransmitted, window open.
  static func droppedOnOutput(port: UInt16 = 41000) -> Socket {
    let info = F.info {
      $0.tcpi_state = 1
      $0.tcpi_backoff = 3
      $0.tcpi_probes = 3
      $0.tcpi_total_retrans = 0
      $0.tcpi_segs_out = 10
      $0.tcpi_snd_mss = 65483
      $0.tcpi_snd_wnd = 65536
      $0.tcpi_notsent_bytes = 20000
    }
    return F.socket(
      .established, local: ("127.0.0.1", port), peer: ("127.0.0.1", 9001), sendQ: 20000,
      timer: SocketTimer(kind: .zeroWindowProbe, expiresMs: 1600, retransmits: 3), info: info)
  }

  /// Real loss on input: 7 retransmits, 140,000 bytes sent, in recovery.
  static func lossy(port: UInt16 = 41001) -> Socket {
    let info = F.info {
      $0.tcpi_state = 1
      $0.tcpi_ca_state = 4
      $0.tcpi_backoff = 1
      $0.tcpi_total_retrans = 7
      $0.tcpi_segs_out = 40
      $0.tcpi_bytes_sent = 140_000
      $0.tcpi_bytes_retrans = 7000
      $0.tcpi_snd_mss = 65483
      $0.tcpi_snd_wnd = 65536
    }
    return F.socket(
      .established, local: ("127.0.0.1", port), peer: ("127.0.0.1", 9002), sendQ: 3000,
      timer: SocketTimer(kind: .retransmit, expiresMs: 400, retransmits: 1), info: info)
  }

  func testTheWorstRetransmitterIsTheOneThatRetransmitted() throws {
    let findings = Doctor.diagnose(F.input([Self.droppedOnOutput(), Self.lossy()]))
    let finding = try XCTUnwrap(findings.findings(RetransmitRule.id).first)
    XCTAssertEqual(finding.metric("connections"), 1, "0 retransmitted is no hot spot, whatever the backoff")
    XCTAssertEqual(finding.metric("total_retrans"), 7)
    XCTAssertEqual(finding.metric("bytes_retrans"), 7000)
    XCTAssertTrue(finding.detail.en.contains("127.0.0.1:41001 → 127.0.0.1:9002, retransmitted 7 of 40"))
    XCTAssertEqual(finding.subjects.first?.label, "127.0.0.1:41001 → 127.0.0.1:9002")
    XCTAssertEqual(finding.subjects.first?.metric("total_retrans"), finding.metric("total_retrans"))
  }

  func testWorstIsRankedByRetransmitsNotBackoff() throws {
    var backedOff = Self.lossy(port: 41002)
    backedOff.tcpInfo = F.info {
      $0.tcpi_total_retrans = 1
      $0.tcpi_segs_out = 10
      $0.tcpi_backoff = 4
    }
    let finding = try XCTUnwrap(RetransmitRule().evaluate(F.input([backedOff, Self.lossy()])).first)
    XCTAssertEqual(finding.subjects.map(\.label).first, "127.0.0.1:41001 → 127.0.0.1:9002")
    XCTAssertEqual(finding.subjects.count, 2)
    XCTAssertEqual(finding.metric("max_backoff"), 4, "the evidence still shows the largest backoff")
  }

  func testAnOpenWindowIsNeverCalledZero() throws {
    let findings = Doctor.diagnose(F.input([Self.droppedOnOutput()]))
    XCTAssertNil(findings.findings(ZeroWindowRule.id).first, "the peer's window is 65536")
    let blocked = try XCTUnwrap(findings.findings(ZeroWindowRule.blockedID).first)
    XCTAssertEqual(blocked.metric("snd_wnd"), 65536)
    XCTAssertTrue(blocked.detail.en.contains("window of 65536 bytes"))
    XCTAssertFalse(blocked.detail.en.contains("window is 0"))
  }

  func testZeroWindowHeadlineSaysTheWindowItShows() throws {
    let info = F.info {
      $0.tcpi_snd_wnd = 0
      $0.tcpi_snd_mss = 65483
      $0.tcpi_notsent_bytes = 2_097_152
    }
    let socket = F.socket(
      .established, sendQ: 2_162_688,
      timer: SocketTimer(kind: .zeroWindowProbe, expiresMs: 200, retransmits: 2), info: info)
    let finding = try XCTUnwrap(ZeroWindowRule().evaluate(F.input([socket])).first)
    XCTAssertEqual(finding.id, ZeroWindowRule.id)
    XCTAssertEqual(finding.metric("snd_wnd"), 0)
    XCTAssertTrue(finding.detail.en.contains("a window of 0 with 2162688 bytes unacknowledged (2097152 not sent yet)"))
    // A window below one segment with the persist timer running is closed too.
    let small = F.info {
      $0.tcpi_snd_wnd = 4096
      $0.tcpi_snd_mss = 65483
    }
    let probing = F.socket(
      .established, sendQ: 8192, timer: SocketTimer(kind: .zeroWindowProbe, expiresMs: 200, retransmits: 1),
      info: small)
    XCTAssertTrue(
      try XCTUnwrap(ZeroWindowRule().evaluate(F.input([probing])).first).detail.en.contains(
        "4096 bytes, less than one segment"))
    XCTAssertNil(
      ZeroWindowRule.assess(F.socket(.established, sendQ: 8192, info: small), small), "not probing: it can send")
  }

  func testQueuedBytesAreSplitNotLabelledTwice() throws {
    let sample = try XCTUnwrap(ZeroWindowRule.assessBlocked(Self.droppedOnOutput(), Self.droppedOnOutput().tcpInfo!))
    XCTAssertEqual(sample.value("send_q"), 20000)
    XCTAssertEqual(sample.value("notsent_bytes"), 20000)
    XCTAssertEqual(sample.value("unacked_bytes"), 0, "nothing was sent: none of the 20000 is in flight")
    XCTAssertEqual(sample.value("notsent_bytes") + sample.value("unacked_bytes"), sample.value("send_q"))
    let labels = sample.metrics.map(\.label.en)
    XCTAssertEqual(Set(labels).count, labels.count)
    XCTAssertFalse(labels.contains { $0.contains("sent, not acknowledged (Send-Q)") })
  }
}
