import CShim
import TCPStateFilter
import TCPStateKit
import TCPStateModel
import XCTest

private typealias F = DoctorFixtures

/// `--where`: parsing, units, precedence, evaluation on sockets with real
/// tcp_info values, and errors that point at the offending token.
final class WhereExpressionTests: XCTestCase {
  /// A loopback bulk sender (values from `tcpstate list -i --json` here).
  static let sender: Socket = {
    let info = F.info {
      $0.tcpi_rtt = 52_000
      $0.tcpi_snd_cwnd = 7
      $0.tcpi_retrans = 1
      $0.tcpi_total_retrans = 12
      $0.tcpi_last_data_sent = 1500
      $0.tcpi_bytes_sent = 3_145_728
    }
    return F.socket(.established, sendQ: 2_097_152, info: info)
  }()
  static let idle: Socket = {
    let info = F.info {
      $0.tcpi_rtt = 14
      $0.tcpi_snd_cwnd = 10
    }
    return F.socket(.established, recvQ: 5000, info: info)
  }()
  static let timeWait = F.socket(.timeWait)

  func matches(_ text: String, _ socket: Socket) throws -> Bool {
    try SocketPredicate(where: text).matches(socket)
  }

  func testComparisonsWithUnits() throws {
    XCTAssertTrue(try matches("rtt>50ms", Self.sender))
    XCTAssertFalse(try matches("rtt>52ms", Self.sender), "52000 us is not above 52 ms")
    XCTAssertTrue(try matches("rtt>=52ms", Self.sender))
    XCTAssertTrue(try matches("rtt<0.1s", Self.sender))
    XCTAssertTrue(try matches("rtt == 52000us", Self.sender))
    XCTAssertTrue(try matches("send_q>1MiB", Self.sender))
    XCTAssertFalse(try matches("send_q>2MiB", Self.sender))
    XCTAssertTrue(try matches("send_q>=2MiB", Self.sender))
    XCTAssertTrue(try matches("send_q>2MB", Self.sender), "decimal megabytes are smaller")
    XCTAssertTrue(try matches("cwnd<10", Self.sender))
    XCTAssertFalse(try matches("cwnd<10", Self.idle))
    XCTAssertTrue(try matches("retrans>0", Self.sender))
    XCTAssertTrue(try matches("total_retrans>=12", Self.sender))
    XCTAssertTrue(try matches("last_data_sent>1s", Self.sender), "a _ms JSON key is compared in time")
    XCTAssertFalse(try matches("last_data_sent>2s", Self.sender))
    XCTAssertTrue(try matches("recv_q=5000", Self.idle))
    XCTAssertTrue(try matches("bytes_sent>3M", Self.sender) == false, "3 MiB is not above 3 MiB")
  }

  func testPrecedenceAndParentheses() throws {
    // not > and > or: "a or b and c" is "a or (b and c)".
    XCTAssertTrue(try matches("cwnd<10 or rtt<1us and recv_q>0", Self.sender))
    XCTAssertFalse(try matches("(cwnd<10 or rtt<1us) and recv_q>0", Self.sender))
    XCTAssertTrue(try matches("not cwnd<10", Self.idle))
    XCTAssertTrue(try matches("!(rtt>1ms) && cwnd>=10", Self.idle))
    XCTAssertTrue(try matches("rtt>1ms || recv_q>0", Self.idle))
    XCTAssertTrue(try matches("not not cwnd<10", Self.sender))
  }

  func testMissingFieldsFailComparisons() throws {
    XCTAssertFalse(try matches("rtt>0us", Self.timeWait), "TIME_WAIT has no tcp_info")
    XCTAssertFalse(try matches("rtt<=1h", Self.timeWait))
    XCTAssertTrue(try matches("not rtt>50ms", Self.timeWait))
    XCTAssertTrue(try matches("send_q==0", Self.timeWait), "socket fields are always there")
  }

