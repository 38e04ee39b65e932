/// A JSON value with ordered object keys, so output is stable byte for byte.
/// Hand-written serialisation; no Foundation.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

  /// Compact when `indent` is nil, otherwise pretty-printed with that many
  /// spaces; written by `JSONWriter`, the one JSON writer.
  public func serialized(indent: Int? = 2) -> String {
    var json = JSONWriter(reservingCapacity: 4096, indent: indent)
    write(to: &json)
    return String(decoding: json.bytes, as: UTF8.self)
  }

  public func write(to json: inout JSONWriter) {
    switch self {
    case .null: json.null()
    case .bool(let value): json.bool(value)
    case .int(let value): json.number(Int64(value))
    case .double(let value):
      if !value.isFinite {
        json.null()
      } else {
        json.rawNumber(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
      }
    case .string(let value): json.string(value)
    case .array(let values):
      json.beginArray()
      for value in values { value.write(to: &json) }
      json.endArray()
    case .object(let pairs):
      json.beginObject()
      for (key, value) in pairs {
        json.key(key)
        value.write(to: &json)
      }
      json.endObject()
    }
  }

}

extension JSONValue {
  public static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
  public static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}
