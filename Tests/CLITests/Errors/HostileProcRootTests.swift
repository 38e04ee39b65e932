import Foundation
import Glibc
import XCTest

/// `--proc-root` trees an adversary (or a broken future kernel) could hand
/// to doctor, explain and tunables: FIFOs, devices, huge and out-of-range
/// values, control characters, garbage counter files. Every run is bounded
/// by `timeout 20`, so a hang fails as exit 124 instead of hanging the suite.
final class HostileProcRootTests: XCTestCase {
  /// A fake /proc: the recorded counters and tunables, with `changes` applied.
  func fakeProc(_ changes: [String: String] = [:]) throws -> String {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../TCPStateKitTests/Fixtures/proc").standardized
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tcpstate-hostile-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: fixtures, to: root)
    addTeardownBlock { try? FileManager.default.removeItem(at: root) }
    for (path, text) in changes {
      try Data(text.utf8).write(to: root.appendingPathComponent(path))
    }
    return root.path
  }

  /// Replaces a file of the tree by a FIFO nobody writes to.
  func makeFIFO(_ root: String, _ path: String) throws {
    let full = root + "/" + path
    unlink(full)
    XCTAssertEqual(mkfifo(full, 0o644), 0, String(cString: strerror(errno)))
  }

  /// `tcpstate ARGS` under `timeout 20`.
  func run(_ arguments: [String]) throws -> CLIResult {
    let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    return try CLI.run([], shell: "exec timeout 20 \"$TCPSTATE\" " + quoted.joined(separator: " "))
  }

  func testFIFOCounterFileIsSkippedAndSaid() throws {
    let root = try fakeProc()
    try makeFIFO(root, "net/snmp")
    let result = try run(["doctor", "--proc-root", root, "--interval", "0", "--port", "1"])
    XCTAssertNotEqual(result.status, 124, "doctor hung on a FIFO")
    XCTAssertTrue([0, 1, 2].contains(result.status), result.stderr)
    XCTAssertTrue(result.stderr.contains("\(root)/net/snmp"), result.stderr)
    XCTAssertTrue(result.stderr.contains("not a regular file"), result.stderr)
    XCTAssertEqual(
      result.stderr.components(separatedBy: "net/snmp").count - 1, 1, "said once: \(result.stderr)")
    // With two readings the file is still named once.
    let twice = try run(["doctor", "--proc-root", root, "--interval", "0.1", "--port", "1"])
    XCTAssertNotEqual(twice.status, 124)
    XCTAssertEqual(twice.stderr.components(separatedBy: "net/snmp").count - 1, 1, twice.stderr)
  }

  func testFIFOTunableIsSkippedAndSaid() throws {
    let root = try fakeProc()
    try makeFIFO(root, "sys/net/ipv4/tcp_fin_timeout")
    for arguments in [
      ["tunables", "--proc-root", root], ["explain", "tcp_fin_timeout", "--proc-root", root],
      ["explain", "FIN_WAIT2", "--proc-root", root], ["doctor", "--proc-root", root, "--interval", "0"],
    ] {
      let result = try run(arguments)
      XCTAssertNotEqual(result.status, 124, "\(arguments) hung on a FIFO")
      XCTAssertTrue([0, 1, 2].contains(result.status), "\(arguments): \(result.stderr)")
      XCTAssertEqual(
        result.stderr.components(separatedBy: "tcp_fin_timeout: not a regular file").count - 1, 1,
        "\(arguments): \(result.stderr)")
    }
    let tunables = try run(["tunables", "--proc-root", root])
    XCTAssertTrue(tunables.stdout.contains("(unreadable)"), tunables.stdout)
  }

  func testCharacterDeviceIsNotRead() throws {
    let root = try fakeProc()
    let path = root + "/sys/net/ipv4/tcp_syn_retries"
    unlink(path)
    XCTAssertEqual(symlink("/dev/zero", path), 0)
    let result = try run(["tunables", "--proc-root", root])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stderr.contains("tcp_syn_retries: not a regular file"), result.stderr)
  }

  /// These used to end in SIGILL (exit 132) or run on with memory growing.
  func testOutOfRangeTunablesAnswer() throws {
    for (name, value) in [
      ("tcp_fin_timeout", "9223372036854775807"), ("tcp_keepalive_time", "9223372036854775807"),
      ("tcp_retries2", "9223372036854775807"), ("tcp_syn_retries", "9223372036854775807"),
      ("tcp_keepalive_intvl", "-9223372036854775808"), ("tcp_syn_retries", "2147483647"),
      ("tcp_synack_retries", "2147483647"), ("tcp_syn_linear_timeouts", "2147483647"),
    ] {
      let root = try fakeProc(["sys/net/ipv4/\(name)": value + "\n"])
      for arguments in [
        ["tunables", "--proc-root", root], ["explain", name, "--proc-root", root],
      ] {
        let result = try run(arguments)
        XCTAssertEqual(result.status, 0, "\(name)=\(value) \(arguments): \(result.stderr)")
        XCTAssertTrue(result.stdout.contains(value), "\(name)=\(value)")
      }
    }
  }

  func testNegativeTunablesAreInvalidNotNegativeDurations() throws {
    let root = try fakeProc([
      "sys/net/ipv4/tcp_fin_timeout": "-5\n", "sys/net/ipv4/tcp_max_tw_buckets": "-1\n",
    ])
    let result = try run(["tunables", "--proc-root", root])
    XCTAssertEqual(result.status, 0, result.stderr)
    let text = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ")
    XCTAssertFalse(text.contains("after -5 s"), text)
    XCTAssertFalse(text.contains("Up to -1"), text)
    XCTAssertTrue(text.contains("-5 is not a valid value for tcp_fin_timeout"), text)
    XCTAssertTrue(text.contains("-1 is not a valid value for tcp_max_tw_buckets"), text)
  }

  func testNonexistentProcRootIsSaidNotToExist() throws {
    for command in [["tunables"], ["explain", "close"], ["doctor"], ["diagram"]] {
      let result = try run(command + ["--proc-root", "/nonexistent-tcpstate"])
      XCTAssertEqual(result.status, 64, "\(command)")
      XCTAssertTrue(result.stderr.contains("does not exist"), "\(command): \(result.stderr)")
    }
    let file = try run(["tunables", "--proc-root", "/etc/hostname"])
    XCTAssertEqual(file.status, 64)
    XCTAssertTrue(file.stderr.contains("is not a directory"), file.stderr)
  }

  /// ESC, BEL, CR and NL in a tunable reach neither tunables nor explain raw.
  func testControlCharactersInValuesAreEscaped() throws {
    let hostile = "\u{1b}[2J\u{1b}[31mPWNED\u{7}\r"
    let root = try fakeProc(["sys/net/ipv4/tcp_congestion_control": hostile + "\n"])
    for arguments in [
      ["tunables", "--proc-root", root], ["explain", "tcp_congestion_control", "--proc-root", root],
      ["explain", "ESTABLISHED", "--proc-root", root],
      ["doctor", "--proc-root", root, "--interval", "0"],
    ] {
      let result = try run(arguments + ["--color", "never"])
      XCTAssertTrue([0, 1, 2].contains(result.status), "\(arguments): \(result.stderr)")
      XCTAssertFalse(result.stdout.contains("\u{1b}"), "\(arguments): raw ESC in \(result.stdout)")
      XCTAssertFalse(result.stdout.contains("\u{7}"), "\(arguments)")
      XCTAssertFalse(result.stdout.contains("\r"), "\(arguments)")
      XCTAssertFalse(result.stderr.contains("\u{1b}"), "\(arguments)")
    }
    let tunables = try run(["tunables", "--proc-root", root])
    XCTAssertTrue(tunables.stdout.contains("\\x1b[2J\\x1b[31mPWNED\\a\\r"), tunables.stdout)
    // JSON keeps the value as it is (escaped the JSON way).
    let json = try run(["tunables", "--proc-root", root, "--json"])
    XCTAssertTrue(json.stdout.contains("\\u001b[2J"), json.stdout)
  }

  /// 4,000 garbage lines in net/netstat: a bounded number of notes and a count of the rest.
  func testGarbageCounterFileNotesAreCapped() throws {
    var garbage = ""
    for index in 0..<4000 { garbage += "junk\u{1b}[31m\(index)\u{0}\u{7f}\n" }
    let root = try fakeProc(["net/netstat": garbage])
    let result = try run(["doctor", "--proc-root", root, "--interval", "0", "--port", "1"])
    XCTAssertTrue([0, 1, 2].contains(result.status), result.stderr)
    let notes = result.stdout.split(separator: "\n").filter { $0.hasPrefix("note:") }
    XCTAssertLessThanOrEqual(notes.count, 12, result.stdout)
    XCTAssertTrue(result.stdout.contains("more"), result.stdout)
    XCTAssertLessThan(result.stdout.utf8.count, 8000)
    XCTAssertFalse(result.stdout.contains("\u{1b}"))
    XCTAssertFalse(result.stdout.contains("\u{0}"))
    // JSON lists every problem, escaped.
    let json = try run(["doctor", "--proc-root", root, "--interval", "0", "--port", "1", "--json"])
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    XCTAssertGreaterThanOrEqual((object["problems"] as? [String])?.count ?? 0, 4000)
  }

  /// One 1,000,000-byte value must not pad every row to a megabyte.
  func testHugeValueIsCutAndDoesNotWidenTheTable() throws {
    let root = try fakeProc([
      "sys/net/ipv4/tcp_congestion_control": String(repeating: "x", count: 1_000_000) + "\n"
    ])
    let result = try run(["tunables", "--proc-root", root])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertLessThan(result.stdout.utf8.count, 20_000, "output of \(result.stdout.utf8.count) bytes")
    let lines = result.stdout.split(separator: "\n")
    let finTimeout = try XCTUnwrap(lines.first { $0.contains("net.ipv4.tcp_fin_timeout") })
    XCTAssertLessThan(finTimeout.count, 100, String(finTimeout))
    let congestion = try XCTUnwrap(lines.first { $0.contains("net.ipv4.tcp_congestion_control") })
    XCTAssertTrue(congestion.contains("…"), String(congestion.prefix(200)))
    let explain = try run(["explain", "tcp_congestion_control", "--proc-root", root])
    XCTAssertLessThan(explain.stdout.utf8.count, 20_000)
  }
}
