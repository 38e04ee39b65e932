import TCPStateKit
import TCPStateModel
import XCTest

/// The collector and the writer on hand-made snapshots: the metric contract,
/// both exposition formats, without a socket.
final class ExpositionTests: XCTestCase {
  func socket(_ state: TCPState, _ local: String, _ port: UInt16, recvQ: UInt32 = 0, sendQ: UInt32 = 0) -> Socket {
    let address = IPAddress(local)!
    return Socket(
      family: address.family, state: state, local: Endpoint(address: address, port: port),
      peer: Endpoint(address: address, port: 0), recvQ: recvQ, sendQ: sendQ)
  }

  func text(_ snapshot: ExporterSnapshot, maxListeners: Int = 1000, format: ExpositionFormat = .text) -> String {
    let families = MetricsCollector(maxListeners: maxListeners).families(snapshot)
    return String(decoding: ExpositionWriter(format: format).write(families), as: UTF8.self)
  }

  func testEveryStateAndFamilyIsPresentAndRequestSocketsCountAsSynRecv() {
    var census = SocketCensus()
    census.add(socket(.established, "127.0.0.1", 80))
    census.add(socket(.newSynRecv, "::1", 80))
    census.add(socket(.boundInactive, "127.0.0.1", 81))
    let output = text(ExporterSnapshot(census: census))
    XCTAssertTrue(output.contains("tcpstate_sockets{family=\"inet\",state=\"established\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_sockets{family=\"inet6\",state=\"syn_recv\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_sockets{family=\"inet\",state=\"close\"} 1\n"))
    XCTAssertEqual(output.split(separator: "\n").filter { $0.hasPrefix("tcpstate_sockets{") }.count, 22)
    XCTAssertFalse(output.contains("total\""), "no total series beside the labelled ones")
  }

  func testListenersAreSummedPerAddressAndPortAndFoldedBeyondTheLimit() {
    var census = SocketCensus()
    census.add(socket(.listen, "0.0.0.0", 80, recvQ: 3, sendQ: 128))
    census.add(socket(.listen, "0.0.0.0", 80, recvQ: 2, sendQ: 128))  // SO_REUSEPORT twin
    census.add(socket(.listen, "::", 443, recvQ: 0, sendQ: 511))
    census.add(socket(.listen, "127.0.0.1", 8080, recvQ: 1, sendQ: 16))
    let output = text(ExporterSnapshot(census: census), maxListeners: 2)
    XCTAssertTrue(output.contains("tcpstate_listen_queue_length{address=\"0.0.0.0\",port=\"80\"} 5\n"), output)
    XCTAssertTrue(output.contains("tcpstate_listen_queue_limit{address=\"0.0.0.0\",port=\"80\"} 256\n"))
    XCTAssertTrue(output.contains("tcpstate_listen_queue_length{address=\"127.0.0.1\",port=\"8080\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_listen_queue_limit{address=\"other\",port=\"other\"} 511\n"), output)
    XCTAssertTrue(output.contains("tcpstate_exporter_listeners_folded 1\n"))
  }

  func testCountersAreTotalsNamingTheKernelCounter() {
    var counters = CounterTable()
    counters["TcpExt", "ListenOverflows"] = 42
    counters["Tcp", "ActiveOpens"] = 7
    counters["TCP", "mem"] = 3
    let output = text(ExporterSnapshot(census: SocketCensus(), counters: counters, pageSize: 4096))
    XCTAssertTrue(output.contains("# TYPE tcpstate_listen_overflows_total counter\n"))
    XCTAssertTrue(output.contains("tcpstate_listen_overflows_total 42\n"))
    XCTAssertTrue(output.contains("TcpExtListenOverflows"), "HELP names the kernel counter")
    XCTAssertTrue(output.contains("tcpstate_active_opens_total 7\n"))
    XCTAssertTrue(output.contains("tcpstate_memory_bytes 12288\n"))
    XCTAssertFalse(output.contains("tcpstate_syncookies_sent_total"), "a counter the kernel lacks is left out")
  }

