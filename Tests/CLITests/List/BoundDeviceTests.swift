import Foundation
import Glibc
import TestSupport
import XCTest

/// A socket bound to a device (SO_BINDTODEVICE) shows it in the table as ss
/// does, `127.0.0.1%lo:PORT`; JSON has it as `interface` (the index).
final class BoundDeviceTests: XCTestCase {
  func testBoundDeviceIsShownAfterTheLocalAddress() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    let device = Array("lo".utf8CString)
    let bound = device.withUnsafeBytes {
      setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0.baseAddress, socklen_t($0.count))
    }
    guard bound == 0 else { throw XCTSkip("SO_BINDTODEVICE refused: \(String(cString: strerror(errno)))") }
    var address = LoopbackTCP.loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let listening = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    XCTAssertTrue(listening)
    let port = UInt16(bigEndian: address.sin_port)
    let result = try CLI.run(["list", "-l", "--sport", "\(port)", "--color", "never"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("127.0.0.1%lo:\(port) "), result.stdout)
    let json = try CLI.run(["list", "-l", "--sport", "\(port)", "--json"])
    XCTAssertTrue(json.stdout.contains("\"interface\":\(if_nametoindex("lo"))"), json.stdout)
    // An unbound listener has no suffix.
    let plain = LoopbackTCP.listener(backlog: 4)
    defer { close(plain.fd) }
    let other = try CLI.run(["list", "-l", "--sport", "\(plain.port)", "--color", "never"])
    XCTAssertTrue(other.stdout.contains("127.0.0.1:\(plain.port) "), other.stdout)
  }
}
