import Foundation
import Glibc
import XCTest

/// The exporter's HTTP server against clients that misbehave: each case gets
/// the right status, and the next ordinary scrape is still answered in time.
final class ExporterHTTPTests: XCTestCase {
  var exporter: BackgroundCLI!
  var port: UInt16 = 0

  override func setUpWithError() throws {
    port = LoopbackHTTP.freePort()
    exporter = try BackgroundCLI(["exporter", "--listen", "127.0.0.1:\(port)", "--max-scrapes", "16"])
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline {
      if LoopbackHTTP.get(port: port, path: "/-/healthy", timeout: 1)?.status == 200 { return }
      usleep(50_000)
    }
    XCTFail("the exporter did not start: \(exporter.stderr)")
  }

  override func tearDown() {
    if let exporter {
      kill(exporter.pid, SIGTERM)
      XCTAssertEqual(exporter.waitForExit(), 0, "SIGTERM ends it cleanly: \(exporter.stderr)")
    }
    exporter = nil
  }

  /// An ordinary scrape answers 200 within `seconds`.
  func assertScrapeAnswers(within seconds: Double = 3, _ message: String, line: UInt = #line) {
    let start = Date()
    let reply = LoopbackHTTP.get(port: port, path: "/metrics", timeout: seconds)
    XCTAssertEqual(reply?.status, 200, message, line: line)
    XCTAssertTrue(reply?.text.contains("tcpstate_sockets{") ?? false, message, line: line)
    XCTAssertLessThan(Date().timeIntervalSince(start), seconds, message, line: line)
  }