  func testOpenMetricsNamesCountersWithoutTotalAndEnds() {
    let output = text(ExporterSnapshot(census: SocketCensus(), version: "1.2"), format: .openMetrics)
    XCTAssertTrue(output.contains("# TYPE tcpstate_exporter_events_lost counter\n"))
    XCTAssertTrue(output.contains("\ntcpstate_exporter_events_lost_total 0\n"))
    XCTAssertTrue(
      output.contains("# TYPE tcpstate_exporter_build info\ntcpstate_exporter_build_info{version=\"1.2\"} 1\n"))
    XCTAssertTrue(output.hasSuffix("# EOF\n"))
    let plain = text(ExporterSnapshot(census: SocketCensus()))
    XCTAssertTrue(plain.contains("# TYPE tcpstate_exporter_events_lost_total counter\n"))
    XCTAssertTrue(plain.contains("# TYPE tcpstate_exporter_build_info gauge\n"))
    XCTAssertFalse(plain.contains("# EOF"))
  }

  func testTransitionFamiliesOnlyWithATracepoint() {
    XCTAssertFalse(text(ExporterSnapshot(census: SocketCensus())).contains("tcpstate_transitions_total"))
    var histograms = TransitionHistograms()
    let endpoint = Endpoint(address: IPAddress("127.0.0.1")!, port: 80)
    var event = TransitionEvent(
      timestampNs: 0, family: .inet, local: endpoint, peer: endpoint, oldState: .synSent, newState: .established,
      socketID: 1, source: .tracepoint)
    event.durationNs = 300_000  // 0.3 ms
    histograms.record(event)
    let output = text(ExporterSnapshot(census: SocketCensus(), transitions: histograms, transitionSource: .tracefs))
    XCTAssertTrue(output.contains("tcpstate_transitions_total{from=\"syn_sent\",to=\"established\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_handshake_duration_seconds_bucket{side=\"client\",le=\"0.00025\"} 0\n"))
    XCTAssertTrue(output.contains("tcpstate_handshake_duration_seconds_bucket{side=\"client\",le=\"0.0005\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_handshake_duration_seconds_bucket{side=\"client\",le=\"+Inf\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_handshake_duration_seconds_count{side=\"server\"} 0\n"))
    XCTAssertTrue(output.contains("tcpstate_exporter_transitions_source{source=\"tracefs\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_exporter_transitions_source{source=\"none\"} 0\n"))
  }

  func testCachedPartsSayTheirAge() {
    let findings = [ActiveFinding(rule: "close-wait-leak", severity: "warning")]
    let snapshot = ExporterSnapshot(
      census: SocketCensus(), distributions: Cached(ConnectionDistributions(), computedAt: 100),
      findings: Cached(findings, computedAt: 90), now: 112.5)
    let output = text(snapshot)
    XCTAssertTrue(output.contains("tcpstate_doctor_finding{rule=\"close-wait-leak\",severity=\"warning\"} 1\n"))
    XCTAssertTrue(output.contains("tcpstate_exporter_doctor_age_seconds 22.5\n"))
    XCTAssertTrue(output.contains("tcpstate_exporter_distributions_age_seconds 12.5\n"))
  }

  func testEscapingAndNumbers() {
    let family = MetricFamily(
      name: "x", help: "a \\ b\nc", kind: .gauge, samples: [Sample([("l", "q\"\\\n")], 0.25), Sample([], .infinity)])
    let output = String(decoding: ExpositionWriter(format: .text).write([family]), as: UTF8.self)
    XCTAssertEqual(output, "# HELP x a \\\\ b\\nc\n# TYPE x gauge\nx{l=\"q\\\"\\\\\\n\"} 0.25\nx +Inf\n")
  }

  func testNegotiation() {
    let prometheus =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
    XCTAssertEqual(ExpositionFormat.negotiate(accept: prometheus), .openMetrics)
    XCTAssertEqual(ExpositionFormat.negotiate(accept: "text/plain"), .text)
    XCTAssertEqual(ExpositionFormat.negotiate(accept: "application/openmetrics-text; q=0"), .text)
    XCTAssertEqual(ExpositionFormat.negotiate(accept: nil), .text)
  }

  func testListenAddresses() throws {
    XCTAssertEqual(try ListenAddress.parse("127.0.0.1:9").host, "127.0.0.1")
    XCTAssertEqual(try ListenAddress.parse("[::1]:9").host, "::1")
    XCTAssertTrue(try ListenAddress.parse(":9").allAddresses)
    for bad in ["localhost:9", "127.0.0.1", "[::1]", "1.2.3.4:0", "1.2.3.4:70000", "::1:9", "[1.2.3.4]:9"] {
      XCTAssertThrowsError(try ListenAddress.parse(bad), bad)
    }
  }
}
