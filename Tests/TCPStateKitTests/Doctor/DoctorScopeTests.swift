import TCPStateKnowledge
import XCTest

@testable import TCPStateDoctor

/// `doctor --netns NS`: what it suggests runs in NS (issue 23, D1).
final class DoctorScopeTests: XCTestCase {
  func report(_ advice: [Localized], _ commands: [String]) -> DoctorReport {
    let finding = Finding(
      id: "close-wait-leak", severity: .warning, title: Localized(en: "t", zh: "t"),
      detail: Localized(en: "d", zh: "d"), advice: advice, commands: commands, explain: "CLOSE_WAIT")
    return DoctorReport(findings: [finding], socketCount: 1, scoped: false, seconds: 1, problems: [])
  }

  func testCommandsAndAdviceGainTheNamespace() throws {
    let original = report(
      [
        Localized(
          en: "See them: tcpstate list -S close-wait --sport 80 -p", zh: "查看：tcpstate list -S close-wait --sport 80 -p")
      ],
      ["sysctl -w net.core.somaxconn=8192", "sysctl -w net.ipv4.tcp_mem='1 2 3'"])
    let named = try XCTUnwrap(DoctorScope(netns: "tsB").apply(original).findings.first)
    XCTAssertEqual(named.advice[0].en, "See them: tcpstate list --netns tsB -S close-wait --sport 80 -p")
    XCTAssertEqual(named.advice[0].zh, "查看：tcpstate list --netns tsB -S close-wait --sport 80 -p")
    XCTAssertEqual(named.commands[0], "ip netns exec tsB sysctl -w net.core.somaxconn=8192")
    XCTAssertEqual(named.commands[1], "sysctl -w net.ipv4.tcp_mem='1 2 3'", "host-wide: only the host has it")
    let byPid = try XCTUnwrap(DoctorScope(netns: "4242").apply(original).findings.first)
    XCTAssertEqual(byPid.commands[0], "nsenter --net=/proc/4242/ns/net sysctl -w net.core.somaxconn=8192")
    XCTAssertTrue(byPid.advice[0].en.contains("tcpstate list --netns 4242 "))
    let byPath = try XCTUnwrap(DoctorScope(netns: "/run/netns/a b").apply(original).findings.first)
    XCTAssertEqual(byPath.commands[0], "nsenter --net='/run/netns/a b' sysctl -w net.core.somaxconn=8192")
    XCTAssertEqual(DoctorScope(netns: nil).apply(original).findings, original.findings, "no --netns: unchanged")
  }
}
