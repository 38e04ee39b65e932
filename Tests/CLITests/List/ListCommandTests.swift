import Foundation
import Glibc
import TestSupport
import XCTest

final class ListCommandTests: XCTestCase {
  var listenerFD: Int32 = -1
  var port: UInt16 = 0

  override func setUpWithError() throws {
    (listenerFD, port) = LoopbackTCP.listener(backlog: 5)
    XCTAssertGreaterThanOrEqual(listenerFD, 0)
  }

  override func tearDown() { close(listenerFD) }

  func testTableShowsTheListener() throws {
    let result = try CLI.run(["list", "--port", "\(port)"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let lines = result.stdout.split(separator: "\n")
    XCTAssertEqual(lines.count, 2, result.stdout)
    XCTAssertTrue(lines[0].hasPrefix("State"))
    XCTAssertTrue(lines[1].hasPrefix("LISTEN"))
    XCTAssertTrue(lines[1].contains("127.0.0.1:\(port)"))
    XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
  }

  func testJSONParsesAndCarriesTheKeys() throws {
    let result = try CLI.run(["list", "--json", "--listening", "--sport", "\(port)", "-i", "-e", "-o", "-m", "-p"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    XCTAssertEqual(array.count, 1)
    let object = array[0]
    XCTAssertEqual(object["state"] as? String, "LISTEN")
    XCTAssertEqual(object["local_port"] as? Int, Int(port))
    XCTAssertEqual(object["accept_queue_limit"] as? Int, 5)
    for key in [
      "family", "local_address", "peer_address", "peer_port", "recv_q", "send_q", "uid", "inode", "cookie", "timer",
      "memory",
    ] {
      XCTAssertNotNil(object[key], key)
    }
    let info = try XCTUnwrap(object["tcp_info"] as? [String: Any])
    for key in ["cwnd", "rto_us", "rtt_us", "mss", "total_retrans", "bytes_acked", "congestion"] {
      XCTAssertNotNil(info[key], key)
    }
    let processes = try XCTUnwrap(object["processes"] as? [[String: Any]])
    XCTAssertEqual(processes.first?["pid"] as? Int, Int(getpid()))
  }

  func testEmptyJSONIsAnEmptyArray() throws {
    let result = try CLI.run(["list", "--json", "--sport", "1", "--state", "listen"])
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.stdout, "[]\n")
  }

  func testSummaryCountsTheListener() throws {
    let result = try CLI.run(["list", "--summary", "--json", "--port", "\(port)"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["total"] as? Int, 1)
    XCTAssertEqual((object["states"] as? [String: [String: Int]])?["LISTEN"]?["inet"], 1)
  }

  func testClosedPipeEndsQuietly() throws {
    // Many rows, then `head -1` closes the pipe long before the end.
    let result = try CLI.run(
      [], shell: "\"$TCPSTATE\" list --info --timers | head -1; echo \"status=${PIPESTATUS:-$?}\"")
    XCTAssertTrue(result.stdout.hasPrefix("State"))
    XCTAssertEqual(result.stderr, "", "nothing on stderr when the reader goes away")
  }

  func testColourOnlyWhenAsked() throws {
    let forced = try CLI.run(["list", "--port", "\(port)", "--color", "always"])
    XCTAssertTrue(forced.stdout.contains("\u{1B}["))
    let never = try CLI.run(["list", "--port", "\(port)", "--color", "never"], environment: ["NO_COLOR": "1"])
    XCTAssertFalse(never.stdout.contains("\u{1B}["))
  }
}
