import Foundation
import Glibc
import TestSupport
import XCTest

/// `watch --events` on real trouble between two namespaces the test creates
/// (`VethPair`): loss made by nftables on the server's input hook, refused
/// and timed-out connects, resets from a closed port and from SO_LINGER 0.
/// The tracepoints see every namespace, so each test filters by its own
/// port and checks its own addresses; other developers' traffic may run.
final class WatchEventsTests: XCTestCase {
  var pair: VethPair?
  var processes: [Process] = []

  override func setUpWithError() throws {
    try XCTSkipUnless(VethPair.available, "needs root, iproute2 and nftables (make deps-check)")
    pair = try VethPair()
  }

  override func tearDown() {
    for process in processes where process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    pair?.remove()
  }

  /// A port of its own per test, below the ephemeral range.
  /// A tracefs file read as the kernel has it now. The watcher unmounts
  /// tracefs when it mounted it, so on a host where nothing else keeps it
  /// mounted (CI) the test mounts it for the read and leaves the host as found.
  func tracefsFile(_ relative: String) throws -> String {
    let root = "/sys/kernel/tracing"
    let mounted = try CLI.run([], shell: "mountpoint -q \(root)")
    if mounted.status != 0 {
      let mount = try CLI.run([], shell: "mount -t tracefs nodev \(root)")
      XCTAssertEqual(mount.status, 0, mount.stderr)
    }
    defer { if mounted.status != 0 { _ = try? CLI.run([], shell: "umount \(root)") } }
    return try String(contentsOfFile: "\(root)/\(relative)", encoding: .utf8)
  }

  func port(_ offset: Int) -> Int { 20_000 + Int(getpid()) % 4_000 * 2 + offset }

