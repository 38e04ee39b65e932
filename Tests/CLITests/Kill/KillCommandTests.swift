import Foundation
import Glibc
import TestSupport
import XCTest

/// `tcpstate kill` on real loopback sockets, checked with `ss` before and after.
///
/// Other developers' tests share this host's loopback, on other 127.x
/// addresses and ports that may equal ours in number: every kill here names
/// its sockets exactly (address, both ports, state), never a bare --port, and
/// the refusal tests run as nobody so a broken guard could not kill anything.
final class KillCommandTests: XCTestCase {
  /// `--sport P` / `--dport P` options, one per port.
  func ports(_ option: String, _ ports: [UInt16]) -> [String] { ports.flatMap { [option, "\($0)"] } }

  let asNobody = "cd / && setpriv --reuid=65534 --regid=65534 --clear-groups \"$TCPSTATE\""

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "SOCK_DESTROY needs CAP_NET_ADMIN")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3")
  }

  func testDryRunPrintsWhatWouldBeKilledAndKillsNothing() throws {
    let holder = try SocketHolder(established: 2, timeWait: 2)
    defer { holder.stop() }
    let before = try SS.sockets(port: holder.port)
    XCTAssertEqual(before.count, 7, "1 listener, 2 × 2 established, 2 time-wait: \(before)")
    let table = try CLI.run(["kill", "--port", "\(holder.port)", "--dry-run", "-H"])
    XCTAssertEqual(table.status, 0, table.stderr)
    let rows = table.stdout.split(separator: "\n")
    XCTAssertEqual(rows.count, 7, table.stdout)
    XCTAssertEqual(rows.filter { $0.hasPrefix("TIME_WAIT") }.count, 2)
    XCTAssertEqual(rows.filter { $0.hasPrefix("LISTEN") }.count, 1)
    XCTAssertTrue(table.stderr.contains("dry run: 7 sockets would be killed"), table.stderr)
    let json = try CLI.run(["kill", "--port", "\(holder.port)", "--dry-run", "--json"])
    let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    XCTAssertEqual(array?.count, 7, json.stdout)
    XCTAssertEqual(try SS.sockets(port: holder.port).sorted(), before.sorted(), "nothing was killed")
  }

  func testWithoutAFilterOrWithoutYesNothingIsKilled() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv")
    let holder = try SocketHolder(established: 1, timeWait: 0)
    defer { holder.stop() }
    let before = try SS.sockets(port: holder.port)
    let unfiltered = try CLI.run([], shell: "\(asNobody) kill --yes")
    XCTAssertEqual(unfiltered.status, 64)
    XCTAssertTrue(
      unfiltered.stderr.contains("kill needs a filter; to kill everything say so with --all"), unfiltered.stderr)
    // stdin is not a terminal here (Process gives it /dev/null or a pipe).
    let unconfirmed = try CLI.run([], shell: "\(asNobody) kill -l --sport \(holder.port) --src 127.0.0.1 < /dev/null")
    XCTAssertEqual(unconfirmed.status, 64)
    XCTAssertTrue(unconfirmed.stderr.contains("add --yes"), unconfirmed.stderr)
    XCTAssertEqual(try SS.sockets(port: holder.port).sorted(), before.sorted())
  }

  /// State by state: TIME_WAIT entries, then the client side of each
  /// connection (the server side dies of the RST), then the listener; a
  /// second holder's sockets are never touched.
  func testAFilteredKillKillsExactlyTheMatchingSockets() throws {
    let target = try SocketHolder(established: 2, timeWait: 3)
    let bystander = try SocketHolder(established: 2, timeWait: 1)
    defer {
      target.stop()
      bystander.stop()
    }
    let untouched = try SS.sockets(port: bystander.port).sorted()
    XCTAssertEqual(try SS.count(port: target.port, state: "TIME-WAIT"), 3)

    let timeWait = try CLI.run(
      [
        "kill", "--state", "time-wait", "--src", "127.0.0.1", "--dst", "127.0.0.1", "--dport", "\(target.port)",
        "--yes",
      ]
        + ports("--sport", target.layout.timeWait))
    XCTAssertEqual(timeWait.status, 0, timeWait.stderr)
    XCTAssertEqual(timeWait.stdout.split(separator: "\n").filter { $0.hasPrefix("killed  TIME_WAIT") }.count, 3)
    XCTAssertTrue(timeWait.stdout.hasSuffix("killed 3 of 3 sockets\n"), timeWait.stdout)
    XCTAssertEqual(try SS.count(port: target.port, state: "TIME-WAIT"), 0)
    XCTAssertEqual(try SS.count(port: target.port, state: "ESTAB"), 4, "established ones were not asked for")

    let clients = try CLI.run(
      ["kill", "--state", "established", "--src", "127.0.0.1", "--dport", "\(target.port)", "--yes", "--json"]
        + ports("--sport", target.layout.established.map { $0[0] }))
    XCTAssertEqual(clients.status, 0, clients.stderr)
    let report = try JSONSerialization.jsonObject(with: Data(clients.stdout.utf8)) as? [String: Any]
    XCTAssertEqual(report?["killed"] as? Int, 2, clients.stdout)
    XCTAssertEqual(report?["failed"] as? Int, 0)
    let killedPorts = (report?["sockets"] as? [[String: Any]])?.compactMap {
      ($0["socket"] as? [String: Any])?["local_port"] as? Int
    }
    XCTAssertEqual(Set(killedPorts ?? []), Set(target.layout.established.map { Int($0[0]) }), "the client sides")
    XCTAssertEqual(try SS.count(port: target.port, state: "ESTAB"), 0, "the server sides were reset")

    let listener = try CLI.run(["kill", "-l", "--sport", "\(target.port)", "--src", "127.0.0.1", "--yes"])
    XCTAssertEqual(listener.status, 0, listener.stderr)
    XCTAssertTrue(listener.stdout.hasPrefix("killed  LISTEN"), listener.stdout)
    XCTAssertEqual(try SS.sockets(port: target.port), [])
    XCTAssertEqual(try SS.sockets(port: bystander.port).sorted(), untouched, "the other holder's sockets")
  }

  /// Request sockets (SYN_RECV behind a TCP_DEFER_ACCEPT listener) are killed too.
  func testRequestSocketsAreKilled() throws {
    let holder = try SocketHolder(established: 0, timeWait: 0, synRecv: 2)
    defer { holder.stop() }
    let port = holder.layout.deferredPort
    XCTAssertEqual(try SS.count(port: port, state: "SYN-RECV"), 2)
    let result = try CLI.run(["kill", "--state", "syn-recv", "--sport", "\(port)", "--src", "127.0.0.1", "--yes"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stdout.split(separator: "\n").filter { $0.hasPrefix("killed  SYN_RECV") }.count, 2)
    XCTAssertEqual(try SS.count(port: port, state: "SYN-RECV"), 0)
    XCTAssertEqual(try SS.count(port: port, state: "LISTEN"), 1, "the listener was not asked for")
  }

  /// IPv6 on ::1, and a dual-stack listener on [::] with an IPv4 client seen as ::ffff:127.0.0.1.
  func testIPv6AndV4MappedSocketsAreKilled() throws {
    let script = """
      import socket, sys
      l = socket.socket(socket.AF_INET6); l.bind(("::1", 0)); l.listen(8); p = l.getsockname()[1]
      c = socket.create_connection(("::1", p)); s, _ = l.accept()
      d = socket.socket(socket.AF_INET6); d.bind(("::", 0)); d.listen(4); q = d.getsockname()[1]
      m = socket.create_connection(("127.0.0.1", q)); n, _ = d.accept()
      print(p, q, m.getsockname()[1], flush=True); sys.stdin.read()
      """
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    child.arguments = ["-c", script]
    let input = Pipe()
    let output = Pipe()
    child.standardInput = input
    child.standardOutput = output
    try child.run()
    defer {
      try? input.fileHandleForWriting.close()
      child.waitUntilExit()
    }
    var line = ""
    while !line.hasSuffix("\n") {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard !byte.isEmpty else { break }
      line += String(decoding: byte, as: UTF8.self)
    }
    let ports = line.split(separator: " ").compactMap { UInt16($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    XCTAssertEqual(ports.count, 3, line)
    let (v6, dual, v4Client) = (ports[0], ports[1], ports[2])
    // ::1 is ours alone; the dual-stack listener's IPv6 side is every IPv6 socket with its local port.
    let onV6 = try CLI.run(["kill", "--src", "::1", "--port", "\(v6)", "--yes"])
    XCTAssertEqual(onV6.status, 0, onV6.stderr)
    XCTAssertTrue(onV6.stdout.contains("killed  LISTEN      [::1]:\(v6)"), onV6.stdout)
    XCTAssertTrue(onV6.stdout.hasSuffix("killed 2 of 3 sockets: 1 already closed\n"), onV6.stdout)
    let mapped = try CLI.run(["kill", "-6", "--sport", "\(dual)", "--yes"])
    XCTAssertEqual(mapped.status, 0, mapped.stderr)
    XCTAssertTrue(mapped.stdout.contains("LISTEN      [::]:\(dual)"), mapped.stdout)
    XCTAssertTrue(mapped.stdout.contains("[::ffff:127.0.0.1]:\(dual)"), mapped.stdout)
    XCTAssertTrue(mapped.stdout.hasSuffix("killed 2 of 2 sockets\n"), mapped.stdout)
    let client = try CLI.run(
      ["kill", "-4", "--src", "127.0.0.1", "--sport", "\(v4Client)", "--dport", "\(dual)", "--dry-run", "-H"])
    XCTAssertEqual(client.stdout, "", "the IPv4 client was reset with its server side: \(client.stdout)")
  }

  /// The leak doctor warns about: CLOSE_WAIT sockets their owner never closes.
  func testCloseWaitSocketsAreKilled() throws {
    let holder = try SocketHolder(established: 1, timeWait: 0, closeWait: 3)
    defer { holder.stop() }
    XCTAssertEqual(try SS.count(port: holder.port, state: "CLOSE-WAIT"), 3)
    let result = try CLI.run(
      ["kill", "--state", "close-wait", "--src", "127.0.0.1", "--sport", "\(holder.port)", "--yes"]
        + ports("--dport", holder.layout.closeWait))
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.hasSuffix("killed 3 of 3 sockets\n"), result.stdout)
    XCTAssertEqual(try SS.count(port: holder.port, state: "CLOSE-WAIT"), 0)
    XCTAssertEqual(try SS.count(port: holder.port, state: "ESTAB"), 2, "the established pair is untouched")
  }

  /// A fake SSH_CONNECTION naming one of the test's connections: its server
  /// side is skipped and said so, the other connection's is killed; --force kills it.
  func testTheSSHSessionIsSkippedUnlessForced() throws {
    let holder = try SocketHolder(established: 2, timeWait: 0)
    defer { holder.stop() }
    let session = holder.layout.established[0]
    let other = holder.layout.established[1]
    let environment = ["SSH_CONNECTION": "127.0.0.1 \(session[0]) 127.0.0.1 \(session[1])"]
    let guarded = try CLI.run(
      ["kill", "--state", "established", "--src", "127.0.0.1", "--sport", "\(holder.port)", "--yes"]
        + ports("--dport", [session[0], other[0]]), environment: environment)
    XCTAssertEqual(guarded.status, 0, guarded.stderr)
    XCTAssertTrue(guarded.stderr.contains("SSH session"), guarded.stderr)
    XCTAssertTrue(guarded.stderr.contains("127.0.0.1:\(session[0])"), guarded.stderr)
    XCTAssertTrue(guarded.stdout.contains("killed 1 of 1 socket: 1 skipped"), guarded.stdout)
    let after = try SS.sockets(port: holder.port)
    XCTAssertTrue(after.contains("ESTAB 127.0.0.1:\(holder.port) 127.0.0.1:\(session[0])"), "\(after)")
    XCTAssertFalse(after.contains { $0.contains(":\(other[0])") }, "the other connection is gone: \(after)")

    let forced = try CLI.run(
      ["kill", "--state", "established", "--src", "127.0.0.1", "--sport", "\(holder.port)", "--yes", "--force"]
        + ports("--dport", [session[0], other[0]]), environment: environment)
    XCTAssertEqual(forced.status, 0, forced.stderr)
    XCTAssertTrue(forced.stdout.contains("killed 1 of 1 socket\n"), forced.stdout)
    XCTAssertEqual(try SS.count(port: holder.port, state: "ESTAB"), 0)
  }

  /// Sockets held by this test process, the parent of the tcpstate it runs,
  /// belong to kill's own process chain.
  func testSocketsOfTheOwnProcessChainAreSkipped() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 4)
    defer { close(listener) }
    let result = try CLI.run(["kill", "-l", "--sport", "\(port)", "--src", "127.0.0.1", "--yes"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stderr.contains("held by"), result.stderr)
    XCTAssertTrue(result.stderr.contains("[\(getpid())], which this kill runs under"), result.stderr)
    XCTAssertEqual(try SS.count(port: port, state: "LISTEN"), 1, "still listening")
  }

  func testWithoutCapNetAdminExits77AndKillsNothing() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv")
    let holder = try SocketHolder(established: 1, timeWait: 1)
    defer { holder.stop() }
    let before = try SS.sockets(port: holder.port)
    let refused = try CLI.run([], shell: "\(asNobody) kill -l --sport \(holder.port) --src 127.0.0.1 --yes")
    XCTAssertEqual(refused.status, 77, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("CAP_NET_ADMIN"), refused.stderr)
    XCTAssertEqual(try SS.sockets(port: holder.port).sorted(), before.sorted())
    let dryRun = try CLI.run([], shell: "\(asNobody) kill --port \(holder.port) --dry-run -H")
    XCTAssertEqual(dryRun.status, 0, "a dry run needs no privilege: \(dryRun.stderr)")
    XCTAssertEqual(dryRun.stdout.split(separator: "\n").count, before.count)
  }
}
