import TCPStateKit
import TCPStateModel
import XCTest

final class KillPolicyTests: XCTestCase {
  func socket(_ local: String, _ localPort: UInt16, _ peer: String, _ peerPort: UInt16, inode: UInt32 = 0) -> Socket {
    var socket = Socket(
      family: local.contains(":") ? .inet6 : .inet, state: .established,
      local: Endpoint(address: IPAddress(local)!, port: localPort),
      peer: Endpoint(address: IPAddress(peer)!, port: peerPort))
    socket.inode = inode
    return socket
  }

  func refusal(_ request: KillPolicy.Request) -> TCPStateError? {
    do {
      try KillPolicy.check(request)
      return nil
    } catch {
      return error
    }
  }

  func testNoFilterNoKill() {
    var request = KillPolicy.Request(hasFilter: false)
    request.yes = true
    let error = refusal(request)
    XCTAssertEqual(error?.exitCode, 64)
    XCTAssertEqual(error?.message, "kill needs a filter; to kill everything say so with --all")
    request.all = true
    XCTAssertNil(refusal(request), "--all is the explicit way to say everything")
    request.hasFilter = true
    XCTAssertEqual(refusal(request)?.exitCode, 64, "--all with a filter is contradictory")
  }

  func testWithoutATerminalYesIsRequiredButNotForADryRun() {
    var request = KillPolicy.Request(hasFilter: true)
    XCTAssertTrue(refusal(request)?.message.contains("--yes") ?? false)
    request.dryRun = true
    XCTAssertNil(refusal(request))
    request.dryRun = false
    request.interactive = true
    XCTAssertNil(refusal(request), "a terminal can be asked")
    XCTAssertTrue(KillPolicy.needsConfirmation(request, targets: 3))
    XCTAssertFalse(KillPolicy.needsConfirmation(request, targets: 0), "nothing to kill, nothing to ask")
    request.yes = true
    XCTAssertFalse(KillPolicy.needsConfirmation(request, targets: 3))
  }

  func testPromptAndAnswers() {
    XCTAssertEqual(KillPolicy.prompt(targets: 1), "Kill 1 socket? [y/N] ")
    XCTAssertEqual(KillPolicy.prompt(targets: 5000), "Kill 5000 sockets? [y/N] ")
    for yes in ["y", "Y", "yes", " YES \n"] { XCTAssertTrue(KillPolicy.isConfirmed(yes), yes) }
    for no in [nil, "", "n", "no", "yess", "y y", "ja"] { XCTAssertFalse(KillPolicy.isConfirmed(no), "\(no ?? "EOF")") }
  }

  func testTheSSHSessionIsSkippedUnlessForced() throws {
    let session = try XCTUnwrap(SSHConnection.parse("192.0.2.7 50022 127.0.0.1 22"))
    let ssh = socket("127.0.0.1", 22, "192.0.2.7", 50022)
    let otherClient = socket("127.0.0.1", 22, "192.0.2.7", 50023)
    let reversed = socket("192.0.2.7", 50022, "127.0.0.1", 22)
    let plan = KillPolicy.plan([ssh, otherClient, reversed], session: session, ownSockets: [:], force: false)
    XCTAssertEqual(plan.targets.map(\.peer.port), [50023, 22], "only the session's own direction is protected")
    XCTAssertEqual(plan.protected.map(\.why), [.sshSession])
    let forced = KillPolicy.plan([ssh, otherClient], session: session, ownSockets: [:], force: true)
    XCTAssertEqual(forced.targets.count, 2)
    XCTAssertTrue(forced.protected.isEmpty)
  }

