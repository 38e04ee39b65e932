import XCTest

/// Wrong invocations of every subcommand: each exits with the documented code
/// and a one-line reason, never a Swift runtime trap or a signal.
final class BadInputTests: XCTestCase {
  typealias Case = (arguments: [String], status: Int32, mentions: String)

  static let list: [Case] = [
    (["list", "--state", "TIME_WIAT"], 64, "did you mean TIME_WAIT"),
    (["list", "--state", "estab,bogus"], 64, "unknown TCP state 'bogus'"),
    (["list", "--state", ""], 64, "unknown TCP state ''"),
    (["list", "--state", "99"], 64, "unknown TCP state '99'"),
    (["list", "--port", "70000"], 64, "out of range"),
    (["list", "--port", "99999999999999999999999"], 64, "out of range"),
    (["list", "--port", ""], 64, "not a port number"),
    (["list", "--port", "-1"], 64, "not a port number"),
    (["list", "--port", "80-"], 64, "not a port number"),
    (["list", "--port", "1-2-3"], 64, "--port"),
    (["list", "--sport", "9000-80"], 64, "above its end"),
    (["list", "--dport", "htpp"], 64, "unknown service name"),
    (["list", "--dport", "65536"], 64, "out of range"),
    (["list", "--dst", "10.0.0.0/40"], 64, "0-32"),
    (["list", "--dst", "::1/129"], 64, "0-128"),
    (["list", "--src", "1.2.3.4/"], 64, "prefix length"),
    (["list", "--src", "1.2.3.4/-1"], 64, "prefix length"),
    (["list", "--src", "not-an-ip"], 64, "not an IPv4 or IPv6 address"),
    (["list", "--src", "1.2.3.4.5"], 64, "not an IPv4 or IPv6 address"),
    (["list", "--src", ""], 64, "not an IPv4 or IPv6 address"),
    (["list", "-4", "-6"], 64, "-4 and -6"),
    (["list", "--listening", "--state", "established"], 64, "conflict"),
    (["list", "--summary", "--info"], 64, "--summary"),
    (["list", "--summary", "--process"], 64, "--summary"),
    (["list", "--color", "purple"], 64, "purple"),
    (["list", "--color", ""], 64, "--color"),
    (["list", "--no-such-flag"], 64, "no-such-flag"),
    (["list", "extra"], 64, "extra"),
    (["list", "--port"], 64, "--port"),
    (["frobnicate"], 64, "frobnicate"),
    (["list", "--port", "\u{FF}\u{FE}"], 64, "not a port number"),
  ]

  static let watch: [Case] = [
    (["watch", "--count", "0"], 64, "--count must be at least 1"),
    (["watch", "--count", "-5"], 64, "--count must be at least 1"),
    (["watch", "--count", "99999999999999999999"], 64, "--count"),
    (["watch", "--count", ""], 64, "--count"),
    (["watch", "--duration", "-1"], 64, "--duration must be a positive duration"),
    (["watch", "--duration", "0"], 64, "--duration must be a positive duration"),
    (["watch", "--duration", "nan"], 64, "--duration must be a positive duration"),
    (["watch", "--duration", "inf"], 64, "--duration must be a positive duration"),
    (["watch", "--duration", "1e400"], 64, "--duration must be a positive duration"),
    (["watch", "--duration", "soon"], 64, "--duration"),
    (["watch", "--interval", "5ms"], 64, "--interval must be 10ms to 60s"),
    (["watch", "--interval", "100"], 64, "did you mean 100ms?"),
    (["watch", "--interval", "99999999999"], 64, "--interval"),
    (["watch", "--source", "bogus"], 64, "bogus"),
    (["watch", "--state", "SYN_SNT"], 64, "did you mean SYN_SENT"),
    (["watch", "--port", "0-99999"], 64, "out of range"),
    (["watch", "--src", "::1/129"], 64, "0-128"),
    (["watch", "-4", "-6"], 64, "-4 and -6"),
    (["watch", "--json", "--color", "sometimes"], 64, "sometimes"),
  ]

  static let explain: [Case] = [
    (["explain", "frobnicate"], 64, "unknown state, topic or tunable 'frobnicate'"),
    (["explain", ""], 64, "unknown state, topic or tunable ''"),
    (["explain", "TIME_WIAT"], 64, "did you mean TIME_WAIT"),
    (["explain", "tcp_fin_timeot"], 64, "tcp_fin_timeout"),
    (["explain", "net.ipv4.no_such_tunable"], 64, "unknown state, topic or tunable"),
    (["explain", String(repeating: "x", count: 10_000)], 64, "unknown state, topic or tunable"),
    (["explain", "close", "extra"], 64, "extra"),
    (["explain", "--lang", "xx", "close"], 64, "unknown language 'xx'"),
    (["explain", "--lang", "", "close"], 64, "unknown language ''"),
    (["explain", "--color", "purple", "close"], 64, "purple"),
    (["explain", "--proc-root", "/nonexistent-tcpstate", "close"], 64, "does not exist"),
    (["explain", "--proc-root", "", "close"], 64, "does not exist"),
  ]

