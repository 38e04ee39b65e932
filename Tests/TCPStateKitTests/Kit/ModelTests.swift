import TCPStateKit
import TCPStateModel
import XCTest

final class ModelTests: XCTestCase {
  func testStateNamesInEverySpelling() {
    let spellings: [String: TCPState] = [
      "TIME_WAIT": .timeWait, "TIME-WAIT": .timeWait, "time_wait": .timeWait, "timewait": .timeWait,
      "TIMED_WAIT": .timeWait, "SYN_RCVD": .synRecv, "SYN-RECEIVED": .synRecv, "SYN_RECV": .synRecv,
      "SYN_SEND": .synSent, "FIN_WAIT_1": .finWait1, "FIN-WAIT-1": .finWait1, "ESTAB": .established,
      "LAST-ACK": .lastAck, "closed": .close, "UNCONN": .close, "Listen": .listen, "close-wait": .closeWait,
      "FIN_WAIT2": .finWait2, "closing": .closing, "new_syn_recv": .newSynRecv, "bound-inactive": .boundInactive,
    ]
    for (word, state) in spellings {
      XCTAssertEqual(StateNames.state(named: word), state, word)
    }
    XCTAssertNil(StateNames.state(named: "WAIT"))
  }

  func testUnknownStateNumberPrints() {
    XCTAssertEqual(TCPState(rawValue: 14).name, "UNKNOWN(14)")
    XCTAssertEqual(TCPState(rawValue: 0).ssName, "UNKNOWN(0)")
    XCTAssertEqual(TCPState.synRecv.rfcName, "SYN-RECEIVED")
    XCTAssertNil(TCPState.newSynRecv.rfcName)
  }

  func testAddressText() {
    let cases = [
      "127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1", "fe80::1:2:3:4", "::ffff:10.0.0.1",
      "2001:db8:0:1:1:1:1:1", "1::",
    ]
    for text in cases {
      XCTAssertEqual(IPAddress(text)?.description, text)
    }
    XCTAssertEqual(IPAddress("2001:DB8:0:0:0:0:0:1")?.description, "2001:db8::1", "RFC 5952: lower case, :: for zeros")
    XCTAssertNil(IPAddress("1.2.3"))
    XCTAssertNil(IPAddress("1.2.3.4.5"))
    XCTAssertNil(IPAddress("::g"))
  }

  func testEndpointText() {
    XCTAssertEqual(Endpoint(address: IPAddress("::1")!, port: 80).description, "[::1]:80")
    XCTAssertEqual(Endpoint(address: .anyV4, port: 22).description, "0.0.0.0:22", "the family shows, as in ss")
    XCTAssertEqual(Endpoint(address: .anyV6, port: 22).description, "[::]:22")
    XCTAssertEqual(Endpoint(address: .anyV6, port: 0).description, "[::]:*")
  }

  func testCIDRMatchingAtEdges() {
    let address = IPAddress("10.255.0.1")!
    XCTAssertTrue(address.matches(network: IPAddress("10.0.0.0")!, prefix: 8))
    XCTAssertFalse(address.matches(network: IPAddress("10.0.0.0")!, prefix: 9))
    XCTAssertTrue(address.matches(network: IPAddress("0.0.0.0")!, prefix: 0))
    XCTAssertTrue(address.matches(network: address, prefix: 32))
    let v6 = IPAddress("2001:db8:ffff::1")!
    XCTAssertTrue(v6.matches(network: IPAddress("2001:db8::")!, prefix: 32))
    XCTAssertFalse(v6.matches(network: IPAddress("2001:db8::")!, prefix: 33))
    XCTAssertTrue(v6.matches(network: v6, prefix: 128))
    XCTAssertFalse(v6.matches(network: IPAddress("2001:db8:ffff::2")!, prefix: 128))
    XCTAssertTrue(v6.matches(network: IPAddress("2001:db8:ffff::")!, prefix: 120))
    XCTAssertFalse(address.matches(network: v6, prefix: 0), "families differ")
  }

  func testDecimalFormatting() {
    for value: UInt64 in [0, 9, 10, 99, 12345, UInt64.max] {
      var out: [UInt8] = []
      appendDecimal(value, to: &out)
      XCTAssertEqual(String(decoding: out, as: UTF8.self), String(value))
    }
  }
}