  /// sshd on [::] sees an IPv4 client as ::ffff:a.b.c.d but writes the plain address.
  func testTheSSHSessionIsFoundThroughAV4MappedSocket() throws {
    let session = try XCTUnwrap(SSHConnection.parse("198.51.100.4 40000 198.51.100.1 22"))
    XCTAssertTrue(session.carries(socket("::ffff:198.51.100.1", 22, "::ffff:198.51.100.4", 40000)))
    XCTAssertFalse(session.carries(socket("::ffff:198.51.100.1", 22, "::ffff:198.51.100.5", 40000)))
    let v6 = try XCTUnwrap(SSHConnection.parse("2001:db8::2 40000 2001:db8::1 2222"))
    XCTAssertTrue(v6.carries(socket("2001:db8::1", 2222, "2001:db8::2", 40000)))
  }

  func testMangledSSHConnectionProtectsNothingRatherThanEverything() {
    for text in ["", "1.2.3.4 22", "a b c d", "1.2.3.4 99999 5.6.7.8 22", "1.2.3.4 1 5.6.7.8 22 extra"] {
      XCTAssertNil(SSHConnection.parse(text), text)
    }
  }

  func testSocketsOfTheOwnProcessChainAreSkipped() {
    let held = socket("127.0.0.1", 5000, "127.0.0.1", 6000, inode: 4242)
    let other = socket("127.0.0.1", 5001, "127.0.0.1", 6001, inode: 4343)
    let timeWait = socket("127.0.0.1", 5002, "127.0.0.1", 6002, inode: 0)
    let plan = KillPolicy.plan(
      [held, other, timeWait], session: nil, ownSockets: [4242: "tmux[77]", 0: "never"], force: false)
    XCTAssertEqual(plan.targets.map(\.inode), [4343, 0], "inode 0 (time-wait) belongs to nobody")
    XCTAssertEqual(plan.protected.first?.why, .ownProcess("tmux[77]"))
    XCTAssertEqual(plan.protected.first?.why.text, "held by tmux[77], which this kill runs under")
  }

  func testPrivilegeAndKernelSupportStopTheRunWithTheirExitCodes() {
    let permission = KillPolicy.fatalError(errno: 1, detail: "SOCK_DESTROY: Operation not permitted")
    XCTAssertEqual(permission?.exitCode, 77)
    XCTAssertTrue(permission?.message.contains("CAP_NET_ADMIN") ?? false)
    let unsupported = KillPolicy.fatalError(errno: 95, detail: "SOCK_DESTROY: Operation not supported")
    XCTAssertEqual(unsupported?.exitCode, 69)
    XCTAssertTrue(unsupported?.description.contains("CONFIG_INET_DIAG_DESTROY") ?? false)
    XCTAssertNil(KillPolicy.fatalError(errno: 2, detail: "ENOENT is per socket"))
  }

  func testReportCountsAndExitCode() {
    var report = KillReport()
    let a = socket("127.0.0.1", 1, "127.0.0.1", 2)
    report.add(a, .killed)
    report.add(a, .gone)
    report.add(a, .protected(.sshSession))
    XCTAssertEqual(report.exitCode, 0, "gone and protected are not failures")
    XCTAssertEqual(report.summary, "killed 1 of 2 sockets: 1 already closed, 1 skipped (protected; --force kills them)")
    report.add(a, .failed("SYN_SENT: Invalid argument"))
    XCTAssertEqual(report.exitCode, 1)
    XCTAssertTrue(report.summary.contains("1 failed"))
    XCTAssertEqual(
      KillReport.line(a, .failed("SYN_SENT: Invalid argument")),
      "failed  ESTABLISHED 127.0.0.1:1           127.0.0.1:2  (SYN_SENT: Invalid argument)")
    let json = report.json(options: ListOptions())
    XCTAssertTrue(json.hasPrefix("{\"sockets\":[{\"result\":\"killed\",\"socket\":{\"family\":\"inet\""), json)
    XCTAssertTrue(json.hasSuffix("\"killed\":1,\"gone\":1,\"failed\":1,\"skipped\":1}\n"), json)
    XCTAssertTrue(json.contains("\"result\":\"skipped\",\"reason\":\"the SSH session"), json)
  }
}
