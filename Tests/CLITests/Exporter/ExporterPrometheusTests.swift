import Foundation
import Glibc
import TestSupport
import XCTest

/// `tcpstate exporter` scraped by a real Prometheus every second; the values
/// are read back through Prometheus' query API and compared with the sockets
/// this test made (and with what `ss` shows).
final class ExporterPrometheusTests: XCTestCase {
  var descriptors: [Int32] = []

  override func tearDown() {
    for fd in descriptors where fd >= 0 { close(fd) }
    descriptors.removeAll()
  }

  func startExporter(_ extra: [String] = []) throws -> (BackgroundCLI, UInt16) {
    let port = LoopbackHTTP.freePort()
    let exporter = try BackgroundCLI(["exporter", "--listen", "127.0.0.1:\(port)"] + extra)
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline {
      if LoopbackHTTP.get(port: port, path: "/-/healthy", timeout: 1)?.status == 200 { return (exporter, port) }
      usleep(50_000)
    }
    XCTFail("the exporter did not answer /-/healthy: \(exporter.stderr)")
    throw XCTSkip("no exporter")
  }

  /// `count` connections a listener never accepts: they wait in its accept queue.
  func waiting(_ count: Int, backlog: Int32) -> UInt16 {
    let (listener, port) = LoopbackTCP.listener(backlog: backlog)
    descriptors.append(listener)
    for _ in 0..<count { descriptors.append(LoopbackTCP.connect(port: port)) }
    return port
  }

  /// `count` accepted pairs; with `peerCloses` the client closes, leaving the server side in CLOSE_WAIT.
  func pairs(_ count: Int, peerCloses: Bool) -> UInt16 {
    let (listener, port) = LoopbackTCP.listener(backlog: 64)
    descriptors.append(listener)
    for _ in 0..<count {
      let client = LoopbackTCP.connect(port: port)
      descriptors.append(accept(listener, nil, nil))
      if peerCloses { close(client) } else { descriptors.append(client) }
    }
    return port
  }

  func ssCount(_ arguments: String) throws -> Int {
    let result = try CLI.run([], shell: "ss -Htn \(arguments) | wc -l")
    return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  }

  func testPrometheusSeesTheSocketsTheTestMade() throws {
    let queued = waiting(5, backlog: 16)
    let established = pairs(3, peerCloses: false)
    let closeWait = pairs(4, peerCloses: true)
    let (exporter, port) = try startExporter(["--port", "\(established),\(closeWait)", "--max-listeners", "100000"])
    let prometheus = try PrometheusServer(scraping: port)

    XCTAssertEqual(prometheus.await("up{job=\"tcpstate\"}") { $0 == 1 }, 1, "scrape failed: \(prometheus.log)")
    XCTAssertEqual(prometheus.await("tcpstate_listen_queue_length{port=\"\(queued)\"}") { $0 == 5 }, 5)
    XCTAssertEqual(prometheus.await("tcpstate_listen_queue_limit{port=\"\(queued)\"}") { $0 == 16 }, 16)
    let ssQueue = try CLI.run([], shell: "ss -Hltn 'sport = :\(queued)' | awk '{print $2}'")
    XCTAssertEqual(ssQueue.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "5", "ss agrees")
    let estQuery = "tcpstate_port_sockets{port=\"\(established)\",state=\"established\"}"
    XCTAssertEqual(prometheus.await(estQuery) { $0 == 3 }, 3)
    XCTAssertEqual(try ssCount("state established 'sport = :\(established)'"), 3)
    let cwQuery = "tcpstate_port_sockets{port=\"\(closeWait)\",state=\"close_wait\"}"
    XCTAssertEqual(prometheus.await(cwQuery) { $0 == 4 }, 4)
    XCTAssertEqual(try ssCount("state close-wait 'sport = :\(closeWait)'"), 4)
    // Host-wide: at least what this test made (other tests run on loopback too).
    let hostCloseWait = prometheus.await("sum(tcpstate_sockets{state=\"close_wait\"})") { $0 >= 4 }
    XCTAssertGreaterThanOrEqual(hostCloseWait ?? 0, 4)
    XCTAssertEqual(prometheus.value("count(tcpstate_sockets)"), 22, "11 states x 2 families, always present")
    XCTAssertEqual(prometheus.value("tcpstate_exporter_build_info{version=\"0.1.0\"}"), 1)
    XCTAssertNotNil(prometheus.value("tcpstate_passive_opens_total"), "kernel counters are exported")

    // Closing the pile drains it at the next scrape.
    for fd in descriptors { close(fd) }
    descriptors.removeAll()
    XCTAssertEqual(prometheus.await(cwQuery) { $0 == 0 }, 0)
    XCTAssertEqual(exporter.stderr.split(separator: "\n").filter { $0.contains("error") || $0.contains("failed") }, [])
  }

  func testTransitionsHistogramsAndDoctorMove() throws {
    try XCTSkipUnless(geteuid() == 0, "the tracepoint needs root")
    let (exporter, port) = try startExporter(["--doctor-interval", "1"])
    let prometheus = try PrometheusServer(scraping: port)
    let source = "tcpstate_exporter_transitions_source{source=\"tracefs\"}"
    XCTAssertEqual(prometheus.await(source) { $0 == 1 }, 1, exporter.stderr)
    let opens = "sum(tcpstate_transitions_total{from=\"syn_sent\",to=\"established\"})"
    let handshakes = "tcpstate_handshake_duration_seconds_count{side=\"client\"}"
    let closes = "sum(tcpstate_state_duration_seconds_count{state=\"established\"})"
    let before = prometheus.await(opens) { _ in true } ?? 0
    let handshakesBefore = prometheus.value(handshakes) ?? 0
    let closesBefore = prometheus.value(closes) ?? 0
    let made = pairs(20, peerCloses: false)
    XCTAssertGreaterThan(made, 0)
    XCTAssertGreaterThanOrEqual(prometheus.await(opens) { $0 >= before + 20 } ?? 0, before + 20)
    XCTAssertGreaterThanOrEqual(prometheus.value(handshakes) ?? 0, handshakesBefore + 20)
    for fd in descriptors { close(fd) }
    descriptors.removeAll()
    XCTAssertGreaterThanOrEqual(prometheus.await(closes) { $0 >= closesBefore + 40 } ?? 0, closesBefore + 40)
    XCTAssertGreaterThan(prometheus.await("tcpstate_connection_lifetime_seconds_count") { $0 > 0 } ?? 0, 0)

    // A full accept queue: backlog 2 holds 3, the kernel's sk_acceptq_is_full.
    let full = waiting(3, backlog: 2)
    XCTAssertGreaterThan(full, 0)
    let finding = "tcpstate_doctor_finding{rule=\"accept-queue-overflow\",severity=\"critical\"}"
    XCTAssertEqual(prometheus.await(finding) { $0 == 1 }, 1, "doctor finding for the full queue")
    XCTAssertLessThan(prometheus.value("tcpstate_exporter_doctor_age_seconds") ?? 99, 5)
    XCTAssertGreaterThan(prometheus.value("tcpstate_rtt_seconds_count") ?? 0, 0, "tcp_info distributions")

    // Generous: under AddressSanitizer on a loaded host the last doctor refresh can take seconds.
    let stopping = Date()
    kill(exporter.pid, SIGTERM)
    XCTAssertEqual(exporter.waitForExit(timeout: 30), 0, exporter.stderr)
    print("exporter stopped \(Date().timeIntervalSince(stopping)) s after SIGTERM")
    XCTAssertEqual(tcpstateInstances(of: exporter.pid), [], "tracefs instance removed")
  }
}
