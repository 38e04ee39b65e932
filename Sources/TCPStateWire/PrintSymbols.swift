/// The value names of a `__print_symbolic(REC->FIELD, { N, "NAME" }, ...)`
/// table in a tracepoint's print format: how the running kernel names the
/// values of an enum such as `skb_drop_reason` or `sk_rst_reason`. Reading
/// them from the format file, instead of copying the kernel's enum, means a
/// newer kernel's reasons are named correctly, and a renumbered enum too.
public struct PrintSymbols: Equatable, Sendable {
  public var names: [UInt64: String]

  public init(names: [UInt64: String] = [:]) { self.names = names }

  /// `NAME`, or `UNKNOWN(N)` for a value the table does not list.
  public func name(of value: UInt64) -> String { names[value] ?? "UNKNOWN(\(value))" }

  /// The first table for `field` in `printFormat`. Entries whose key is not
  /// a number (the state table's `TCP_ESTABLISHED` macros) are skipped; an
  /// absent or cut-short table gives what could be read, possibly nothing.
  public static func parse(_ printFormat: String, field: String) -> PrintSymbols {
    let marker = Array("__print_symbolic(REC->\(field),".utf8)
    let text = Array(printFormat.utf8)
    guard let start = firstIndex(of: marker, in: text) else { return PrintSymbols() }
    var names: [UInt64: String] = [:]
    var index = start + marker.count
    while index < text.count {
      // Between entries: spaces and commas; a ')' closes the table.
      let byte = text[index]
      if byte == UInt8(ascii: ")") { break }
      guard byte == UInt8(ascii: "{") else {
        index += 1
        continue
      }
      guard let close = text[index...].firstIndex(of: UInt8(ascii: "}")) else { break }
      if let (key, name) = entry(text[(index + 1)..<close]) { names[key] = name }
      index = close + 1
    }
    return PrintSymbols(names: names)
  }

  /// `2, "NOT_SPECIFIED"` → (2, NOT_SPECIFIED); decimal or 0x-hex keys.
  static func entry(_ bytes: ArraySlice<UInt8>) -> (UInt64, String)? {
    guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")) else { return nil }
    let keyText = String(decoding: bytes[..<comma], as: UTF8.self).filter { $0 != " " && $0 != "\t" }
    let key = keyText.hasPrefix("0x") ? UInt64(keyText.dropFirst(2), radix: 16) : UInt64(keyText)
    let rest = bytes[(comma + 1)...]
    guard let key, let open = rest.firstIndex(of: UInt8(ascii: "\"")),
      let end = rest[(open + 1)...].firstIndex(of: UInt8(ascii: "\""))
    else { return nil }
    let name = String(decoding: rest[(open + 1)..<end], as: UTF8.self)
    return name.isEmpty ? nil : (key, name)
  }

  static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
    }
    return nil
  }
}