  func testRoutesMethodsAndStatusCodes() throws {
    XCTAssertEqual(LoopbackHTTP.get(port: port, path: "/nope")?.status, 404)
    XCTAssertEqual(LoopbackHTTP.get(port: port, path: "/metrics/x")?.status, 404)
    let post = LoopbackHTTP.get(port: port, path: "/metrics", method: "POST")
    XCTAssertEqual(post?.status, 405)
    XCTAssertEqual(post?.headers["allow"], "GET, HEAD")
    XCTAssertEqual(LoopbackHTTP.get(port: port, path: "/metrics", method: "DELETE")?.status, 405)
    let head = try XCTUnwrap(LoopbackHTTP.get(port: port, path: "/metrics", method: "HEAD"))
    XCTAssertEqual(head.status, 200)
    XCTAssertGreaterThan(Int(head.headers["content-length"] ?? "") ?? 0, 1000)
    XCTAssertEqual(head.body, [], "HEAD has no body")
    let page = try XCTUnwrap(LoopbackHTTP.get(port: port, path: "/"))
    XCTAssertEqual(page.status, 200)
    XCTAssertTrue(page.text.contains("href=\"metrics\""), page.text)
    XCTAssertEqual(LoopbackHTTP.get(port: port, path: "/-/healthy")?.status, 200)
    let metrics = try XCTUnwrap(LoopbackHTTP.get(port: port, path: "/metrics?x=1"))
    XCTAssertEqual(metrics.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
    let open = try XCTUnwrap(
      LoopbackHTTP.get(port: port, path: "/metrics", headers: ["Accept": "application/openmetrics-text;version=1.0.0"]))
    XCTAssertEqual(open.headers["content-type"], "application/openmetrics-text; version=1.0.0; charset=utf-8")
    XCTAssertTrue(open.text.hasSuffix("# EOF\n"))
    assertScrapeAnswers("after the status-code checks")
  }

  func testGzipWhenAsked() throws {
    let reply = try XCTUnwrap(LoopbackHTTP.get(port: port, path: "/metrics", headers: ["Accept-Encoding": "gzip"]))
    XCTAssertEqual(reply.status, 200)
    XCTAssertEqual(reply.headers["content-encoding"], "gzip")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-\(UUID().uuidString).gz")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data(reply.body).write(to: file)
    let plain = try CLI.run([], shell: "gzip -dc '\(file.path)'")
    XCTAssertEqual(plain.status, 0, plain.stderr)
    XCTAssertTrue(plain.stdout.contains("# TYPE tcpstate_sockets gauge"))
    XCTAssertNil(
      LoopbackHTTP.get(port: port, path: "/metrics")?.headers["content-encoding"], "plain without the header")
  }

  func testGarbageAndOversizedRequests() throws {
    let garbage = LoopbackHTTP.exchange(port: port, raw: Array("\u{1}\u{2}GARBAGE nonsense\r\n\r\n".utf8))
    XCTAssertEqual(garbage?.status, 400)
    let noVersion = LoopbackHTTP.exchange(port: port, raw: Array("GET /metrics HTTP/9\r\n\r\n".utf8))
    XCTAssertEqual(noVersion?.status, 400)
    var big = Array("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ".utf8)
    big += [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
    big += Array("\r\n\r\n".utf8)
    let oversized = LoopbackHTTP.exchange(port: port, raw: big)
    XCTAssertEqual(oversized?.status, 431, "a 1 MiB header")
    var body = Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".utf8)
    body += [UInt8](repeating: 0, count: 100_000)
    XCTAssertEqual(LoopbackHTTP.exchange(port: port, raw: body)?.status, 413)
    assertScrapeAnswers("after garbage, a 1 MiB header and a big body")
  }

  func testKeepAliveAndPipelining() throws {
    let fd = LoopbackHTTP.open(port: port)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    let request =
      "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    XCTAssertTrue(LoopbackHTTP.send(fd, Array(request.utf8)))
    let text = String(decoding: LoopbackHTTP.readAll(fd), as: UTF8.self)
    XCTAssertEqual(text.components(separatedBy: "HTTP/1.1 200 OK").count - 1, 2, "both answered, in order")
    XCTAssertTrue(text.hasSuffix("tcpstate_exporter_decode_problems_total 0\n"), String(text.suffix(200)))
  }

  func testFiftyConcurrentScrapes() {
    // All 50 requests are on the wire before any answer is read: truly concurrent for the server.
    let connections = (0..<50).map { _ in LoopbackHTTP.open(port: port, timeout: 20) }
    defer { for fd in connections where fd >= 0 { close(fd) } }
    XCTAssertTrue(connections.allSatisfy { $0 >= 0 })
    let request = Array("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
    for fd in connections { XCTAssertTrue(LoopbackHTTP.send(fd, request)) }
    let seen = connections.map { LoopbackHTTP.parse(LoopbackHTTP.readAll($0))?.status ?? -1 }
    XCTAssertTrue(seen.allSatisfy { $0 == 200 || $0 == 503 }, "200, or 503 beyond --max-scrapes: \(seen)")
    XCTAssertGreaterThanOrEqual(seen.filter { $0 == 200 }.count, 16, "at least --max-scrapes answered: \(seen)")
    // Whether any is turned away depends on how fast the dumps drain the
    // queue (under TSan all 50 were answered); ScrapeQueueTests checks the limit itself.
    assertScrapeAnswers("after 50 concurrent scrapes")
  }

  func testIdleAndSlowClientsDoNotBlockTheNextScrape() {
    // 30 connections that never send a byte.
    let idle = (0..<30).map { _ in LoopbackHTTP.open(port: port) }
    defer { for fd in idle where fd >= 0 { close(fd) } }
    XCTAssertTrue(idle.allSatisfy { $0 >= 0 })
    // A request head that trickles in and never ends.
    let trickle = LoopbackHTTP.open(port: port)
    defer { close(trickle) }
    _ = LoopbackHTTP.send(trickle, Array("GET /metr".utf8))
    // A reader that asks for 200 scrapes and reads none of them.
    let slow = LoopbackHTTP.open(port: port)
    defer { close(slow) }
    var receive: Int32 = 4096
    setsockopt(slow, SOL_SOCKET, SO_RCVBUF, &receive, socklen_t(MemoryLayout<Int32>.size))
    _ = LoopbackHTTP.send(slow, Array(String(repeating: "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", count: 200).utf8))
    usleep(300_000)
    assertScrapeAnswers(within: 2, "with 30 idle connections, a trickling head and a slow reader")
    assertScrapeAnswers(within: 2, "and again")
  }
}