  /// `inside`: run the watcher in that namespace (the tracepoints still see
  /// all of them; its sock_diag lookups see that one's sockets).
  func watch(_ arguments: [String], inside namespace: String? = nil, summaries: Bool = false) throws -> BackgroundCLI {
    let watcher = try BackgroundCLI(
      ["watch", "--json", "--ready-file", "{ready}"] + (summaries ? [] : ["--no-summary"]) + arguments,
      prefix: namespace.map { ["/usr/sbin/ip", "netns", "exec", $0] } ?? [])
    XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)
    return watcher
  }

  func stop(_ watcher: BackgroundCLI) -> [[String: Any]] {
    kill(watcher.pid, SIGINT)
    XCTAssertEqual(watcher.waitForExit(timeout: 15), 0, watcher.stderr)
    XCTAssertEqual(tcpstateInstances(of: watcher.pid), [], "the instance is removed on SIGINT")
    return watcher.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  func background(_ namespace: String, _ program: String) throws -> Process {
    let process = try XCTUnwrap(pair).python(namespace, program)
    processes.append(process)
    return process
  }

  func wait(_ process: Process, timeout: TimeInterval = 20) {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(20_000) }
  }

  /// A server that accepts and reads until EOF, in threads.
  func sink(_ address: String, _ port: Int) -> String {
    """
    import socket, threading
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('\(address)', \(port))); s.listen(64)
    def drain(c):
        while c.recv(65536): pass
        c.close()
    while True:
        c, _ = s.accept(); threading.Thread(target=drain, args=(c,), daemon=True).start()
    """
  }

  func testRetransmitEventsMatchTheNamespacesRetransSegs() throws {
    let pair = try XCTUnwrap(pair)
    let port = port(0)
    try pair.serverRules(
      "table inet loss { chain input { type filter hook input priority 0; tcp dport \(port) numgen random mod 10 == 0 drop; }; }"
    )
    let watcher = try watch(
      ["--events", "state,retransmit", "--port", "\(port)"], inside: pair.client, summaries: true)
    _ = try background(pair.server, sink(pair.serverAddress, port))
    usleep(300_000)
    // 8 clients writing 100-byte TCP_NODELAY segments for 2 s: every tenth arriving segment is lost.
    let clients = try background(
      pair.client,
      """
      import socket, threading, time
      def run():
          c = socket.create_connection(('\(pair.serverAddress)', \(port)), timeout=30)
          c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
          end = time.time() + 2
          while time.time() < end:
              c.send(b'x' * 100); time.sleep(0.005)
          c.close()
      ts = [threading.Thread(target=run) for _ in range(8)]
      [t.start() for t in ts]; [t.join() for t in ts]
      """)
    wait(clients)
    sleep(3)  // the last losses are recovered (RTO at most ~1 s here)
    let before = try pair.retransSegs(pair.client) + pair.retransSegs(pair.server)
    // A tail loss probe that resends the last segment calls __tcp_retransmit_skb
    // directly: RetransSegs counts it, the tracepoint never sees it.
    let probes = try pair.lossProbes(pair.client) + pair.lossProbes(pair.server)
    let events = stop(watcher)
    let after = try pair.retransSegs(pair.client) + pair.retransSegs(pair.server)
    let mine = events.filter {
      $0["event"] as? String == "retransmit"
        && [pair.clientAddress, pair.serverAddress].contains($0["local_address"] as? String ?? "")
    }
    XCTAssertGreaterThan(before, 20, "the nft rule made real loss")
    // The counter adds every segment of a retransmitted packet (tcp_skb_pcount)
    // while the tracepoint fires once per packet: small writes that piled up
    // during a recovery make a few multi-segment packets, hence the 3%.
    XCTAssertGreaterThanOrEqual(
      Double(mine.count), Double(before - probes) * 0.97,
      "every retransmission the namespaces counted is an event, loss probes aside")
    XCTAssertLessThanOrEqual(mine.count, after, "and no more")
    XCTAssertTrue(
      mine.allSatisfy { ($0["retransmitted"] as? String).map { ["syn", "synack", "segment"].contains($0) } == true })
    let segments = mine.filter { $0["retransmitted"] as? String == "segment" }
    XCTAssertTrue(segments.contains { $0["tcp_info"] is [String: Any] }, "enriched with the socket's tcp_info")
    XCTAssertTrue(segments.allSatisfy { $0["local_port"] as? Int == port || $0["peer_port"] as? Int == port })
    // Each client connection's summary counts the retransmissions shown for it.
    let summaries = events.filter {
      $0["event"] as? String == "summary" && $0["local_address"] as? String == pair.clientAddress
    }
    XCTAssertEqual(summaries.count, 8, "the watcher runs in the client's namespace: its destroy notifications")
    for summary in summaries {
      let local = summary["local_port"] as? Int
      let shown = mine.filter {
        $0["local_port"] as? Int == local && $0["local_address"] as? String == pair.clientAddress
      }
      XCTAssertEqual(summary["retransmissions_seen"] as? Int, shown.count, "\(summary)")
    }
  }

  func testRefusedConnectGivesResetsNoSocketDropAndConnectFailure() throws {
    let pair = try XCTUnwrap(pair)
    let port = port(1)
    let watcher = try watch(["--events", "all", "--port", "\(port)"])
    let client = try background(
      pair.client,
      """
      import socket
      try: socket.create_connection(('\(pair.serverAddress)', \(port)), timeout=5)
      except ConnectionRefusedError: pass
      """)
    wait(client)
    usleep(300_000)
    let events = stop(watcher)
    XCTAssertFalse(events.isEmpty, watcher.stderr)
    XCTAssertTrue(
      events.allSatisfy { $0["local_port"] as? Int == port || $0["peer_port"] as? Int == port }, "\(events)")
    let sent = events.first { $0["event"] as? String == "reset" && $0["direction"] as? String == "sent" }
    XCTAssertEqual(sent?["reason"] as? String, "NO_SOCKET", "\(events)")
    XCTAssertEqual(sent?["local_address"] as? String, pair.serverAddress)
    XCTAssertEqual(sent?["local_port"] as? Int, port)
    XCTAssertTrue(sent?["socket_address"] is NSNull, "no socket sent it")
    let received = events.first { $0["event"] as? String == "reset" && $0["direction"] as? String == "received" }
    XCTAssertEqual(received?["local_address"] as? String, pair.clientAddress)
    let drop = events.first { $0["event"] as? String == "drop" }
    XCTAssertEqual(drop?["reason"] as? String, "NO_SOCKET", "the SYN nobody listened for: \(events)")
    XCTAssertEqual(drop?["local_port"] as? Int, port, "joined to the reset sent for the same packet")
    XCTAssertEqual(drop?["location"] as? String, "tcp_v4_rcv")
    let failure = events.first { $0["event"] as? String == "connect_failure" }
    XCTAssertEqual(failure?["outcome"] as? String, "refused", "\(events)")
    XCTAssertEqual(failure?["syn_retransmits"] as? Int, 0)
    XCTAssertEqual(failure?["peer_address"] as? String, pair.serverAddress)
    // The names came from this kernel's format files, not from a copy of its enums.
    let format = try tracefsFile("events/skb/kfree_skb/format")
    XCTAssertTrue(format.contains("\"NO_SOCKET\""))
    let order = events.map { "\($0["event"] ?? "")" }
    XCTAssertLessThan(
      try XCTUnwrap(order.firstIndex(of: "reset")), try XCTUnwrap(order.firstIndex(of: "connect_failure")),
      "in time order: the RST comes before the failure it causes")
  }

  func testLingerZeroSendsAResetTheServerReceives() throws {
    let pair = try XCTUnwrap(pair)
    let port = port(2)
    let watcher = try watch(["--events", "reset", "--port", "\(port)"])
    _ = try background(pair.server, sink(pair.serverAddress, port))
    usleep(300_000)
    let client = try background(
      pair.client,
      """
      import socket, struct, time
      c = socket.create_connection(('\(pair.serverAddress)', \(port)), timeout=5)
      c.send(b'hello'); time.sleep(0.2)
      c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close()
      """)
    wait(client)
    usleep(300_000)
    let events = stop(watcher).filter { $0["event"] as? String == "reset" }
    let sent = events.first { $0["direction"] as? String == "sent" }
    XCTAssertEqual(sent?["local_address"] as? String, pair.clientAddress, "\(events)")
    // close() with SO_LINGER 0 sets CLOSE, then sends the RST (tcp_close()): the kernel's order.
    XCTAssertEqual(sent?["state"] as? String, "CLOSE")
    let reason = try XCTUnwrap(sent?["reason"] as? String)
    XCTAssertFalse(reason.hasPrefix("UNKNOWN"), "\(events)")
    let format = try tracefsFile("events/tcp/tcp_send_reset/format")
    XCTAssertTrue(format.contains("\"\(reason)\""), "\(reason) is a name from the format file")
    XCTAssertTrue(
      events.contains {
        $0["direction"] as? String == "received" && $0["local_address"] as? String == pair.serverAddress
      })
  }

  func testUnansweredSynsTimeOutWithTheirRetransmissions() throws {
    let pair = try XCTUnwrap(pair)
    let port = port(3)
    try pair.serverRules(
      "table inet nosyn { chain input { type filter hook input priority 0; tcp dport \(port) counter drop; }; }")
    let watcher = try watch(["--events", "retransmit,connect-failure,drop", "--port", "\(port)"])
    // TCP_SYNCNT 1: the SYN, one retransmission after ~1 s, then ETIMEDOUT after ~3 s.
    let client = try background(
      pair.client,
      """
      import socket
      c = socket.socket(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, 1)
      try: c.connect(('\(pair.serverAddress)', \(port)))
      except TimeoutError: pass
      """)
    wait(client, timeout: 15)
    usleep(300_000)
    let events = stop(watcher)
    // Every SYN the client sent reached the rule and was counted there.
    let counted = try Shell.output("ip netns exec \(pair.server) nft list table inet nosyn")
    let packets = Int(counted.split(separator: " ").drop { $0 != "packets" }.dropFirst().first ?? "") ?? 0
    let syns = events.filter { $0["event"] as? String == "retransmit" && $0["retransmitted"] as? String == "syn" }
    XCTAssertGreaterThanOrEqual(packets, 2, counted)
    XCTAssertEqual(syns.count, packets - 1, "every SYN after the first: \(events)")
    let failure = events.first { $0["event"] as? String == "connect_failure" }
    XCTAssertEqual(failure?["outcome"] as? String, "timed_out", "\(events)")
    XCTAssertEqual(failure?["syn_retransmits"] as? Int, packets - 1)
    XCTAssertGreaterThan(failure?["attempt_ms"] as? Double ?? 0, 2_000, "retransmission timeouts, not a refusal")
    XCTAssertFalse(
      events.contains { $0["event"] as? String == "drop" },
      "netfilter drops carry no socket: a port filter cannot claim them")
  }

  func testNetfilterDropsShowWithTheirReasonWhenUnfiltered() throws {
    let pair = try XCTUnwrap(pair)
    let port = port(4)
    try pair.serverRules(
      "table inet nosyn { chain input { type filter hook input priority 0; tcp dport \(port) counter drop; }; }")
    let watcher = try watch(["--events", "drop"])
    let client = try background(
      pair.client,
      """
      import socket
      c = socket.socket(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, 1)
      try: c.connect(('\(pair.serverAddress)', \(port)))
      except TimeoutError: pass
      """)
    wait(client, timeout: 15)
    let counted = try Shell.output("ip netns exec \(pair.server) nft list table inet nosyn")
    let packets = Int(counted.split(separator: " ").drop { $0 != "packets" }.dropFirst().first ?? "") ?? 0
    let drops = stop(watcher).filter {
      $0["event"] as? String == "drop" && $0["reason"] as? String == "NETFILTER_DROP"
    }
    // Unfiltered, the host's other drops (a neighbour's socket churn) can fill
    // the buffer: what the kernel says it dropped is allowed for.
    let lost = watcher.stderr.split(separator: "\n").compactMap { line -> Int? in
      guard line.contains("tracepoint events (buffer full)") else { return nil }
      return Int(line.split(separator: " ").first { Int($0) != nil } ?? "")
    }.reduce(0, +)
    XCTAssertGreaterThanOrEqual(packets, 2, "the SYN and its retransmissions: \(counted)")
    // Other namespaces' drops may add to these, never take from them.
    XCTAssertGreaterThanOrEqual(drops.count + lost, packets)
    XCTAssertGreaterThanOrEqual(drops.count, 1)
    XCTAssertTrue(drops.allSatisfy { $0["local_address"] is NSNull }, "\(drops)")
    XCTAssertGreaterThanOrEqual(
      drops.filter { $0["location"] as? String == "nft_do_chain" }.count + lost, packets, "\(drops)")
  }

  func testKilledWatcherWithEventsIsSweptByTheNext() throws {
    let killed = try watch(["--events", "all"])
    kill(killed.pid, SIGKILL)
    XCTAssertNotNil(killed.waitForExit())
    XCTAssertEqual(tcpstateInstances(of: killed.pid).count, 1, "SIGKILL leaves the instance")
    let next = try watch(["--events", "retransmit", "--port", "\(port(5))"])
    XCTAssertEqual(tcpstateInstances(of: killed.pid), [], "the next watcher removes it, trouble events and all")
    _ = stop(next)
  }
}

