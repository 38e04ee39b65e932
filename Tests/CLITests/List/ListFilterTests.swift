import Foundation
import Glibc
import TestSupport
import XCTest

/// `--where`, `--sort`, `--pid/--command/--uid`, service names and ss's
/// `-tlnp`/`-tan`/`-tin`, against the test's own loopback sockets: a
/// listener, a client that wrote 5000 bytes and the accepted socket that
/// has not read them (Recv-Q 5000).
final class ListFilterTests: XCTestCase {
  var fds: [Int32] = []
  var port: UInt16 = 0
  var clientPort: UInt16 = 0

  override func setUpWithError() throws {
    let (listener, port) = LoopbackTCP.listener(backlog: 5)
    XCTAssertGreaterThanOrEqual(listener, 0)
    self.port = port
    let client = LoopbackTCP.connect(port: port)
    XCTAssertGreaterThanOrEqual(client, 0)
    let server = accept(listener, nil, nil)
    XCTAssertGreaterThanOrEqual(server, 0)
    fds = [listener, client, server]
    let bytes = [UInt8](repeating: 7, count: 5000)
    XCTAssertEqual(write(client, bytes, bytes.count), 5000)
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(client, $0, &length) }
    }
    clientPort = UInt16(bigEndian: address.sin_port)
    usleep(50_000)
  }

  override func tearDown() { for fd in fds { close(fd) } }

  func rows(_ arguments: [String]) throws -> [Substring] {
    let result = try CLI.run(arguments)
    XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
    return result.stdout.split(separator: "\n")
  }

  func testWhereSelectsByQueueAndTCPInfo() throws {
    let queued = try rows(["list", "--port", "\(port)", "-H", "--where", "recv_q>4KiB"])
    XCTAssertEqual(queued.count, 1, "\(queued)")
    XCTAssertTrue(queued.first?.contains("127.0.0.1:\(port)") == true && queued.first?.contains("5000") == true)
    // tcp_info is fetched for --where even without -i: the client sent 5000 bytes.
    let sent = try rows(["list", "--port", "\(port)", "-H", "--where", "bytes_sent>=5000 and not recv_q>0"])
    XCTAssertEqual(sent.count, 1, "\(sent)")
    XCTAssertTrue(sent.first?.contains("127.0.0.1:\(clientPort) ") == true, "\(sent)")
    let json = try CLI.run(["list", "--port", "\(port)", "--json", "--where", "bytes_received>=5000"])
    let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    XCTAssertEqual(array.map { $0["local_port"] as? Int }, [Int(port)], "only the server received: \(array)")
    XCTAssertNil(array.first?["tcp_info"], "fetched for the filter, shown only with -i")
  }

  func testWhereErrorsPointAtTheToken() throws {
    let result = try CLI.run(["list", "--where", "rtt>50xs"])
    XCTAssertEqual(result.status, 64)
    XCTAssertEqual(
      result.stderr,
      "tcpstate: --where: 'xs' is not a unit for rtt\n  rtt>50xs\n        ^^\n  a time needs its unit: us, ms, s, m or h (rtt>50ms)\n"
    )
    let lifetime = try CLI.run(["list", "--where", "lifetime>1h"])
    XCTAssertEqual(lifetime.status, 64)
    XCTAssertTrue(lifetime.stderr.contains("known only for connections that ended during tcpstate watch"))
    let field = try CLI.run(["list", "--where", "retrnas>0"])
    XCTAssertEqual(field.status, 64)
    XCTAssertTrue(field.stderr.contains("did you mean retrans?"), field.stderr)
  }

  func testSortOrdersAndStreamingIsTheDefault() throws {
    let descending = try rows(["list", "--port", "\(port)", "-H", "--sort", "-recv_q"])
    XCTAssertEqual(descending.count, 3)
    XCTAssertTrue(descending[0].contains("5000"), "\(descending)")
    let ascending = try rows(["list", "--port", "\(port)", "-H", "--state", "established", "--sort", "recv_q"])
    XCTAssertTrue(ascending.last?.contains("5000") == true, "\(ascending)")
    let bad = try CLI.run(["list", "--sort", "rttt"])
    XCTAssertEqual(bad.status, 64)
    XCTAssertTrue(bad.stderr.contains("did you mean rtt"), bad.stderr)
    XCTAssertEqual(try CLI.run(["list", "-s", "--sort", "rtt"]).status, 64)
  }

  func testProcessAndUserFilters() throws {
    let pid = getpid()
    let mine = try rows(["list", "--port", "\(port)", "-H", "--pid", "\(pid)"])
    XCTAssertEqual(mine.count, 3, "this test process holds all three")
    XCTAssertEqual(try rows(["list", "--port", "\(port)", "-H", "--pid", "1"]).count, 0)
    let comm = try String(contentsOfFile: "/proc/self/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
    XCTAssertEqual(try rows(["list", "--port", "\(port)", "-H", "--command", comm]).count, 3, comm)
    XCTAssertEqual(try rows(["list", "--port", "\(port)", "-H", "--command", "no-such-comm"]).count, 0)
    XCTAssertEqual(try rows(["list", "--port", "\(port)", "-H", "--uid", "\(geteuid())"]).count, 3)
    if let name = getpwuid(geteuid()).map({ String(cString: $0.pointee.pw_name) }) {
      XCTAssertEqual(try rows(["list", "--port", "\(port)", "-H", "--uid", name]).count, 3, name)
    }
    XCTAssertEqual(try rows(["list", "--port", "\(port)", "-H", "--uid", "\(geteuid() &+ 4242)"]).count, 0)
    let unknown = try CLI.run(["list", "--uid", "no-such-user-\(pid)"])
    XCTAssertEqual(unknown.status, 64)
    XCTAssertTrue(unknown.stderr.contains("no such user"), unknown.stderr)
  }

  func testSSHabits() throws {
    let listening = try rows(["-tlnp", "--sport", "\(port)"])
    XCTAssertEqual(listening.count, 2, "\(listening)")
    XCTAssertTrue(listening[0].contains("Process"))
    XCTAssertTrue(listening[1].hasPrefix("LISTEN") && listening[1].contains("pid=\(getpid())"))
    XCTAssertEqual(try rows(["-tan", "--port", "\(port)"]).count, 4)
    let info = try rows(["-tin", "--port", "\(port)", "--state", "established"])
    XCTAssertTrue(info.contains { $0.contains("cwnd:") }, "\(info)")
  }

  func testServiceNamesInPortFilters() throws {
    // The test's own port under a name taken from /etc/services, if this port has one; else a known name.
    let services = (try? String(contentsOfFile: "/etc/services", encoding: .utf8)) ?? ""
    try XCTSkipUnless(services.contains("\nssh\t") || services.contains("\nssh "), "needs /etc/services with ssh")
    let ssh = try CLI.run(["list", "--sport", "ssh", "--json"])
    XCTAssertEqual(ssh.status, 0, ssh.stderr)
    let range = try CLI.run(["list", "--port", "ssh-\(port)", "-H", "--state", "listening"])
    XCTAssertEqual(range.status, 0, range.stderr)
    XCTAssertTrue(range.stdout.contains("127.0.0.1:\(port)"), "22-\(port) covers the listener: \(range.stdout)")
    let unknown = try CLI.run(["list", "--sport", "htpp"])
    XCTAssertEqual(unknown.status, 64)
    XCTAssertEqual(
      unknown.stderr,
      "tcpstate: --sport 'htpp': unknown service name 'htpp' (not a TCP service in /etc/services)\n  did you mean http?\n"
    )
  }
}
