import Foundation
import TCPStateKit
import XCTest

/// The byte-level writer behind every `--json`: numbers at every digit
/// count, escaping shared with `JSONValue`, commas, growth past the first buffer.
final class JSONWriterTests: XCTestCase {
  func text(_ json: JSONWriter) -> String { String(decoding: json.out, as: UTF8.self) }

  func testNumbersAtEveryLength() throws {
    var values: [UInt64] = [0, 9, 10, 99, 100, 101, 999, 1000, UInt64.max, UInt64.max - 1, 10_000_000_000_000_000_000]
    var power: UInt64 = 1
    for _ in 0..<19 {
      power *= 10
      values += [power - 1, power, power + 1]
    }
    var json = JSONWriter(reservingCapacity: 0)
    json.beginArray()
    for value in values { json.number(value) }
    json.number(Int64.min)
    json.number(Int64(-7))
    json.endArray()
    let expected = "[" + (values.map { String($0) } + [String(Int64.min), "-7"]).joined(separator: ",") + "]"
    XCTAssertEqual(text(json), expected)
  }

  func testEscapingMatchesJSONValueAndParses() throws {
    let nasty = "a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}ü€😀 end"
    var json = JSONWriter()
    json.beginObject()
    json.key(nasty)
    json.string(nasty)
    json.key("plain")
    json.string("ESTABLISHED")
    json.endObject()
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out)) as? [String: String])
    XCTAssertEqual(object[nasty], nasty)
    XCTAssertEqual(object["plain"], "ESTABLISHED")
    XCTAssertTrue(text(json).contains(#"\u0001\u001f"#), text(json))
    var alone = JSONWriter()
    alone.beginObject()
    alone.key(nasty)
    alone.string(nasty)
    alone.endObject()
    XCTAssertEqual(JSONValue.object([(nasty, .string(nasty))]).serialized(indent: nil), text(alone), "one escaper")
  }

  func testOptionalFieldsAreLeftOutAndCommasStayRight() {
    var json = JSONWriter()
    json.beginObject()
    json.field("a", UInt32?.none)
    json.field("b", UInt32?(3))
    json.field("c", UInt8?.none)
    json.key("d")
    json.beginArray()
    json.endArray()
    json.key("e")
    json.bool(false)
    json.endObject()
    XCTAssertEqual(text(json), #"{"b":3,"d":[],"e":false}"#)
  }

  func testGrowsAndMovesOneObjectAtATime() throws {
    var json = JSONWriter(reservingCapacity: 8)
    var out: [UInt8] = []
    for index in 0..<3 {
      json.beginObject()
      json.field("index", UInt64(index))
      json.key("long")
      json.string(String(repeating: "x", count: 5000))
      json.endObject()
      json.move(to: &out)
      out.append(10)
    }
    let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
    XCTAssertEqual(lines.count, 3)
    XCTAssertTrue(lines[2].hasPrefix(#"{"index":2,"long":"xxx"#), "no comma carried over between objects")
  }

  /// JSONValue's documents, pretty-printed by the same writer.
  func testPrettyPrinting() {
    let value = JSONValue.object([
      ("a", .array([.int(1), .object([]), .string("x")])), ("b", .array([])), ("c", .object([("d", .null)])),
      ("e", .double(2.5)),
    ])
    XCTAssertEqual(
      value.serialized(),
      "{\n  \"a\": [\n    1,\n    {},\n    \"x\"\n  ],\n  \"b\": [],\n  \"c\": {\n    \"d\": null\n  },\n  \"e\": 2.5\n}"
    )
    XCTAssertEqual(value.serialized(indent: nil), #"{"a":[1,{},"x"],"b":[],"c":{"d":null},"e":2.5}"#)
  }
}
