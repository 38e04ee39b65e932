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

  /// Compact when `indent` is nil, otherwise pretty-printed with that many spaces.
  public func serialized(indent: Int? = 2) -> String {
    var out = ""
    write(into: &out, indent: indent, level: 0)
    return out
  }

  private func write(into out: inout String, indent: Int?, level: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .double(let value):
      out +=
        value.isFinite
        ? (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
        : "null"
    case .string(let value): JSONValue.escape(value, into: &out)
    case .array(let values):
      if values.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, value) in values.enumerated() {
        if index > 0 { out += "," }
        newline(&out, indent, level + 1)
        value.write(into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out += "]"
    case .object(let pairs):
      if pairs.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (index, (key, value)) in pairs.enumerated() {
        if index > 0 { out += "," }
        newline(&out, indent, level + 1)
        JSONValue.escape(key, into: &out)
        out += indent == nil ? ":" : ": "
        value.write(into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out += "}"
    }
  }

  private func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out += "\n" + String(repeating: " ", count: indent * level)
  }

  /// RFC 8259 string escaping, the same as `JSONWriter`'s.
  static func escape(_ string: String, into out: inout String) { JSONEscaping.append(string, to: &out) }
}

extension JSONValue {
  static func text(_ value: Localized, _ language: Language) -> JSONValue {
    .string(value.text(language))
  }
  static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
  static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}
