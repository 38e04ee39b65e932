import Foundation
import Glibc
import XCTest

/// On a terminal kill asks, with the count, and only a yes kills. Driven in
/// tmux (a private server per test, so other tmux users are not touched).
final class KillConfirmationTests: XCTestCase {
  let server = "tcpstate-kill-\(UInt32.random(in: 0...UInt32.max))"

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "SOCK_DESTROY needs CAP_NET_ADMIN")
    try XCTSkipUnless(Repo.tool("tmux") != nil, "needs tmux")
  }

  override func tearDown() {
    _ = try? tmux(["kill-server"])
  }

  /// A tmux command that may start the server: spawned with /dev/null for its
  /// descriptors, since the daemon it leaves would hold a pipe open.
  @discardableResult
  func tmux(_ arguments: [String]) throws -> Int32 {
    try Repo.spawnAndWait(Repo.tool("tmux")!, ["-L", server] + arguments)
  }

  func screen() throws -> String {
    try Repo.run(Repo.tool("tmux")!, ["-L", server, "capture-pane", "-p"]).stdout
  }

  /// Runs `kill` in a new tmux window, waits for the question, answers, and returns the screen.
  func answer(_ reply: String, port: UInt16) throws -> String {
    let command = "'\(CLI.binary.path)' kill -l --sport \(port) --src 127.0.0.1; echo EXIT=$?; sleep 60"
    try tmux(["new-session", "-d", "-x", "160", "-y", "45", command])
    var screen = ""
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline && !screen.contains("[y/N]") {
      usleep(50_000)
      screen = try self.screen()
    }
    XCTAssertTrue(screen.contains("Kill 1 socket? [y/N]"), screen)
    try tmux(["send-keys", reply, "Enter"])
    while Date() < deadline && !screen.contains("EXIT=") {
      usleep(50_000)
      screen = try self.screen()
    }
    try tmux(["kill-server"])
    return screen
  }

  func testOnlyAYesKills() throws {
    let holder = try SocketHolder(established: 1, timeWait: 0)
    defer { holder.stop() }
    let before = try SS.sockets(port: holder.port)
    XCTAssertEqual(before.count, 3)

    let declined = try answer("n", port: holder.port)
    XCTAssertTrue(declined.contains("nothing killed"), declined)
    XCTAssertTrue(declined.contains("EXIT=1"), declined)
    XCTAssertEqual(try SS.sockets(port: holder.port).sorted(), before.sorted())

    let accepted = try answer("y", port: holder.port)
    XCTAssertTrue(accepted.contains("killed  LISTEN"), accepted)
    XCTAssertTrue(accepted.contains("EXIT=0"), accepted)
    XCTAssertEqual(try SS.count(port: holder.port, state: "LISTEN"), 0)
  }
}
