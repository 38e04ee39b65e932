import TCPStateModel
import XCTest

/// Addresses and numbers as the table and JSON write them, byte by byte.
final class AddressTextTests: XCTestCase {
  func text(_ address: String) -> String {
    var out: [UInt8] = Array("x".utf8)
    IPAddress(address)!.appendText(to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  func testDottedQuadsAtEveryOctetWidth() {
    for address in ["0.0.0.0", "255.255.255.255", "10.0.100.9", "127.0.0.1", "1.22.133.4", "100.99.10.200"] {
      XCTAssertEqual(text(address), "x" + address)
    }
    XCTAssertEqual(text("::ffff:10.1.2.3"), "x::ffff:10.1.2.3")
    XCTAssertEqual(text("::1"), "x::1")
  }

  func testDecimals() {
    for value: UInt64 in [0, 7, 10, 99, 100, 65535, 4_294_967_295, UInt64.max] {
      var out: [UInt8] = []
      appendDecimal(value, to: &out)
      XCTAssertEqual(String(decoding: out, as: UTF8.self), String(value))
    }
  }
}
