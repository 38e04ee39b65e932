import Foundation
import TCPStateFilter
import TCPStateKit
import XCTest

/// services(5) parsing on a fixture (an excerpt of Debian's /etc/services)
/// and the port words built from it.
final class ServiceNamesTests: XCTestCase {
  static let names: ServiceNames = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/services")
      .standardized
    return ServiceNames(parsing: (try? String(contentsOf: url, encoding: .utf8)) ?? "")
  }()

  func testParsesTCPNamesAndAliases() {
    let names = Self.names
    XCTAssertEqual(names.port(named: "http"), 80)
    XCTAssertEqual(names.port(named: "www"), 80, "aliases count")
    XCTAssertEqual(names.port(named: "HTTPS"), 443, "case does not matter")
    XCTAssertEqual(names.port(named: "iso-tsap"), 102)
    XCTAssertNil(names.port(named: "tftp"), "UDP only")
    XCTAssertNil(names.port(named: "ntp"), "UDP only")
    XCTAssertNil(names.port(named: "broken"), "a malformed port is skipped")
    XCTAssertNil(names.port(named: "WorldWideWeb"), "comments are not aliases")
  }

  func testResolvesPortWords() throws {
    let names = Self.names
    XCTAssertEqual(try names.resolve("http", option: "--sport"), "80")
    XCTAssertEqual(try names.resolve(":ssh", option: "--port"), "22")
    XCTAssertEqual(try names.resolve("8000", option: "--port"), "8000", "numbers pass through")
    XCTAssertEqual(try names.resolve("http-8080", option: "--port"), "80-8080")
    XCTAssertEqual(try names.resolve("http-http-alt", option: "--port"), "80-8080", "names with dashes in ranges")
    XCTAssertEqual(try names.resolve("iso-tsap", option: "--port"), "102", "the whole word is a name first")
  }

  func testUnknownNamesAreClearErrors() {
    XCTAssertThrowsError(try Self.names.resolve("htpp", option: "--sport")) { error in
      let error = error as! TCPStateError
      XCTAssertEqual(error.exitCode, 64)
      XCTAssertEqual(
        error.message, "--sport 'htpp': unknown service name 'htpp' (not a TCP service in /etc/services)")
      XCTAssertEqual(error.hints, ["did you mean http?"])
    }
    XCTAssertThrowsError(try Self.names.resolve("8000-nosuchservice", option: "--port")) { error in
      XCTAssertTrue((error as! TCPStateError).message.contains("unknown service name 'nosuchservice'"))
    }
    XCTAssertThrowsError(try ServiceNames().resolve("http", option: "--port"), "no services file: no names")
  }
}
