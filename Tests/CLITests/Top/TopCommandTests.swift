import Foundation
import Glibc
import XCTest

/// `tcpstate top` in a real terminal (tmux) against the test's own loopback
/// connections, and `--batch` without one.
final class TopCommandTests: XCTestCase {
  /// The rows under the column titles, split into fields.
  static func rows(_ screen: String) -> [[String]] {
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let titles = lines.firstIndex(where: { $0.hasPrefix("State ") || $0.hasPrefix("Local Address") }) else {
      return []
    }
    return lines[(titles + 1)...].map { $0.split(separator: " ").map(String.init) }.filter {
      $0.count > 2 && $0[1].hasPrefix("127.0.0.1:") || $0.first?.hasPrefix("127.0.0.1:") == true
    }
  }

  static func hasRate(_ cell: String) -> Bool {
    cell.range(of: #"^[0-9.]+[KMG]$"#, options: .regularExpression) != nil
  }

  /// A script that runs a command between two `stty -a` readings and prints
  /// `NAME-exit=STATUS`. stty runs in this non-interactive sh, not in the tmux
  /// session's bash: bash restores the tty itself after a foreground job dies,
  /// which would hide a program that did not (checked: a SIGKILLed top leaves
  /// -icrnl and -echo behind here, but not under bash).
  static func runner(in directory: URL) throws -> String {
    let path = directory.appendingPathComponent("run.sh").path
    let script = """
      #!/bin/sh
      dir=$1; name=$2; shift 2
      # Ctrl-C goes to the whole foreground group: survive it (a caught signal
      # is reset by exec, so the command still gets the default action).
      trap : INT
      stty -a > "$dir/$name.before"
      sh -c 'echo $$ > "$0"; exec "$@"' "$dir/$name.pid" "$@"
      status=$?
      stty -a > "$dir/$name.after"
      echo "$name-exit=$status"

      """
    try script.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
  }

  func testFullScreenSortsFiltersShowsDetailsListenersResizesAndGivesTheTerminalBack() throws {
    let flows = try LoopbackFlows()
    defer { flows.close() }
    let terminal = try TmuxTerminal(width: 160, height: 45)
    let directory = try Repo.temporaryDirectory(self)
    let port = flows.port
    let busy = "127.0.0.1:\(flows.busyClientPort)"
    let listener = "127.0.0.1:\(port)"
    let runner = try Self.runner(in: directory)
    try terminal.type(
      "\(runner) \(directory.path) q '\(CLI.binary.path)' top --port \(port) --src 127.0.0.1 -d 0.3")
    try terminal.send("Enter")

    // Default order: send rate, largest first, so the busy client leads with a non-blank rate.
    var screen = try terminal.wait { screen in
      let rows = Self.rows(screen)
      return rows.first?[1] == busy && rows.first.map { Self.hasRate($0[3]) } == true
    }
    var rows = Self.rows(screen)
    XCTAssertEqual(rows.first?[1], busy, screen)
    XCTAssertTrue(rows.first.map { Self.hasRate($0[3]) } ?? false, "the busy connection has a send rate:\n\(screen)")
    XCTAssertEqual(rows.count, 6, "three connections, both ends each:\n\(screen)")

    // R sorts by receive rate: the busy connection's server side comes first.
    try terminal.send("R")
    screen = try terminal.wait { Self.rows($0).first?[1] == listener && Self.rows($0).first?[2] == busy }
    rows = Self.rows(screen)
    XCTAssertEqual(rows.first?[1], listener, screen)
    XCTAssertEqual(rows.first?[2], busy, screen)
    XCTAssertTrue(screen.contains("sorted by Recv/s"), screen)

    // Resize: smaller shows fewer rows, larger brings them back (a redraw, not a stale screen).
    try terminal.resize(width: 120, height: 9)
    screen = try terminal.wait { Self.rows($0).count == 1 }
    XCTAssertEqual(Self.rows(screen).count, 1, "9 lines: header, titles, one row, prompt line:\n\(screen)")
    try terminal.resize(width: 160, height: 45)
    screen = try terminal.wait { Self.rows($0).count == 6 }
    XCTAssertEqual(Self.rows(screen).count, 6, screen)
    XCTAssertTrue(screen.hasPrefix("tcpstate top"), screen)

    // The / prompt takes list's words: only the client ends (peer port = the listener's).
    try terminal.send("/")
    try terminal.type("dport \(port)")
    try terminal.send("Enter")
    screen = try terminal.wait { Self.rows($0).count == 3 }
    rows = Self.rows(screen)
    XCTAssertEqual(rows.count, 3, screen)
    XCTAssertTrue(rows.allSatisfy { $0[2] == listener }, screen)
    XCTAssertTrue(screen.contains("filter: dport \(port)"), screen)

    // Enter: the selected connection's details, tcp_info included.
    try terminal.send("Enter")
    screen = try terminal.wait { $0.contains("tcp_info:") }
    XCTAssertTrue(screen.contains("tcp_info:"), screen)
    XCTAssertTrue(screen.contains("bytes_acked:") || screen.contains("rtt:"), screen)
    XCTAssertTrue(screen.contains("memory: skmem:(r"), screen)
    XCTAssertTrue(screen.contains("More: tcpstate explain ESTABLISHED"), screen)
    try terminal.send("Escape")
    screen = try terminal.wait { !$0.contains("tcp_info:") }
    XCTAssertFalse(screen.contains("tcp_info:"), screen)

    // An empty filter clears it; l: the listener with its accept queue (one connection never accepted, backlog 8).
    try terminal.send("/")
    try terminal.run(["send-keys"] + Array(repeating: "BSpace", count: 20) + ["Enter"])
    screen = try terminal.wait { Self.rows($0).count == 6 }
    try terminal.send("l")
    screen = try terminal.wait { $0.contains("Accept-Q") }
    let line = screen.split(separator: "\n").first { $0.hasPrefix(listener + " ") }.map(String.init) ?? ""
    XCTAssertEqual(line.split(separator: " ").prefix(3).map(String.init), [listener, "1", "8"], screen)
    XCTAssertTrue(line.contains("[###                 ]  13%"), line)

    // q: back at the shell with the terminal exactly as it was.
    try terminal.send("q")
    screen = try terminal.wait { $0.contains("q-exit=") }
    XCTAssertTrue(screen.contains("q-exit=0"), screen)
    try assertSameTerminal(directory, name: "q", screen: screen)
  }

  /// Compares the two `stty -a` readings the runner took around run `name`.
  func assertSameTerminal(_ directory: URL, name: String, screen: String) throws {
    let was = try String(contentsOf: directory.appendingPathComponent("\(name).before"), encoding: .utf8)
    let now = try String(contentsOf: directory.appendingPathComponent("\(name).after"), encoding: .utf8)
    XCTAssertTrue(was.contains("speed"), was)
    XCTAssertEqual(was, now, "stty -a changed:\n\(screen)")
  }

  func testSigtermSighupAndCtrlCRestoreTheTerminal() throws {
    let flows = try LoopbackFlows()
    defer { flows.close() }
    let terminal = try TmuxTerminal(width: 160, height: 45)
    let directory = try Repo.temporaryDirectory(self)
    let runner = try Self.runner(in: directory)
    let top = "'\(CLI.binary.path)' top --port \(flows.port) --src 127.0.0.1 -d 0.3"
    try terminal.type("\(runner) \(directory.path) t \(top)")
    try terminal.send("Enter")
    var screen = try terminal.wait { $0.hasPrefix("tcpstate top") }
    XCTAssertTrue(screen.hasPrefix("tcpstate top"), screen)
    let pidText = try String(contentsOf: directory.appendingPathComponent("t.pid"), encoding: .utf8)
    let pid = try XCTUnwrap(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
    XCTAssertEqual(kill(pid, SIGTERM), 0)
    screen = try terminal.wait { $0.contains("t-exit=") }
    XCTAssertTrue(screen.contains("t-exit=143"), "killed by SIGTERM, as without top's handler:\n\(screen)")
    try assertSameTerminal(directory, name: "t", screen: screen)

    try terminal.type("clear; \(runner) \(directory.path) h \(top)")
    try terminal.send("Enter")
    screen = try terminal.wait { $0.hasPrefix("tcpstate top") }
    let hupText = try String(contentsOf: directory.appendingPathComponent("h.pid"), encoding: .utf8)
    XCTAssertEqual(kill(try XCTUnwrap(Int32(hupText.trimmingCharacters(in: .whitespacesAndNewlines))), SIGHUP), 0)
    screen = try terminal.wait { $0.contains("h-exit=") }
    XCTAssertTrue(screen.contains("h-exit=129"), screen)
    try assertSameTerminal(directory, name: "h", screen: screen)

    try terminal.type("clear; \(runner) \(directory.path) c \(top)")
    try terminal.send("Enter")
    screen = try terminal.wait { $0.hasPrefix("tcpstate top") }
    try terminal.send("C-c")
    screen = try terminal.wait { $0.contains("c-exit=") }
    XCTAssertTrue(screen.contains("c-exit=0"), screen)
    try assertSameTerminal(directory, name: "c", screen: screen)
  }

  /// The pty closes (the tmux server, an SSH connection dies) and no SIGHUP
  /// reaches top: it runs in a session of its own here, as behind a shell
  /// that takes the hang-up itself. It must notice and end, not spin on a
  /// terminal that only says end-of-file (found orphaned at 20% CPU each).
  func testTopEndsWhenItsTerminalGoesAwayWithoutASighup() throws {
    let terminal = try TmuxTerminal(width: 120, height: 30)
    let directory = try Repo.temporaryDirectory(self)
    let pidFile = directory.appendingPathComponent("top.pid").path
    try terminal.type("setsid sh -c 'echo $$ > \(pidFile); exec \"$0\" top -d 0.3' '\(CLI.binary.path)'")
    try terminal.send("Enter")
    let screen = try terminal.wait { $0.hasPrefix("tcpstate top") }
    XCTAssertTrue(screen.hasPrefix("tcpstate top"), screen)
    let pidText = try String(contentsOfFile: pidFile, encoding: .utf8)
    let pid = try XCTUnwrap(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
    try terminal.run(["kill-server"])
    func running() -> Bool {
      guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
      // A zombie has ended; init reaps it.
      return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
    }
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline && running() { usleep(50_000) }
    XCTAssertFalse(running(), "top still runs on a closed terminal")
    if running() { kill(pid, SIGKILL) }
  }

  func testColourOnlyWithoutNoColor() throws {
    let flows = try LoopbackFlows()
    defer { flows.close() }
    for noColor in [false, true] {
      let terminal = try TmuxTerminal(width: 160, height: 20, environment: noColor ? ["NO_COLOR=1"] : [])
      try terminal.type("'\(CLI.binary.path)' top --port \(flows.port) --src 127.0.0.1 -d 0.3")
      try terminal.send("Enter")
      let screen = try terminal.wait(escapes: true) { $0.contains("Local Address") }
      // The column titles are cyan (SGR 36) when colour is on.
      XCTAssertEqual(screen.contains("36m"), !noColor, "NO_COLOR \(noColor):\n\(screen)")
      try terminal.send("q")
    }
  }

  func testBatchPrintsFramesWithRatesAndJSONWithoutATerminal() throws {
    let flows = try LoopbackFlows()
    defer { flows.close() }
    let filter = ["--port", "\(flows.port)", "--src", "127.0.0.1", "-d", "0.3"]
    let text = try CLI.run(["top", "--batch", "-n", "2"] + filter)
    XCTAssertEqual(text.status, 0, text.stderr)
    let frames = text.stdout.components(separatedBy: "\n\n").filter { !$0.isEmpty }
    XCTAssertEqual(frames.count, 2, text.stdout)
    let busy = "127.0.0.1:\(flows.busyClientPort)"
    let fields =
      frames.last?.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
      .first { $0.count > 3 && $0[1] == busy } ?? []
    XCTAssertTrue(
      fields.count > 3 && Self.hasRate(fields[3]), "the busy client has a send rate in batch mode too:\n\(text.stdout)")

    let json = try CLI.run(["top", "--batch", "--json", "-n", "1"] + filter)
    XCTAssertEqual(json.status, 0, json.stderr)
    let lines = json.stdout.split(separator: "\n")
    XCTAssertEqual(lines.count, 1)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
    XCTAssertEqual(rows.count, 6)
    let client = rows.first { ($0["local_port"] as? Int) == Int(flows.busyClientPort) }
    XCTAssertGreaterThan((client?["send_bytes_per_s"] as? Double) ?? 0, 0, json.stdout)
    XCTAssertNotNil(object["counters_per_s"] as? [String: Any])

    let refused = try CLI.run(["top"] + filter)
    XCTAssertEqual(refused.status, 64)
    XCTAssertTrue(refused.stderr.contains("--batch"), refused.stderr)
    let badSort = try CLI.run(["top", "--batch", "--sort", "speed"])
    XCTAssertEqual(badSort.status, 64)
    let badWord = try CLI.run(["top", "--batch", "prot", "80"])
    XCTAssertEqual(badWord.status, 64)
    XCTAssertTrue(badWord.stderr.contains("unknown filter word 'prot'"), badWord.stderr)
  }
}
