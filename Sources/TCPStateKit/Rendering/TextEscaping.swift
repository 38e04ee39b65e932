/// Makes untrusted text (a process name, a tunable's value, a line of a
/// counter file, a path) safe for a terminal: every text renderer passes such
/// text through `escape` before laying it out, so a comm of "a b\nc\e[31mX"
/// cannot split a row or recolour the screen. JSON has its own escaping.
///
/// Escaped: C0 controls and DEL (`\n`, `\t`, `\r`, `\a`, `\b`, `\f`, `\v`,
/// `\e`-like `\x1b`, other `\xHH`), C1 controls and the invisible Unicode
/// controls that reorder or hide text (bidi overrides and isolates, zero-width
/// marks, line and paragraph separators) as `\u{XXXX}`, and the backslash
/// itself (`\\`), so the escaped text reads back unambiguously.
public enum TextEscaping {
  public static func escape(_ text: String) -> String {
    // Fast path: plain printable ASCII without a backslash, the common case
    // for every process name and value (list renders 100k rows).
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != 0x5c }) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if let escaped = escaped(scalar) { out += escaped } else { out.unicodeScalars.append(scalar) }
    }
    return out
  }

  /// Whether `escape` would change `text`.
  public static func needsEscaping(_ text: String) -> Bool {
    text.unicodeScalars.contains { escaped($0) != nil }
  }

  static func escaped(_ scalar: Unicode.Scalar) -> String? {
    switch scalar.value {
    case 0x5c: return "\\\\"
    case 0x07: return "\\a"
    case 0x08: return "\\b"
    case 0x09: return "\\t"
    case 0x0a: return "\\n"
    case 0x0b: return "\\v"
    case 0x0c: return "\\f"
    case 0x0d: return "\\r"
    case 0x00..<0x20, 0x7f: return "\\x" + hex(scalar.value, digits: 2)
    case 0x80..<0xa0, 0x200b...0x200f, 0x2028...0x202e, 0x2060...0x2069, 0xfeff:
      return "\\u{" + hex(scalar.value, digits: 4) + "}"
    default: return nil
    }
  }

  static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(digits - text.count, 0)) + text
  }

  /// At most `limit` characters of `text`, cut with an ellipsis: a huge value
  /// (a 1,000,000-byte tunable) shows its start and does not widen a column.
  public static func truncate(_ text: String, to limit: Int) -> String {
    guard limit > 0 else { return "" }
    // Counting characters of a megabyte is itself slow: look at a prefix only.
    var count = 0
    var index = text.startIndex
    while index < text.endIndex {
      count += 1
      if count > limit {
        return String(text[..<text.index(before: index)]) + "…"
      }
      index = text.index(after: index)
    }
    return text
  }
}

extension TextEscaping {
  /// How many characters of a tunable's value a table or the live section
  /// shows: every real value fits (tcp_rmem is 19), a huge one is cut.
  public static let valueLimit = 40

  /// Untrusted text as a cell shows it: cut to `limit` characters, then escaped.
  public static func display(_ text: String, limit: Int) -> String {
    escape(truncate(text, to: limit))
  }
}