  func testErrorsPointAtTheToken() {
    func error(_ text: String) -> TCPStateError? {
      do {
        _ = try SocketPredicate(where: text)
        return nil
      } catch { return error }
    }
    let unit = error("rtt>50xs")
    XCTAssertEqual(unit?.message, "--where: 'xs' is not a unit for rtt")
    XCTAssertEqual(unit?.hints.prefix(2), ["rtt>50xs", "      ^^"])
    XCTAssertEqual(unit?.exitCode, 64)
    let missing = error("rtt>50")
    XCTAssertEqual(missing?.message, "--where: 'rtt' is a time")
    XCTAssertEqual(missing?.hints.prefix(2), ["rtt>50", "    ^^"])
    let field = error("cwnd<10 and retrnas>0")
    XCTAssertEqual(field?.message, "--where: unknown field 'retrnas'")
    XCTAssertEqual(field?.hints.prefix(2), ["cwnd<10 and retrnas>0", "            ^^^^^^^"])
    XCTAssertEqual(field?.hints.last, "did you mean retrans?")
    let open = error("(rtt>1ms or cwnd<3")
    XCTAssertEqual(open?.message, "--where: this '(' is never closed")
    XCTAssertEqual(open?.hints[1], "^")
    let trailing = error("rtt>1ms cwnd<3")
    XCTAssertEqual(trailing?.message, "--where: expected 'and', 'or' or the end here")
    XCTAssertEqual(trailing?.hints[1], "        ^^^^")
    XCTAssertEqual(error("rtt=>1ms")?.message, "--where: expected a number after 'rtt=='")
    XCTAssertEqual(error("cwnd<10ms")?.message, "--where: 'ms' is not a unit for cwnd")
    XCTAssertEqual(error("rtt > ")?.hints[1], "      ^", "the caret sits past the end")
    XCTAssertEqual(error("rtt & cwnd")?.hints[1], "    ^")
    XCTAssertEqual(error("")?.message, "--where needs an expression")
    XCTAssertEqual(error("and rtt>1ms")?.message, "--where: expected a field name here (rtt, retrans, send_q, cwnd …)")
  }

  func testSummariesHaveLifetime() throws {
    let predicate = try SocketPredicate(where: "lifetime>1h and total_retrans>0")
    let info = F.info { $0.tcpi_total_retrans = 3 }
    let endpoint = F.endpoint("127.0.0.1", 80)
    func summary(hours: UInt64) -> ConnectionSummary {
      ConnectionSummary(
        timestampNs: 0, family: .inet, local: endpoint, peer: endpoint, finalState: .close,
        lifetimeNs: hours * 3_600_000_000_000 + 1_000_000, cookie: 1, info: info, congestion: nil)
    }
    XCTAssertTrue(predicate.matches(summary(hours: 1)))
    XCTAssertFalse(predicate.matches(summary(hours: 0)))
    XCTAssertFalse(predicate.matches(Self.sender), "a listed socket has no lifetime")
  }

  func testProcessesAndUsers() throws {
    var socket = Self.idle
    socket.uid = 1000
    let nginx = [ProcessRef(pid: 812, command: "nginx", fd: 6)]
    let byPid = try SocketPredicate.parse(where: [], pids: ["812,900"], commands: [], uids: [])
    XCTAssertTrue(byPid.matches(socket, processes: nginx))
    XCTAssertFalse(byPid.matches(socket, processes: []), "an unmapped socket has no pid")
    XCTAssertTrue(byPid.needsProcesses)
    let byCommand = try SocketPredicate.parse(where: [], pids: [], commands: ["nginx"], uids: [])
    XCTAssertTrue(byCommand.matches(socket, processes: nginx))
    XCTAssertFalse(byCommand.matches(socket, processes: [ProcessRef(pid: 1, command: "nginx-worker", fd: 3)]))
    let long = try SocketPredicate.parse(where: [], pids: [], commands: ["averyveryverylongname"], uids: [])
    XCTAssertTrue(long.commands.contains("averyveryverylo"), "the kernel keeps 15 bytes of a command")
    let byUser = try SocketPredicate.parse(where: [], pids: [], commands: [], uids: ["www"]) {
      $0 == "www" ? 1000 : nil
    }
    XCTAssertTrue(byUser.matches(socket))
    XCTAssertFalse(try SocketPredicate.parse(where: [], pids: [], commands: [], uids: ["0"]).matches(socket))
    XCTAssertThrowsError(try SocketPredicate.parse(where: [], pids: [], commands: [], uids: ["nosuchuser"]))
    XCTAssertThrowsError(try SocketPredicate.parse(where: [], pids: ["-3"], commands: [], uids: []))
    let both = try SocketPredicate.parse(where: ["cwnd>=10", "recv_q>0"], pids: [], commands: [], uids: [])
    XCTAssertTrue(both.matches(Self.idle))
    XCTAssertFalse(both.matches(Self.sender), "repeated --where must all hold")
  }
}
