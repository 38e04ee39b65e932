import XCTest

@testable import TCPStateExplain
@testable import TCPStateKit
@testable import TCPStateKnowledge

/// The tunables added for issue 12: each is catalogued, documented and turns a
/// live value into a consequence.
final class TransportTunablesTests: XCTestCase {
  func implication(_ name: String, _ value: String, _ others: [String: String] = [:]) -> String {
    guard let tunable = TunableCatalog.tunable(named: name) else {
      XCTFail("\(name) is not catalogued")
      return ""
    }
    return Implications.describe(tunable, value: value, others: others)?.en ?? "(nil)"
  }

  func testEveryNewTunableIsCatalogued() {
    for name in [
      "tcp_mtu_probing", "tcp_notsent_lowat", "tcp_slow_start_after_idle", "tcp_mem",
      "tcp_tw_reuse_delay", "tcp_rto_min_us", "tcp_rto_max_ms", "ip_local_reserved_ports",
      "tcp_challenge_ack_limit", "net.core.rmem_max", "net.core.wmem_max",
      "net.core.netdev_max_backlog",
    ] {
      let tunable = TunableCatalog.tunable(named: name)
      XCTAssertNotNil(tunable, name)
      XCTAssertEqual(tunable?.sources.first?.kind, .kernelDoc, name)
    }
    XCTAssertEqual(
      TunableCatalog.tunable(named: "net.core.rmem_max")?.sources.first?.document,
      "Documentation/admin-guide/sysctl/net.rst")
  }

  func testImplicationsFollowTheValue() {
    XCTAssertTrue(implication("tcp_mtu_probing", "0").contains("black hole"))
    XCTAssertTrue(implication("tcp_mtu_probing", "2").contains("always on"))
    XCTAssertTrue(implication("tcp_notsent_lowat", "4294967295").hasPrefix("No limit"))
    XCTAssertTrue(implication("tcp_notsent_lowat", "131072").contains("less than 128 KiB"))
    XCTAssertTrue(implication("tcp_slow_start_after_idle", "1").contains("starts small again"))
    let memory = implication("tcp_mem", "287901\t383868\t575802")
    XCTAssertTrue(memory.contains("above 383868 (1499 MiB)"), memory)
    XCTAssertTrue(memory.contains("TcpExtTCPAbortOnMemory"), memory)
    XCTAssertEqual(implication("tcp_mem", "1 2"), "(nil)")
    XCTAssertTrue(implication("tcp_tw_reuse_delay", "1000", ["tcp_tw_reuse": "2"]).contains("1000 ms"))
    XCTAssertTrue(implication("tcp_tw_reuse_delay", "1000", ["tcp_tw_reuse": "0"]).hasPrefix("Unused"))
    XCTAssertTrue(implication("tcp_rto_min_us", "200000").contains("200 ms"))
    XCTAssertTrue(implication("tcp_rto_min_us", "5500").contains("5.5 ms"))
    XCTAssertTrue(implication("tcp_rto_max_ms", "120000").contains("at least 924.6 s"))
    let shorter = implication("tcp_rto_max_ms", "60000", ["tcp_retries2": "15"])
    XCTAssertTrue(shorter.contains("adjusting tcp_retries2"), shorter)
    // tcp_model_timeout with a 60 s cap: 200 ms doubling to 51.2 s (8 steps), then 60 s each.
    let expected = Backoff.modelTimeout(boundary: 15, rtoBase: 0.2, cap: 60)
    XCTAssertEqual(expected, 511 * 0.2 + 7 * 60, accuracy: 1e-9)
    XCTAssertTrue(shorter.contains(DurationText.format(expected, .en)), shorter)
    // The retries2 implication follows the live cap too.
    let retries2 = implication("tcp_retries2", "15", ["tcp_rto_max_ms": "60000"])
    XCTAssertTrue(retries2.contains(DurationText.format(expected, .en)), retries2)
    XCTAssertTrue(retries2.contains("capped at 60 s"), retries2)
    XCTAssertTrue(implication("tcp_rto_min_us", "5000").contains("fixed TCP_RTO_MIN"))
    XCTAssertTrue(implication("tcp_challenge_ack_limit", "2147483647").contains("No host-wide limit"))
    XCTAssertTrue(implication("tcp_challenge_ack_limit", "1000").contains("At most 1000"))
    XCTAssertTrue(implication("net.core.rmem_max", "4194304").contains("SO_RCVBUF is capped at 4 MiB"))
    XCTAssertTrue(implication("net.core.wmem_max", "212992").contains("SO_SNDBUF"))
    XCTAssertTrue(implication("net.core.netdev_max_backlog", "1000").contains("softnet_stat"))
  }

  func testReservedPortsAreCountedAgainstTheEphemeralRange() {
    XCTAssertTrue(implication("ip_local_reserved_ports", "").hasPrefix("No port is reserved"))
    let outside = implication(
      "ip_local_reserved_ports", "8080,9148", ["ip_local_port_range": "32768\t60999"])
    XCTAssertTrue(outside.hasPrefix("2 ports (8080,9148)"), outside)
    XCTAssertTrue(outside.contains("0 of them lie inside"), outside)
    XCTAssertTrue(outside.contains("leaving 28232"), outside)
    let inside = implication(
      "ip_local_reserved_ports", "40000-40009,60999", ["ip_local_port_range": "32768\t60999"])
    XCTAssertTrue(inside.contains("11 of them lie inside"), inside)
    XCTAssertTrue(inside.contains("leaving 28221"), inside)
    XCTAssertEqual(implication("ip_local_reserved_ports", "10-4"), "(nil)")
    XCTAssertEqual(implication("ip_local_reserved_ports", "x"), "(nil)")
  }

  func testAnEmptyDefaultIsComparedAndShown() {
    let reserved = TunableCatalog.tunable(named: "ip_local_reserved_ports")!
    XCTAssertEqual(reserved.defaultValue.differs(from: ""), false)
    XCTAssertEqual(reserved.defaultValue.differs(from: "8080"), true)
    XCTAssertEqual(reserved.defaultValue.display, "(empty)")
    let rows = LiveHost(readings: ["ip_local_reserved_ports": .value("")], counts: nil)
      .rows(for: ["ip_local_reserved_ports"])
    let text = TunablesTextRenderer(ExplainOptions(language: .en)).render(rows)
    XCTAssertTrue(text.contains("(empty)  "), text)
  }

  func testMissingFilesSayNotOnThisKernel() {
    let host = LiveHost(readings: ["tcp_rto_max_ms": .missing], counts: nil)
    let page = ExplainTextRenderer(ExplainOptions(language: .en, live: host)).render(
      TunableCatalog.tunable(named: "tcp_rto_max_ms")!)
    XCTAssertTrue(page.contains("(not on this kernel)"), page)
    let zh = ExplainTextRenderer(ExplainOptions(language: .zh, live: host)).render(
      TunableCatalog.tunable(named: "tcp_rto_max_ms")!)
    XCTAssertTrue(zh.contains("此内核没有"), zh)
  }
}
