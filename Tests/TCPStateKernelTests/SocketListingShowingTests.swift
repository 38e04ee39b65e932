import Foundation
import TCPStateKernel
import TCPStateKit
import TCPStateModel
import XCTest

/// `kill --dry-run` shows its targets through list's own rendering: sockets
/// in hand, no dump, every one of them fitted (not only list's first batch).
final class SocketListingShowingTests: XCTestCase {
  func sockets(_ count: Int) -> [Socket] {
    (0..<count).map { index in
      // The last local address is wider than the rest: the peers must still line up.
      let wide = index == count - 1
      return Socket(
        family: wide ? .inet6 : .inet, state: .established,
        local: Endpoint(address: IPAddress(wide ? "2001:db8:ffff:ffff:ffff:ffff:ffff:1" : "127.0.0.1")!, port: 8080),
        peer: Endpoint(address: IPAddress(wide ? "2001:db8::2" : "10.0.0.1")!, port: UInt16(20000 + index)),
        cookie: UInt64(index + 1))
    }
  }

  func render(_ sockets: [Socket], format: SocketListing.Format) throws -> String {
    var ends: [Int32] = [0, 0]
    XCTAssertEqual(pipe(&ends), 0)
    let sink = OutputSink(fd: ends[1])
    let output = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
    var options = ListOptions()
    options.header = true
    try SocketListing(showing: sockets, options: options, format: format).run(into: sink)
    close(ends[1])
    return String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
  }

  func testTheTableFitsEverySocketShown() throws {
    let text = try render(sockets(300), format: .table)
    let lines = text.split(separator: "\n")
    XCTAssertEqual(lines.count, 301, "a header and every socket")
    let first = String(lines[1])
    let last = String(try XCTUnwrap(lines.last))
    let peerColumn = try XCTUnwrap(first.range(of: "10.0.0.1")).lowerBound.utf16Offset(in: first)
    XCTAssertEqual(
      try XCTUnwrap(last.range(of: "[2001:db8::2]")).lowerBound.utf16Offset(in: last), peerColumn,
      "the widest socket, shown last, is fitted too:\n\(first)\n\(last)")
  }

  func testJSONIsOneArrayOfEverySocket() throws {
    let text = try render(sockets(3), format: .json)
    let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
    XCTAssertEqual(array?.count, 3)
    XCTAssertEqual(try render([], format: .json), "[]\n")
  }
}