/// What `--events` says when it cannot run: the words it knows, the sources
/// that carry only transitions, and no root (exit 77, while `state` still works).
final class WatchEventsRefusalTests: XCTestCase {
  func testUnknownKindsAndStateOnlySourcesAreUsageErrors() throws {
    let bogus = try CLI.run(["watch", "--events", "retransmit,bogus"])
    XCTAssertEqual(bogus.status, 64)
    XCTAssertTrue(bogus.stderr.contains("unknown kind 'bogus'"), bogus.stderr)
    XCTAssertTrue(bogus.stderr.contains("connect-failure"), "the known words are listed")
    for source in ["perf", "poll"] {
      let result = try CLI.run(["watch", "--events", "reset", "--source", source])
      XCTAssertEqual(result.status, 64, source)
      XCTAssertTrue(result.stderr.contains("only state transitions"), result.stderr)
    }
  }

  func testWithoutRootTroubleKindsSayWhatTheyNeedAndStateStillWorks() throws {
    try XCTSkipUnless(geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"))
    let nobody = "cd / && setpriv --reuid=65534 --regid=65534 --clear-groups \"$TCPSTATE\" watch"
    let refused = try CLI.run([], shell: "\(nobody) --events retransmit,drop --duration 1")
    XCTAssertEqual(refused.status, 77, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("--events retransmit,drop"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains("--events state still works"), refused.stderr)
    let state = try CLI.run([], shell: "\(nobody) --events state --duration 0.3")
    XCTAssertEqual(state.status, 0, state.stderr)
    XCTAssertTrue(state.stderr.contains("sock_diag polling"), state.stderr)
  }
}
