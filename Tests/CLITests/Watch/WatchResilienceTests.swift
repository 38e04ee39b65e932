import Foundation
import Glibc
import TestSupport
import XCTest

/// What can silence, block or outlive a watch, and what it must do then: a
/// BPF program starving perf, its instance switched off from outside, a
/// reader that never reads, a reader that has gone, a file held open in its
/// instance, tracefs mounted by one watcher and left by another.
final class WatchResilienceTests: XCTestCase {
  func requireRoot() throws {
    guard geteuid() == 0 else { throw XCTSkip("needs root") }
  }

  func watcher(_ arguments: [String]) throws -> BackgroundCLI {
    let watcher = try BackgroundCLI(arguments + ["--ready-file", "{ready}"])
    XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)
    return watcher
  }

  func sourceEvents(_ ndjson: String) -> [[String: Any]] {
    ndjson.split(separator: "\n").compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
    }.filter { $0["event"] as? String == "source" }
  }

  /// A BPF program on the tracepoint that returns 0 (as some tracers'
  /// filters do) stops perf delivery without an error. watch --source perf
  /// notices from the host's connection counters, says so, and moves to a
  /// tracefs instance, which BPF cannot starve: from then on nothing is lost.
  func testStarvedPerfSourceMovesToATracefsInstance() throws {
    try requireRoot()
    let starver = try BPFStarver()
    defer { starver.stop() }
    let before = LoopbackChurn()
    let after = LoopbackChurn()
    let watch = try watcher([
      "watch", "--source", "perf", "--json", "--no-summary", "--port", "\(before.port)", "--port", "\(after.port)",
    ])
    before.run(rate: 300, seconds: 3.5)
    after.run(count: 100, rate: 500)
    usleep(300_000)
    kill(watch.pid, SIGINT)
    XCTAssertEqual(watch.waitForExit(), 0, watch.stderr)
    let changes = sourceEvents(watch.stdout)
    XCTAssertEqual(changes.count, 1, watch.stdout.suffix(2000).description)
    XCTAssertEqual(changes.first?["change"] as? String, "switched")
    XCTAssertEqual(changes.first?["from"] as? String, "perf")
    XCTAssertEqual(changes.first?["source"] as? String, "tracefs")
    XCTAssertTrue(watch.stderr.contains("BPF program"), watch.stderr)
    let missing = try missingTransitions(in: watch.stdout, churn: after)
    XCTAssertEqual(missing, [], "after the switch: \(missing.prefix(5))")
    XCTAssertEqual(leakedInstances(), [])
  }

  /// Someone writes 0 to the instance's `enable` (as an older tcpstate's
  /// stale sweep did): watch switches it back on at its next check and says so.
  func testEventSwitchedOffFromOutsideIsSwitchedBackOn() throws {
    try requireRoot()
    let churn = LoopbackChurn()
    let watch = try watcher(["watch", "--json", "--no-summary", "--port", "\(churn.port)"])
    let name = try XCTUnwrap(tcpstateInstances(of: watch.pid).first)
    let enable = "/sys/kernel/tracing/instances/\(name)/events/sock/inet_sock_set_state/enable"
    let fd = open(enable, O_WRONLY | O_TRUNC)
    XCTAssertEqual(write(fd, "0", 1), 1, "switched off from outside")
    close(fd)
    usleep(1_500_000)
    XCTAssertEqual(try String(contentsOfFile: enable, encoding: .utf8).first, "1", "switched back on")
    churn.run(count: 100, rate: 500)
    usleep(300_000)
    kill(watch.pid, SIGINT)
    XCTAssertEqual(watch.waitForExit(), 0, watch.stderr)
    XCTAssertTrue(watch.stderr.contains("set it back to 1"), watch.stderr)
    XCTAssertEqual(sourceEvents(watch.stdout).first?["change"] as? String, "restored")
    XCTAssertEqual(try missingTransitions(in: watch.stdout, churn: churn), [])
  }

  /// Output to a FIFO whose reader never reads: the pipe fills and the
  /// write blocks; SIGINT must still end the watch within a second, instance removed.
  func testSignalEndsAWatchBlockedOnItsOutput() throws {
    try requireRoot()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("out").path
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)  // opened, never read
    defer { close(reader) }
    let churn = LoopbackChurn()
    let watch = try BackgroundCLI(
      [
        "-c", "exec \"$0\" watch --json --no-summary --port \"$1\" --ready-file \"$2\" > \"$3\"", CLI.binary.path,
        "\(churn.port)", folder.appendingPathComponent("ready").path, fifo,
      ], shell: true)
    let deadline = Date().addingTimeInterval(15)
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("ready").path) && Date() < deadline {
      usleep(20_000)
    }
    churn.run(count: 400, rate: 2000)  // far more than a 64 KiB pipe holds
    usleep(300_000)
    XCTAssertEqual(tcpstateInstances(of: watch.pid).count, 1)
    let start = Date()
    kill(watch.pid, SIGINT)
    XCTAssertEqual(watch.waitForExit(timeout: 5), 0, watch.stderr)
    let took = Date().timeIntervalSince(start)
    XCTAssertLessThan(took, 1.5, "SIGINT took \(took) s with the output blocked")
    XCTAssertEqual(tcpstateInstances(of: watch.pid), [])
  }

  /// `watch | true` on a quiet port: the reader is gone before any event;
  /// watch must notice at once, not at the next matching transition.
  func testGoneReaderEndsAQuietWatch() throws {
    try requireRoot()
    let start = Date()
    let result = try CLI.run(
      [], shell: "timeout 10 \"\(CLI.binary.path)\" watch --port 1 | true; echo ${PIPESTATUS:-done}")
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertLessThan(Date().timeIntervalSince(start), 5, "watch kept running after its reader left")
    XCTAssertEqual(result.stderr, "")
  }

  /// A file of the instance held open (a `cat` of its trace): rmdir fails
  /// with EBUSY. watch says so with the path and the holder, and the next
  /// watch removes the instance once it is free.
  func testBusyInstanceIsReportedAndSweptLater() throws {
    try requireRoot()
    let watch = try watcher(["watch", "--port", "1"])
    let name = try XCTUnwrap(tcpstateInstances(of: watch.pid).first)
    let held = open("/sys/kernel/tracing/instances/\(name)/trace", O_RDONLY)
    XCTAssertGreaterThanOrEqual(held, 0)
    kill(watch.pid, SIGINT)
    XCTAssertEqual(watch.waitForExit(), 0, watch.stderr)
    XCTAssertTrue(watch.stderr.contains("cannot remove the tracefs instance"), watch.stderr)
    XCTAssertTrue(watch.stderr.contains("[\(getpid())]"), "names the holder: \(watch.stderr)")
    XCTAssertEqual(tcpstateInstances(of: watch.pid), [name], "still there while held")
    close(held)
    let next = try CLI.run(["watch", "--port", "1", "--duration", "0.2"])
    XCTAssertEqual(next.status, 0, next.stderr)
    XCTAssertEqual(tcpstateInstances(of: watch.pid), [], "the next watch removed it")
  }

  /// Nothing mounted: A mounts tracefs, B starts, A stops (B still uses
  /// it), B stops: the last one out unmounts, as if no watch had run.
  func testLastWatcherOutUnmountsTracefsAMountedOne() throws {
    try requireRoot()
    guard !FileManager.default.fileExists(atPath: "/sys/kernel/tracing/instances") else {
      throw XCTSkip("tracefs is mounted already (by the host or another watcher)")
    }
    func mounted() -> Bool { FileManager.default.fileExists(atPath: "/sys/kernel/tracing/instances") }
    let first = try watcher(["watch", "--port", "1"])
    XCTAssertTrue(mounted())
    let second = try watcher(["watch", "--port", "1"])
    kill(first.pid, SIGINT)
    XCTAssertEqual(first.waitForExit(), 0, first.stderr)
    XCTAssertTrue(mounted(), "the second watcher still needs it")
    XCTAssertEqual(tcpstateInstances(of: second.pid).count, 1)
    kill(second.pid, SIGINT)
    XCTAssertEqual(second.waitForExit(), 0, second.stderr)
    XCTAssertFalse(mounted(), "left mounted by the last watcher")
  }

  /// Connections shorter than the polling interval: no poll sees them, but
  /// their destroy notifications still report each end, as `(unseen)`.
  func testPollingReportsEndsNoPollSaw() throws {
    try requireRoot()  // the destroy groups work without root too, but the churn's ports are the test's
    let churn = LoopbackChurn()
    let watch = try watcher([
      "watch", "--source", "poll", "--interval", "2s", "--no-summary", "--json", "--port", "\(churn.port)",
    ])
    churn.run(count: 10, rate: 200)
    usleep(2_500_000)
    kill(watch.pid, SIGINT)
    XCTAssertEqual(watch.waitForExit(), 0, watch.stderr)
    let unseen = watch.stdout.split(separator: "\n").filter {
      $0.contains("\"old_state\":null") && $0.contains("\"source\":\"destroy\"")
    }
    XCTAssertEqual(unseen.count, 20, "both ends of 10 connections: \(watch.stdout)")
    // The servers' sockets close; the clients' hand over to time-wait sockets.
    XCTAssertEqual(unseen.filter { $0.contains("\"new_state\":\"CLOSE\"") }.count, 10)
    XCTAssertEqual(unseen.filter { $0.contains("\"new_state\":\"TIME_WAIT\"") }.count, 10)
    XCTAssertFalse(watch.stderr.contains("destroy notifications are unavailable"), watch.stderr)
  }

  /// A socket closed by a reset has its peer port cleared in the destroy
  /// notification; `--port` must still find its summary line.
  func testResetConnectionKeepsItsSummaryUnderAPortFilter() throws {
    try requireRoot()
    let (listener, port) = LoopbackTCP.listener(backlog: 4)
    defer { close(listener) }
    let watch = try watcher(["watch", "--json", "--port", "\(port)"])
    let client = LoopbackTCP.connect(port: port)
    let server = accept(listener, nil, nil)
    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
    setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    close(client)  // RST
    usleep(50_000)
    close(server)
    usleep(500_000)
    kill(watch.pid, SIGINT)
    XCTAssertEqual(watch.waitForExit(), 0, watch.stderr)
    let summaries = watch.stdout.split(separator: "\n").filter { $0.contains("\"event\":\"summary\"") }
    XCTAssertEqual(summaries.count, 2, "both ends of the reset connection: \(watch.stdout)")
    XCTAssertTrue(summaries.allSatisfy { !$0.contains("\"peer_port\":0,") }, "the peer port is restored: \(summaries)")
  }

  /// The kernel refuses an ftrace filter with hundreds of ports: results
  /// stay right (user space filters), but the cost changes, so say so.
  func testRefusedKernelFilterIsSaid() throws {
    try requireRoot()
    // Every other port, so they cannot be merged into ranges: 400 terms, over the kernel's 4 KiB.
    let ports = (0..<200).flatMap { ["--port", "\(21000 + 2 * $0)"] }
    let result = try CLI.run(["watch", "--duration", "0.3"] + ports)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stderr.contains("refused the port filter"), result.stderr)
    let few = try CLI.run(["watch", "--duration", "0.3", "--port", "21000"])
    XCTAssertFalse(few.stderr.contains("refused"), few.stderr)
  }

  /// Summary lines name their numbers for what they are (data bytes sent,
  /// not bytes acknowledged with the SYN and FIN); a listener's says how
  /// long it listened; close() after shutdown(SHUT_WR) shows no FIN_WAIT1 ->
  /// FIN_WAIT1; JSON ids survive jq (hex text) and name the reader.
  func testSummariesIdsAndFoldedRepeats() throws {
    try requireRoot()
    let (listener, port) = LoopbackTCP.listener(backlog: 4)
    let text = try watcher(["watch", "--port", "\(port)", "--color", "never"])
    let json = try watcher(["watch", "--port", "\(port)", "--json", "--no-summary"])
    let client = LoopbackTCP.connect(port: port)
    let server = accept(listener, nil, nil)
    let payload = [UInt8](repeating: 65, count: 1000)
    XCTAssertEqual(send(client, payload, payload.count, 0), 1000)
    var sink = [UInt8](repeating: 0, count: 2000)
    var got = 0
    while got < 1000 { got += max(0, recv(server, &sink, sink.count, 0)) }
    shutdown(client, Int32(SHUT_WR))
    usleep(20_000)
    close(client)
    while recv(server, &sink, sink.count, 0) > 0 {}
    close(server)
    close(listener)
    usleep(400_000)
    for watch in [text, json] {
      kill(watch.pid, SIGINT)
      XCTAssertEqual(watch.waitForExit(), 0, watch.stderr)
    }
    // bytes_received counts the peer's FIN as one byte (the kernel's count).
    XCTAssertTrue(text.stdout.contains("bytes_sent 1000B  bytes_received 1B"), text.stdout)
    XCTAssertTrue(text.stdout.contains("bytes_sent 0B  bytes_received 1001B"), text.stdout)
    // The listener began before the watch, so how long it listened is unknown; no traffic figures either.
    let listenerLine = text.stdout.split(separator: "\n").first { $0.contains("listener closed") }
    XCTAssertNotNil(listenerLine, text.stdout)
    XCTAssertFalse(listenerLine?.contains("bytes_") ?? true, text.stdout)
    XCTAssertFalse(text.stdout.contains("FIN_WAIT1 -> FIN_WAIT1"), text.stdout)
    let lines = json.stdout.split(separator: "\n").compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
    }
    XCTAssertFalse(lines.isEmpty)
    for line in lines {
      XCTAssertEqual(line["source"] as? String, "tracefs")
      let address = try XCTUnwrap(line["socket_address"] as? String, "\(line)")
      XCTAssertTrue(address.hasPrefix("0x") && UInt64(address.dropFirst(2), radix: 16) != nil, address)
      XCTAssertNil(line["socket_id"])
    }
  }

  /// Polling, a connection shorter than the interval, client closes first:
  /// its hand-over to TIME_WAIT comes before its summary, once, and the
  /// next poll does not report it again as (new) -> TIME_WAIT.
  func testPollingOrdersTheHandOverBeforeTheSummary() throws {
    try requireRoot()
    let churn = LoopbackChurn()
    let watch = try watcher(["watch", "--source", "poll", "--interval", "1s", "--json", "--port", "\(churn.port)"])
    churn.run(count: 1, rate: 10)
    usleep(2_500_000)
    kill(watch.pid, SIGINT)
    XCTAssertEqual(watch.waitForExit(), 0, watch.stderr)
    let client = try XCTUnwrap(churn.clientPorts.first)
    let lines = watch.stdout.split(separator: "\n").compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
    }.filter { $0["local_port"] as? Int == Int(client) }
    let kinds = lines.map { "\($0["event"] as? String ?? "?"):\($0["new_state"] as? String ?? "")" }
    XCTAssertEqual(kinds, ["transition:TIME_WAIT", "summary:"], "\(lines)")
    XCTAssertTrue(watch.stderr.contains("States shorter than the interval are missed"), watch.stderr)
  }

  func testReadyFileThatCannotBeCreatedIsAnError() throws {
    let result = try CLI.run(["watch", "--port", "1", "--duration", "0.1", "--ready-file", "/nonexistent/ready"])
    XCTAssertEqual(result.status, 73, result.stderr)
    XCTAssertTrue(result.stderr.contains("/nonexistent/ready"), result.stderr)
  }

  /// Without root, `--no-summary` never opens destroy notifications: the
  /// fallback notice must not call them unavailable.
  func testNoSummaryFallbackDoesNotBlameDestroyNotifications() throws {
    try requireRoot()  // to become nobody
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("setpriv missing") }
    let result = try CLI.run(
      [],
      shell:
        "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups \"\(CLI.binary.path)\" watch --no-summary --port 1 --duration 0.2"
    )
    XCTAssertTrue(result.stderr.contains("polling"), result.stderr)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertFalse(result.stderr.contains("destroy notifications are unavailable"), result.stderr)
  }
}

/// Tests/Tools/bpf_starve.py running: a BPF program on sock:inet_sock_set_state that returns 0.
final class BPFStarver {
  let process = Process()
  let output = Pipe()

  init() throws {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Repo.path("Tests/Tools/bpf_starve.py")]
    process.standardOutput = output
    try process.run()
    let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    guard line.hasPrefix("attached") else {
      process.waitUntilExit()
      throw XCTSkip("cannot attach a BPF program here: \(line)")
    }
  }

  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  deinit { stop() }
}
