import Glibc
import TCPStateModel
import TestSupport
import XCTest

@testable import TCPStateKernel

final class ProcessMapTests: XCTestCase {
  func testFindsThisProcessAsOwnerOfItsListener() throws {
    let sockets = LoopbackSockets()
    defer { sockets.closeAll() }
    let (fd, port) = try sockets.listener()
    let listener = try XCTUnwrap(try dumpSockets(ports: [port]).first)
    let map = ProcessMap.scan()
    let owners = map.processes(for: listener.inode)
    XCTAssertEqual(owners.map(\.pid), [getpid()])
    XCTAssertEqual(owners.first?.fd, fd)
    XCTAssertFalse(owners.first?.command.isEmpty ?? true)
    XCTAssertEqual(map.processes(for: 0), [], "inode 0 (time-wait, request sockets) has no owner")
  }

  func testSocketLinkParsing() {
    func parse(_ text: String) -> UInt32? {
      let bytes = text.utf8.map { CChar(bitPattern: $0) } + [CChar](repeating: 0, count: 64)
      return ProcessMap.socketInode(bytes, text.utf8.count)
    }
    XCTAssertEqual(parse("socket:[12345]"), 12345)
    XCTAssertNil(parse("pipe:[12345]"))
    XCTAssertNil(parse("socket:[12"))
    XCTAssertNil(parse("/dev/null"))
  }
}
