import TCPStateKit
import TCPStateMetrics
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

  func testCgroupSeriesArePathsCutToTheDepthAndFoldedBeyondTheLimit() {
    var census = SocketCensus(countsCgroups: true)
    func add(_ state: TCPState, cgroup: UInt64?, _ count: Int = 1) {
      for _ in 0..<count {
        var made = socket(state, "127.0.0.1", 80)
        made.cgroupID = cgroup
        census.add(made)
      }
    }
    add(.listen, cgroup: 10)  // /system.slice/nginx.service
    add(.established, cgroup: 11, 3)  // /system.slice/nginx.service/worker: same service at depth 2
    add(.established, cgroup: 12, 2)  // /user.slice/user-1000.slice
    add(.closeWait, cgroup: 13)  // /system.slice/cron.service
    add(.timeWait, cgroup: nil, 4)  // no cgroup in a time-wait socket
    add(.established, cgroup: 99)  // removed since
    let paths: [UInt64: String] = [
      10: "/system.slice/nginx.service", 11: "/system.slice/nginx.service/worker",
      12: "/user.slice/user-1000.slice", 13: "/system.slice/cron.service",
    ]
    let snapshot = ExporterSnapshot(census: census, cgroupPaths: paths)
    func output(depth: Int, limit: Int) -> String {
      let families = MetricsCollector(cgroupDepth: depth, maxCgroups: limit).families(snapshot)
      return String(decoding: ExpositionWriter(format: .text).write(families), as: UTF8.self)
    }
    let two = output(depth: 2, limit: 100)
    XCTAssertTrue(
      two.contains("tcpstate_cgroup_sockets{cgroup=\"/system.slice/nginx.service\",state=\"listen\"} 1\n"), two)
    XCTAssertTrue(
      two.contains("tcpstate_cgroup_sockets{cgroup=\"/system.slice/nginx.service\",state=\"established\"} 3\n"))
    XCTAssertTrue(two.contains("tcpstate_cgroup_sockets{cgroup=\"none\",state=\"time_wait\"} 4\n"))
    XCTAssertTrue(two.contains("tcpstate_cgroup_sockets{cgroup=\"unknown\",state=\"established\"} 1\n"))
    XCTAssertEqual(two.split(separator: "\n").filter { $0.hasPrefix("tcpstate_cgroup_sockets{") }.count, 5 * 11)
    XCTAssertTrue(two.contains("tcpstate_exporter_cgroups_folded 0\n"))

    let one = output(depth: 1, limit: 100)
    XCTAssertTrue(one.contains("tcpstate_cgroup_sockets{cgroup=\"/system.slice\",state=\"established\"} 3\n"), one)
    XCTAssertTrue(one.contains("tcpstate_cgroup_sockets{cgroup=\"/system.slice\",state=\"close_wait\"} 1\n"))

    // Two kept: the largest (nginx 4, none 4); user (2), cron (1) and unknown (1) are summed.
    let folded = output(depth: 2, limit: 2)
    XCTAssertTrue(folded.contains("tcpstate_cgroup_sockets{cgroup=\"other\",state=\"established\"} 3\n"), folded)
    XCTAssertTrue(folded.contains("tcpstate_cgroup_sockets{cgroup=\"other\",state=\"close_wait\"} 1\n"))
    XCTAssertFalse(folded.contains("cgroup=\"/user.slice"))
    XCTAssertTrue(folded.contains("tcpstate_exporter_cgroups_folded 3\n"))

    XCTAssertFalse(text(snapshot).contains("tcpstate_cgroup_sockets"), "no cgroup series unless asked for")
    XCTAssertEqual(CgroupGroups.prefix("/", depth: 3), "/")
    XCTAssertEqual(CgroupGroups.prefix("/a/b/c", depth: 5), "/a/b/c")
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