  static let tunables: [Case] = [
    (["tunables", "bogus"], 64, "bogus"),
    (["tunables", "--lang", ""], 64, "unknown language"),
    (["tunables", "--proc-root", "/nonexistent-tcpstate"], 64, "does not exist"),
    (["tunables", "--proc-root", "/etc/hostname"], 64, "is not a directory"),
    (["tunables", "--changed", "--json", "--json-please"], 64, "json-please"),
  ]

  static let diagram: [Case] = [
    (["diagram", "--format", "svg"], 64, "svg"),
    (["diagram", "--format", ""], 64, "--format"),
    (["diagram", "--no-live", "--lang", "zz"], 64, "unknown language 'zz'"),
    (["diagram", "LISTEN"], 64, "LISTEN"),
  ]

  static let doctor: [Case] = [
    (["doctor", "--interval", "-1"], 64, "--interval must be between 0 and 60 seconds"),
    (["doctor", "--interval", "nan"], 64, "--interval must be between 0 and 60 seconds"),
    (["doctor", "--interval", "1e400"], 64, "--interval must be between 0 and 60 seconds"),
    (["doctor", "--interval", "61"], 64, "--interval must be between 0 and 60 seconds"),
    (["doctor", "--min-count", "0"], 64, "--min-count must be at least 1"),
    (["doctor", "--min-count", "99999999999999999999999"], 64, "--min-count"),
    (["doctor", "--state", "listen"], 64, "doctor looks at every state"),
    (["doctor", "--listening"], 64, "doctor looks at every state"),
    (["doctor", "-4", "-6"], 64, "-4 and -6"),
    (["doctor", "--port", "htpp"], 64, "unknown service name"),
    (["doctor", "--proc-root", "/nonexistent-tcpstate"], 64, "does not exist"),
    (["doctor", "--lang", "klingon", "--interval", "0"], 64, "unknown language"),
  ]

  func check(_ cases: [Case], file: StaticString = #filePath, line: UInt = #line) throws {
    for entry in cases {
      let result = try CLI.run(entry.arguments)
      assertClean(result, entry, file: file, line: line)
    }
  }

  func assertClean(_ result: CLIResult, _ entry: Case, file: StaticString = #filePath, line: UInt = #line) {
    let name = "\(entry.arguments.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 })"
    XCTAssertEqual(result.status, entry.status, "\(name): \(result.stderr)", file: file, line: line)
    let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
    XCTAssertTrue(
      first.hasPrefix("tcpstate: "), "\(name) first line (one error style): \(first)", file: file,
      line: line)
    XCTAssertTrue(result.stderr.contains(entry.mentions), "\(name): \(result.stderr)", file: file, line: line)
    XCTAssertFalse(result.stderr.contains("Fatal error"), "\(name) trapped", file: file, line: line)
    XCTAssertEqual(result.stdout, "", "\(name) printed to stdout", file: file, line: line)
  }

  func testList() throws { try check(Self.list) }
  func testWatch() throws { try check(Self.watch) }
  func testExplain() throws { try check(Self.explain) }
  func testTunables() throws { try check(Self.tunables) }
  func testDiagram() throws { try check(Self.diagram) }
  func testDoctor() throws { try check(Self.doctor) }

  /// Raw bytes that are not UTF-8, passed through /bin/sh printf exactly as a shell user would.
  func testNonUTF8Arguments() throws {
    let cases: [(shell: String, entry: Case)] = [
      (#""$TCPSTATE" list --state "$(printf '\377\376')""#, (["list --state \\377\\376"], 64, "unknown TCP state")),
      (#""$TCPSTATE" list --port "$(printf '8\3770')""#, (["list --port 8\\3770"], 64, "not a port number")),
      (
        #""$TCPSTATE" list --src "$(printf '10.0.0.1\377')""#,
        (["list --src 10.0.0.1\\377"], 64, "not an IPv4 or IPv6 address")
      ),
      (#""$TCPSTATE" explain "$(printf '\300\200')""#, (["explain \\300\\200"], 64, "unknown state, topic")),
      (#""$TCPSTATE" "$(printf '\377')""#, (["\\377"], 64, "unknown subcommand")),
      (#""$TCPSTATE" watch --dport "$(printf '\355\240\200')""#, (["watch --dport"], 64, "not a port number")),
      (
        #""$TCPSTATE" doctor --proc-root "$(printf '/\377nonexistent')""#,
        (["doctor --proc-root"], 64, "does not exist")
      ),
      (#""$TCPSTATE" tunables --lang "$(printf '\377')""#, (["tunables --lang"], 64, "unknown language")),
      (#""$TCPSTATE" diagram --format "$(printf '\377')""#, (["diagram --format"], 64, "--format")),
    ]
    for (shell, entry) in cases {
      assertClean(try CLI.run([], shell: shell), entry)
    }
  }
}
