import Foundation
import Glibc
import XCTest

/// Connections a process of the test's own makes on cue (Tests/Tools/owned_connections.py).
final class OwnedConnections {
  let process = Process()
  let input = Pipe()
  let output = Pipe()
  private(set) var pid: Int32 = 0
  private(set) var port: UInt16 = 0

  /// `beforeListening` runs with the pid before the listener exists (to move it into a cgroup).
  init(connections: Int, bytes: Int, beforeListening: ((Int32) throws -> Void)? = nil) throws {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [Repo.path("Tests/Tools/owned_connections.py"), "\(connections)", "\(bytes)"]
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    pid = Int32(try XCTUnwrap(readLine()["pid"] as? Int))
    try beforeListening?(pid)
    say()
    port = UInt16(try XCTUnwrap(readLine()["port"] as? Int))
  }

  func say() { input.fileHandleForWriting.write(Data("go\n".utf8)) }

  func readLine() throws -> [String: Any] {
    var line = Data()
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      if byte.isEmpty || byte == Data("\n".utf8) { break }
      line.append(byte)
    }
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: line) as? [String: Any])
  }

  /// Makes the connections and returns their client ports once all are closed.
  func connect() throws -> [UInt16] {
    say()
    return try XCTUnwrap(readLine()["done"] as? [Int]).map { UInt16($0) }
  }

  func stop() {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  deinit { if process.isRunning { stop() } }
}

