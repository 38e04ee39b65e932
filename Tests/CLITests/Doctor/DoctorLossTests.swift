import Foundation
import Glibc
import TestSupport
import XCTest

/// Issue 18 item 3, reproduced as the review saw it: nft loss in a namespace
/// the test creates (its loopback only). One sender's data is dropped on the
/// output hook (a local send error: no retransmission, the persist timer
/// backing off, the peer's window open); another loses a tenth of its
/// segments on the input hook (real retransmissions). doctor's headline,
/// evidence and involved list must agree with each other and with that.
final class DoctorLossTests: XCTestCase {
  var namespace = ""
  var workload: Process?
  var blockedPort: UInt16 = 0
  var lossyPort: UInt16 = 0

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "creating network namespaces needs root")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft"), "needs nftables")
    namespace = "tcpstate-loss-\(getpid())"
    blockedPort = UInt16(27_000 + getpid() % 1000)
    lossyPort = blockedPort + 1000
    XCTAssertEqual(
      try Shell.run(
        """
        ip netns add \(namespace) && ip -n \(namespace) link set lo up && \
        ip netns exec \(namespace) nft -f - <<'NFT'
        table inet loss {
          chain o { type filter hook output priority 0; tcp dport \(blockedPort) ip length > 200 drop; }
          chain i { type filter hook input priority 0; tcp dport \(lossyPort) numgen random mod 10 == 0 drop; }
        }
        NFT
        """), 0, "namespace with nft rules")
    let ready = FileManager.default.temporaryDirectory.appendingPathComponent("loss-ready-\(getpid())").path
    try? FileManager.default.removeItem(atPath: ready)
    // Servers read everything (their windows stay open); the blocked client
    // writes 20000 bytes once, the lossy one 100-byte segments for 2 s.
    let script = """
      import socket, threading, time
      def serve(port):
          s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
          s.bind(('127.0.0.1', port)); s.listen(8)
          def drain(c):
              while c.recv(65536): pass
          while True:
              c, _ = s.accept(); threading.Thread(target=drain, args=(c,), daemon=True).start()
      for p in (\(blockedPort), \(lossyPort)):
          threading.Thread(target=serve, args=(p,), daemon=True).start()
      time.sleep(0.3)
      blocked = socket.create_connection(('127.0.0.1', \(blockedPort)))
      blocked.send(b'x' * 20000)
      lossy = socket.create_connection(('127.0.0.1', \(lossyPort)))
      lossy.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
      end = time.time() + 2
      while time.time() < end:
          lossy.send(b'y' * 100); time.sleep(0.002)
      open('\(ready)', 'w').close()
      time.sleep(600)
      """
    let process = try TestNamespaces.python(namespace, script, quiet: false)
    workload = process
    BackgroundProcess.awaitReadyFile(ready, timeout: 20, poll: 50_000)
    XCTAssertTrue(process.isRunning, "workload inside \(namespace) did not start")
  }

  override func tearDown() {
    BackgroundProcess.kill(workload)
    if !namespace.isEmpty { TestNamespaces.delete(namespace) }
  }

  func findings() throws -> [[String: Any]] {
    let result = try CLI.run(["doctor", "--netns", namespace, "--interval", "0", "--json"])
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
    return try XCTUnwrap(object["findings"] as? [[String: Any]])
  }

  func values(_ subject: [String: Any]) -> [String: Int] { subject["values"] as? [String: Int] ?? [:] }

  func testEachFindingSaysWhatItsEvidenceShows() throws {
    let all = try findings()
    let byID = Dictionary(all.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })

    // The retransmission finding's worst is the connection that retransmitted.
    let retrans = try XCTUnwrap(byID["retransmissions"], "\(all.map { $0["id"] ?? "" })")
    let subjects = try XCTUnwrap(retrans["subjects"] as? [[String: Any]])
    let worst = try XCTUnwrap(subjects.first)
    let label = try XCTUnwrap(worst["label"] as? String)
    XCTAssertTrue(label.hasSuffix("→ 127.0.0.1:\(lossyPort)"), label)
    XCTAssertFalse(subjects.contains { ($0["label"] as? String ?? "").hasSuffix(":\(blockedPort)") })
    XCTAssertTrue(subjects.allSatisfy { values($0)["total_retrans", default: 0] > 0 }, "\(subjects)")
    let evidence = try XCTUnwrap(retrans["evidence"] as? [String: Int])
    XCTAssertEqual(evidence["total_retrans"], values(worst)["total_retrans"])
    let detail = try XCTUnwrap(retrans["detail"] as? String)
    XCTAssertTrue(
      detail.contains(
        "\(label), retransmitted \(values(worst)["total_retrans"]!) of \(values(worst)["segs_out"]!) segments"),
      detail)

    // The blocked sender: its window is open, and doctor says so.
    if let zero = byID["zero-window"] {
      for subject in zero["subjects"] as? [[String: Any]] ?? [] {
        XCTAssertEqual(values(subject)["snd_wnd"], 0, "a zero-window subject with an open window: \(subject)")
      }
    }
    let blocked = try XCTUnwrap(byID["send-blocked"], "\(all.map { $0["id"] ?? "" })")
    let stuck = try XCTUnwrap((blocked["subjects"] as? [[String: Any]])?.first)
    XCTAssertTrue((stuck["label"] as? String ?? "").hasSuffix("→ 127.0.0.1:\(blockedPort)"))
    let window = try XCTUnwrap(values(stuck)["snd_wnd"])
    XCTAssertGreaterThan(window, 0)
    XCTAssertTrue((blocked["detail"] as? String ?? "").contains("window of \(window) bytes"))

    // Queued bytes are split, never counted as both unsent and in flight.
    XCTAssertEqual(values(stuck)["send_q"], 20000)
    XCTAssertEqual(values(stuck)["notsent_bytes"], 20000)
    XCTAssertEqual(values(stuck)["unacked_bytes"], 0)
    for finding in all {
      for subject in finding["subjects"] as? [[String: Any]] ?? [] {
        let v = values(subject)
        if let sendQ = v["send_q"], let notsent = v["notsent_bytes"], let unacked = v["unacked_bytes"] {
          XCTAssertEqual(notsent + unacked, sendQ, "\(subject)")
        }
      }
    }
  }
}
