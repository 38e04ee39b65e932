import Foundation
import Glibc
import XCTest

/// The generated completion scripts, loaded into real shells.
final class CompletionTests: XCTestCase {
  /// Loads completions/tcpstate.bash into bash and asks the function it
  /// registered with `complete -F` for the words bash would offer at the end
  /// of `line`, exactly as bash calls it on <TAB> (COMP_* set, then
  /// `function command current previous`).
  func bashCompletions(_ line: String) throws -> [String] {
    let script = """
      source "$1" || exit 3
      spec=$(complete -p tcpstate) || exit 4
      function=${spec##*-F }; function=${function%% *}
      COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
      read -ra COMP_WORDS <<<"$COMP_LINE"
      [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
      "$function" tcpstate "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let bash = try XCTUnwrap(Repo.tool("bash"))
    let result = try Repo.run(bash, ["--norc", "-c", script, "bash", Repo.path("completions/tcpstate.bash"), line])
    XCTAssertEqual(result.status, 0, "\(line): \(result.stderr)")
    XCTAssertEqual(result.stderr, "", line)
    return result.stdout.split(separator: "\n").map(String.init)
  }

  func testBashCompletesStatesTopicsTunablesAndValues() throws {
    XCTAssertEqual(try bashCompletions("tcpstate explain TIME"), ["TIME_WAIT"])
    XCTAssertEqual(try bashCompletions("tcpstate exp"), ["explain", "exporter"])
    XCTAssertEqual(try bashCompletions("tcpstate expl"), ["explain"])
    XCTAssertEqual(try bashCompletions("tcpstate explain hand"), ["handshake"])
    XCTAssertTrue(try bashCompletions("tcpstate explain tcp_fin").contains("tcp_fin_timeout"))
    XCTAssertEqual(try bashCompletions("tcpstate list --state CLOSE_"), ["CLOSE_WAIT"])
    XCTAssertEqual(try bashCompletions("tcpstate watch -S sync"), ["synchronized"])
    XCTAssertEqual(try bashCompletions("tcpstate list --state b").sorted(), ["big", "bucket"])
    XCTAssertFalse(try bashCompletions("tcpstate doctor --").contains("--state"), "doctor takes no state filter")
    XCTAssertTrue(try bashCompletions("tcpstate doctor --").contains("--sport"))
    XCTAssertEqual(try bashCompletions("tcpstate explain --lang "), ["en", "zh"])
    XCTAssertEqual(try bashCompletions("tcpstate watch --source "), ["auto", "tracefs", "perf", "poll"])
    XCTAssertEqual(try bashCompletions("tcpstate diagram --format "), ["text", "dot", "mermaid"])
    XCTAssertTrue(try bashCompletions("tcpstate list --").contains("--process"))
  }

  /// The whole path a user takes: an interactive bash in a terminal (tmux,
  /// on a private server socket), the script sourced, <TAB> pressed.
  func testBashCompletesOnTabInATerminal() throws {
    guard let tmux = Repo.tool("tmux") else { throw XCTSkip("tmux is not installed (make deps-check)") }
    let server = "tcpstate-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    func tmuxRun(_ arguments: [String]) throws -> CLIResult { try Repo.run(tmux, ["-L", server] + arguments) }
    // The server outlives this command, so it is spawned and reaped here
    // rather than through Foundation's Process, whose exit watch the server
    // would inherit and hold open.
    let status = try Repo.spawnAndWait(
      tmux,
      [
        "-L", server, "-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "20", "-c", Repo.root.path,
        "env -i HOME=/tmp TERM=xterm PATH=/usr/bin:/bin bash --norc --noprofile",
      ])
    XCTAssertEqual(status, 0)
    defer { _ = try? tmuxRun(["kill-server"]) }
    _ = try tmuxRun(["send-keys", "PS1='$ '; source completions/tcpstate.bash", "Enter"])
    _ = try tmuxRun(["send-keys", "tcpstate explain TIME", "Tab"])
    var screen = ""
    for _ in 0..<50 {
      screen = try tmuxRun(["capture-pane", "-p"]).stdout
      if screen.contains("$ tcpstate explain TIME_WAIT") { break }
      usleep(100_000)
    }
    XCTAssertTrue(screen.contains("$ tcpstate explain TIME_WAIT"), screen)
  }

  func testZshScriptParses() throws {
    guard let zsh = Repo.tool("zsh") else { throw XCTSkip("zsh is not installed (make deps-check)") }
    let result = try Repo.run(zsh, ["-n", Repo.path("completions/_tcpstate")])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stderr, "")
  }

  func testFishScriptParsesAndCompletes() throws {
    guard let fish = Repo.tool("fish") else { throw XCTSkip("fish is not installed (make deps-check)") }
    let script = Repo.path("completions/tcpstate.fish")
    let check = try Repo.run(fish, ["--no-execute", script])
    XCTAssertEqual(check.status, 0, check.stderr)
    XCTAssertEqual(check.stderr, "")
    // fish's own completion engine, as on <TAB>; each line is "word<TAB>description".
    let result = try Repo.run(
      fish,
      [
        "--no-config", "-c",
        "source $argv[1]; complete -C 'tcpstate explain TIME'; complete -C 'tcpstate explain --lang '", script,
      ])
    XCTAssertEqual(result.status, 0, result.stderr)
    let words = result.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
    XCTAssertEqual(words, ["TIME_WAIT", "en", "zh"])
  }
}