/// --where, --pid, --command, --uid and --cgroup in kill, top and watch, on
/// loopback sockets of processes the test owns: the selected ones appear,
/// the others do not.
final class SelectionTests: XCTestCase {
  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "kill needs CAP_NET_ADMIN, watch the tracepoint")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3")
  }

  func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

  func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
      try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
    }
  }

  func testKillSelectsByPidAndWhereInDryRunAndForReal() throws {
    let chosen = try SocketHolder(established: 2, timeWait: 0)
    let other = try SocketHolder(established: 2, timeWait: 0)
    defer {
      chosen.stop()
      other.stop()
    }
    let scope = ["--port", "\(chosen.port)", "--port", "\(other.port)"]

    let refused = try CLI.run(["kill", "-n"])
    XCTAssertEqual(refused.status, 64)
    XCTAssertTrue(refused.stderr.contains("kill needs a filter"), refused.stderr)

    // --pid alone is a filter: the chosen holder's listener and both ends of its 2 connections.
    let dry = try CLI.run(["kill", "--pid", "\(chosen.layout.pid)", "--dry-run", "-H"])
    XCTAssertEqual(dry.status, 0, dry.stderr)
    XCTAssertEqual(lines(dry.stdout).count, 5, dry.stdout)
    XCTAssertFalse(dry.stdout.contains(":\(other.port) "), dry.stdout)
    XCTAssertTrue(dry.stderr.contains("dry run: 5 sockets would be killed"), dry.stderr)
    XCTAssertEqual(try SS.count(port: chosen.port, state: "ESTAB"), 4, "a dry run kills nothing")

    let command = try CLI.run(["kill", "--command", "python3", "--dry-run", "-H"] + scope)
    XCTAssertEqual(lines(command.stdout).count, 10, command.stdout)

    // --where alone is a filter too: both ends of one chosen connection only.
    // The listener's port is named as well: the client's ephemeral port may
    // still be held by a TIME_WAIT socket of an earlier test (CI saw 3).
    let client = chosen.layout.established[0][0]
    let whereText =
      "(local_port==\(client) and peer_port==\(chosen.port)) or (peer_port==\(client) and local_port==\(chosen.port))"
    let whereDry = try CLI.run(["kill", "--where", whereText, "-n", "--json"])
    let planned = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(whereDry.stdout.utf8)) as? [[String: Any]])
    XCTAssertEqual(planned.count, 2, whereDry.stdout)

    let killed = try CLI.run(["kill", "--pid", "\(chosen.layout.pid)", "--where", "peer_port!=0", "--yes"] + scope)
    XCTAssertEqual(killed.status, 0, killed.stderr + killed.stdout)
    XCTAssertEqual(try SS.count(port: chosen.port, state: "ESTAB"), 0, "the chosen connections are gone")
    XCTAssertEqual(try SS.count(port: chosen.port, state: "LISTEN"), 1, "peer_port!=0 spared the listener")
    XCTAssertEqual(try SS.count(port: other.port, state: "ESTAB"), 4, "the other holder's connections stay")

    let unknown = try CLI.run(["kill", "--where", "rtt>5 ms", "-n"])
    XCTAssertEqual(unknown.status, 64)
    let nobody = try CLI.run(["kill", "--uid", "4000000", "--yes"] + scope)
    XCTAssertEqual(nobody.status, 0, nobody.stderr)
    XCTAssertTrue(nobody.stderr.contains("no socket to kill"), nobody.stderr)
  }

  func testTopBatchShowsOnlyTheSelectedSockets() throws {
    let chosen = try SocketHolder(established: 1, timeWait: 0)
    let other = try SocketHolder(established: 1, timeWait: 0)
    defer {
      chosen.stop()
      other.stop()
    }
    // --pid without -p: top reads the process map for the selection only.
    let byPid = try CLI.run(["top", "-b", "-d", "0.1", "--pid", "\(chosen.layout.pid)"])
    XCTAssertEqual(byPid.status, 0, byPid.stderr)
    XCTAssertTrue(byPid.stdout.contains("127.0.0.1:\(chosen.layout.established[0][0]) "), byPid.stdout)
    XCTAssertFalse(byPid.stdout.contains(":\(other.port) "), byPid.stdout)
    XCTAssertFalse(byPid.stdout.contains("python3["), "no processes shown without -p")

    let byWhere = try CLI.run([
      "top", "-b", "-d", "0.1", "-n", "2", "--json", "--where",
      "local_port==\(other.layout.established[0][0]) and peer_port==\(other.port)",
    ])
    XCTAssertEqual(byWhere.status, 0, byWhere.stderr)
    let frames = try jsonLines(byWhere.stdout)
    XCTAssertEqual(frames.count, 2)
    let text = byWhere.stdout
    XCTAssertTrue(text.contains("\(other.layout.established[0][0])"), text)
    XCTAssertFalse(text.contains("\(chosen.layout.established[0][0])"), text)

    // The prompt's filter words still narrow what the selection kept.
    let words = try CLI.run(["top", "-b", "-d", "0.1", "--command", "python3", "port", "\(other.port)"])
    XCTAssertTrue(words.stdout.contains(":\(other.port) "), words.stdout)
    XCTAssertFalse(words.stdout.contains(":\(chosen.port) "), words.stdout)

    let summaryOnly = try CLI.run(["top", "-b", "--where", "lifetime>1s"])
    XCTAssertEqual(summaryOnly.status, 64)
  }

  /// Runs `watch` with `arguments` while `chosen` and `other` make their
  /// connections; returns its NDJSON lines once the chosen summaries are in.
  func watch(_ arguments: [String], chosen: OwnedConnections, other: OwnedConnections, until done: (String) -> Bool)
    throws -> [[String: Any]]
  {
    let watcher = try BackgroundCLI(
      [
        "watch", "--json", "--duration", "60", "--ready-file", "{ready}", "--port", "\(chosen.port)", "--port",
        "\(other.port)",
      ] + arguments)
    XCTAssertTrue(watcher.waitUntilReady(), watcher.stderr)
    _ = try other.connect()
    _ = try chosen.connect()
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline && !done(watcher.stdout) { usleep(20_000) }
    XCTAssertTrue(done(watcher.stdout), "watch \(arguments): \(watcher.stderr)")
    kill(watcher.pid, SIGINT)
    XCTAssertEqual(watcher.waitForExit(), 0, watcher.stderr)
    return try jsonLines(watcher.stdout)
  }

  func ports(_ event: [String: Any]) -> Set<Int> {
    [event["local_port"] as? Int ?? -1, event["peer_port"] as? Int ?? -1]
  }

  func testWatchSelectsEveryTransitionOfTheOwnersConnections() throws {
    let chosen = try OwnedConnections(connections: 2, bytes: 100)
    let other = try OwnedConnections(connections: 2, bytes: 100)
    defer {
      chosen.stop()
      other.stop()
    }
    let events = try watch(["--pid", "\(chosen.pid)"], chosen: chosen, other: other) { text in
      text.components(separatedBy: "\"summary\"").count > 4
    }
    XCTAssertFalse(events.contains { ports($0).contains(Int(other.port)) }, "nothing of the other process")
    let transitions = events.filter { $0["event"] as? String == "transition" }
    // Each connection: 5 client and 5 server transitions, the server's
    // handshake in interrupt context (no pid) included.
    XCTAssertEqual(transitions.count, 20, "\(transitions)")
    XCTAssertEqual(transitions.filter { $0["new_state"] as? String == "SYN_RECV" }.count, 2)
    let summaries = events.filter { $0["event"] as? String == "summary" }
    XCTAssertEqual(summaries.count, 4, "both ends of both connections: \(summaries)")
  }

  func testWatchWhereShowsOnlyTheMatchingSummaries() throws {
    let big = try OwnedConnections(connections: 2, bytes: 5000)
    let small = try OwnedConnections(connections: 2, bytes: 10)
    defer {
      big.stop()
      small.stop()
    }
    let events = try watch(["--where", "bytes_sent>2KiB and lifetime>0us"], chosen: big, other: small) { text in
      text.components(separatedBy: "\"summary\"").count > 2
    }
    XCTAssertEqual(events.count, 2, "the two big clients' summaries, no transitions: \(events)")
    for event in events {
      XCTAssertEqual(event["event"] as? String, "summary")
      XCTAssertEqual(event["peer_port"] as? Int, Int(big.port))
    }
    let misuse = try CLI.run(["watch", "--where", "recv_q>0", "--duration", "0.1"])
    XCTAssertEqual(misuse.status, 64)
    XCTAssertTrue(misuse.stderr.contains("'recv_q' is not known for a watch summary"), misuse.stderr)
    XCTAssertTrue(misuse.stderr.contains("  ^^^^^^"), "the error points at the field: \(misuse.stderr)")
  }

  func testCgroupSelectsInWatchAndTop() throws {
    let mountinfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
    let line = try XCTUnwrap(mountinfo.split(separator: "\n").first { $0.contains(" - cgroup2 ") }, "no cgroup v2")
    let name = "/tcpstate-select-\(UInt32.random(in: 0...UInt32.max))"
    let path = String(line.split(separator: " ")[4]) + name
    XCTAssertEqual(mkdir(path, 0o755), 0)
    defer { rmdir(path) }
    let chosen = try OwnedConnections(connections: 1, bytes: 100) { pid in
      try "\(pid)\n".write(toFile: path + "/cgroup.procs", atomically: false, encoding: .utf8)
    }
    let other = try OwnedConnections(connections: 1, bytes: 100)
    defer {
      chosen.stop()
      other.stop()
    }
    let top = try CLI.run(["top", "-b", "-d", "0.1", "-l", "--cgroup", name])
    XCTAssertEqual(top.status, 0, top.stderr)
    XCTAssertTrue(top.stdout.contains(":\(chosen.port) "), top.stdout)
    XCTAssertFalse(top.stdout.contains(":\(other.port) "), top.stdout)

    let events = try watch(["--cgroup", name], chosen: chosen, other: other) { text in
      text.components(separatedBy: "\"summary\"").count > 2
    }
    XCTAssertFalse(events.contains { ports($0).contains(Int(other.port)) }, "nothing outside the cgroup")
    XCTAssertEqual(events.filter { $0["event"] as? String == "transition" }.count, 10, "\(events)")
    XCTAssertEqual(events.filter { $0["event"] as? String == "summary" }.count, 2, "\(events)")
  }
}
