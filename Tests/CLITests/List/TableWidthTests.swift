import Foundation
import Glibc
import TestSupport
import XCTest

/// Tables that fit the terminal and say the family (issue 18, item 10 and one interface).
final class TableWidthTests: XCTestCase {
  func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> CLIResult {
    guard FileManager.default.isExecutableFile(atPath: CLI.binary.path) else {
      throw XCTSkip("tcpstate binary not built")
    }
    return try CLI.run(arguments, environment: environment)
  }

  /// A listener on [::1]:port (fd, port), or (-1, 0).
  func ipv6Listener() -> (fd: Int32, port: UInt16) {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard fd >= 0, ok else {
      if fd >= 0 { close(fd) }
      return (-1, 0)
    }
    return (fd, UInt16(bigEndian: address.sin6_port))
  }

  /// Terminal columns of a line: a tab moves to the next multiple of 8.
  func columns(_ line: Substring) -> Int {
    line.reduce(0) { $1 == "\t" ? ($0 / 8 + 1) * 8 : $0 + 1 }
  }

  func testFamilyColumnWithExtendedOrAWideTerminalAndWildcardPeersShowTheirFamily() throws {
    let (v4, port4) = LoopbackTCP.listener(backlog: 4)
    let (v6, port6) = ipv6Listener()
    defer {
      close(v4)
      close(v6)
    }
    XCTAssertGreaterThan(port6, 0, "an IPv6 listener on ::1")
    let scope = ["--port", String(port4), "--port", String(port6), "--color", "never"]
    let extended = try run(["list"] + scope + ["-e"])
    XCTAssertEqual(extended.status, 0, extended.stderr)
    let lines = extended.stdout.split(separator: "\n")
    XCTAssertTrue(lines.first?.contains(" Family Local Address:Port") ?? false, extended.stdout)
    let row4 = try XCTUnwrap(lines.first { $0.contains("127.0.0.1:\(port4) ") }, extended.stdout)
    let row6 = try XCTUnwrap(lines.first { $0.contains("[::1]:\(port6) ") }, extended.stdout)
    XCTAssertTrue(row4.contains(" inet   127.0.0.1:\(port4) "), String(row4))
    XCTAssertTrue(row6.contains(" inet6  [::1]:\(port6) "), String(row6))
    // The wildcard peer keeps its family, as ss writes it.
    XCTAssertTrue(row4.contains(" 0.0.0.0:* "), String(row4))
    XCTAssertTrue(row6.contains(" [::]:* "), String(row6))
    // Same column in header and rows.
    let header = try XCTUnwrap(lines.first)
    let at = header.range(of: "Family")!.lowerBound.utf16Offset(in: header)
    XCTAssertEqual(row6.range(of: "inet6")!.lowerBound.utf16Offset(in: row6), at)

    let piped = try run(["list"] + scope)
    XCTAssertFalse(piped.stdout.contains("Family"), "a pipe without -e keeps ss's columns: \(piped.stdout)")
    let wide = try run(["list"] + scope, ["COLUMNS": "160"])
    XCTAssertTrue(wide.stdout.contains(" Family "), wide.stdout)
    let killWide = try run(["kill", "--dry-run"] + scope + ["--force"], ["COLUMNS": "160"])
    XCTAssertTrue(killWide.stdout.contains(" inet6  [::1]:\(port6) "), killWide.stdout + killWide.stderr)
  }

