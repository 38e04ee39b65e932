import Foundation
import Glibc
import TestSupport
import XCTest

/// The exporter as nobody (setpriv, as PrivilegeTests does): it serves
/// everything sock_diag and /proc give any user, leaves out the transition
/// families and says on stderr and in a metric why.
final class ExporterPrivilegeTests: XCTestCase {
  func testServesWhatItCanAndSaysWhatIsMissing() throws {
    try XCTSkipUnless(geteuid() == 0, "dropping privileges needs root to start with")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv")
    let (listener, queued) = LoopbackTCP.listener(backlog: 8)
    let client = LoopbackTCP.connect(port: queued)
    defer {
      close(client)
      close(listener)
    }
    let port = LoopbackHTTP.freePort()
    let exporter = try BackgroundCLI(
      ["exporter", "--listen", "127.0.0.1:\(port)", "--max-listeners", "100000"],
      prefix: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    var reply: LoopbackHTTP.Reply?
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline {
      reply = LoopbackHTTP.get(port: port, path: "/metrics", timeout: 2)
      if reply?.status == 200 { break }
      usleep(100_000)
    }
    let text = try XCTUnwrap(reply, exporter.stderr).text
    XCTAssertTrue(text.contains("tcpstate_listen_queue_length{address=\"127.0.0.1\",port=\"\(queued)\"} 1\n"), text)
    XCTAssertTrue(text.contains("tcpstate_passive_opens_total "), "counters are world-readable")
    XCTAssertTrue(text.contains("tcpstate_exporter_transitions_source{source=\"none\"} 1\n"))
    XCTAssertFalse(text.contains("tcpstate_transitions_total"), "no transition families without the tracepoint")
    // The slow cadence (a tcp_info dump) runs at start and needs no privilege either.
    var slow = text
    while !slow.contains("tcpstate_exporter_doctor_age_seconds ") && Date() < deadline.addingTimeInterval(15) {
      usleep(200_000)
      slow = LoopbackHTTP.get(port: port, path: "/metrics", timeout: 5)?.text ?? ""
    }
    XCTAssertTrue(slow.contains("tcpstate_rtt_seconds_count "), "tcp_info distributions without root")
    kill(exporter.pid, SIGTERM)
    XCTAssertEqual(exporter.waitForExit(), 0, exporter.stderr)
    XCTAssertTrue(exporter.stderr.contains("no transition metrics"), exporter.stderr)
    XCTAssertTrue(exporter.stderr.contains("root"), "says what it needs: \(exporter.stderr)")
  }
}
