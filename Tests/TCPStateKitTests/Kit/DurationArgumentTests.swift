import XCTest

@testable import TCPStateKit

final class DurationArgumentTests: XCTestCase {
  func testUnitsAndBareSeconds() {
    XCTAssertEqual(DurationArgument.seconds("100ms"), 0.1)
    XCTAssertEqual(DurationArgument.seconds("2s"), 2)
    XCTAssertEqual(DurationArgument.seconds("1.5m"), 90)
    XCTAssertEqual(DurationArgument.seconds("1h"), 3600)
    XCTAssertEqual(DurationArgument.seconds("500us"), 0.0005)
    XCTAssertEqual(DurationArgument.seconds("3"), 3, "a bare number is seconds, in every option")
    XCTAssertEqual(DurationArgument.seconds(" 0 "), 0)
    XCTAssertEqual(DurationArgument.seconds("-1"), -1, "ranges are the option's to check")
    for garbage in ["", "ms", "s", "1 sec", "1x", "1msm", "--1"] {
      XCTAssertNil(DurationArgument.seconds(garbage), garbage)
    }
  }
}