  /// COLUMNS=60: -i wraps its tcp_info fields under the row, each line
  /// indented and within 60 columns, with the same fields as the long line.
  func testInfoWrapsUnderTheRowOnANarrowTerminal() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 4)
    let client = LoopbackTCP.connect(port: port)
    let server = accept(listener, nil, nil)
    defer {
      close(client)
      close(server)
      close(listener)
    }
    let arguments = ["list", "-i", "--state", "established", "--sport", String(port), "--color", "never"]
    let narrow = try run(arguments, ["COLUMNS": "60"])
    XCTAssertEqual(narrow.status, 0, narrow.stderr)
    let lines = narrow.stdout.split(separator: "\n")
    let details = lines.filter { $0.hasPrefix("\t ") }
    XCTAssertGreaterThan(details.count, 1, "wrapped over several lines:\n\(narrow.stdout)")
    for line in details { XCTAssertLessThanOrEqual(columns(line), 60, String(line)) }
    XCTAssertEqual(lines.count, 2 + details.count, "the header, the row, then its fields:\n\(narrow.stdout)")

    let long = try run(arguments)
    let longDetails = long.stdout.split(separator: "\n").filter { $0.hasPrefix("\t ") }
    XCTAssertEqual(longDetails.count, 1, "a pipe keeps one line: \(long.stdout)")
    func fields(_ lines: [Substring]) -> [Substring] {
      // rtt, lastsnd and the rates move between two reads: compare the field names.
      lines.flatMap { $0.dropFirst(2).split(separator: " ") }.map { $0.split(separator: ":").first ?? $0 }
        .filter { $0.first?.isLetter ?? false }
    }
    XCTAssertEqual(fields(details), fields(longDetails))
    XCTAssertTrue(details.contains { $0.contains("cwnd:") }, narrow.stdout)
  }

  func testColumnsSelectsAndOrdersTheTableColumns() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 7)
    defer { close(listener) }
    let result = try run(["list", "--columns", "local,send-q,Family", "--port", String(port), "--color", "never"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 2, result.stdout)
    XCTAssertEqual(
      lines[0].split(separator: " ", omittingEmptySubsequences: true), ["Local", "Address:Port", "Send-Q", "Family"])
    XCTAssertEqual(lines[1].split(separator: " ", omittingEmptySubsequences: true), ["127.0.0.1:\(port)", "7", "inet"])

    let withProcess = try run(["list", "--columns", "state,process", "--port", String(port), "--color", "never", "-H"])
    XCTAssertTrue(withProcess.stdout.hasPrefix("LISTEN "), withProcess.stdout)
    XCTAssertTrue(
      withProcess.stdout.contains("pid=\(getpid()),"), "the process column scans /proc: \(withProcess.stdout)")

    let typo = try run(["list", "--columns", "state,lcoal"])
    XCTAssertEqual(typo.status, 64)
    XCTAssertTrue(typo.stderr.hasPrefix("tcpstate: unknown column 'lcoal'"), typo.stderr)
    XCTAssertTrue(typo.stderr.contains("did you mean local?"), typo.stderr)
    XCTAssertTrue(typo.stderr.contains("columns: state, recv_q, send_q, family, local, peer"), typo.stderr)
    XCTAssertEqual(try run(["list", "--columns", "state", "--json"]).status, 64)
  }

  func testTopBatchColumnsSelectsItsColumns() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 4)
    let client = LoopbackTCP.connect(port: port)
    let server = accept(listener, nil, nil)
    defer {
      close(client)
      close(server)
      close(listener)
    }
    let scope = ["--port", String(port), "--delay", "100ms"]
    let result = try run(["top", "--batch", "--columns", "local,cwnd"] + scope)
    XCTAssertEqual(result.status, 0, result.stderr)
    let lines = result.stdout.split(separator: "\n")
    let titles = try XCTUnwrap(lines.first { $0.hasPrefix("Local Address:Port") }, result.stdout)
    XCTAssertEqual(titles.split(separator: " "), ["Local", "Address:Port", "Cwnd"])
    let rows = lines.filter { $0.hasPrefix("127.0.0.1:") }
    XCTAssertEqual(rows.count, 2, result.stdout)
    for row in rows { XCTAssertEqual(row.split(separator: " ").count, 2, String(row)) }

    let typo = try run(["top", "--batch", "--columns", "local,cwdn"] + scope)
    XCTAssertEqual(typo.status, 64)
    XCTAssertTrue(typo.stderr.contains("unknown column 'cwdn'"), typo.stderr)
    XCTAssertTrue(typo.stderr.contains("did you mean cwnd?"), typo.stderr)
    XCTAssertEqual(try run(["top", "--columns", "local"]).status, 64, "the full-screen view keeps its columns")
  }

  func testTopBatchHasAFamilyColumnToChoose() throws {
    let (v4, port4) = LoopbackTCP.listener(backlog: 4)
    let (v6, port6) = ipv6Listener()
    defer {
      close(v4)
      close(v6)
    }
    let result = try run([
      "top", "--batch", "-l", "--columns", "family,local", "--delay", "100ms", "--port",
      String(port4), "--port", String(port6),
    ])
    XCTAssertEqual(result.status, 0, result.stderr)
    let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("inet") }
    XCTAssertEqual(
      Set(rows.map { $0.split(separator: " ").map(String.init) }),
      [["inet", "127.0.0.1:\(port4)"], ["inet6", "[::1]:\(port6)"]],
      result.stdout)
  }
}
