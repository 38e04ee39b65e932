/// The layout of a tracepoint's records, parsed from its tracefs `format`
/// file (`field:TYPE NAME; offset:N; size:N; signed:N;` lines). Offsets are
/// read, not assumed, so a kernel that reorders or grows the record still
/// decodes — and one that lacks a field is refused with its name.
public struct TracepointFormat: Equatable, Sendable {
  public struct Field: Equatable, Sendable {
    public var name: String
    public var offset: Int
    public var size: Int
    public var signed: Bool
  }

  public var name: String
  public var id: UInt64?
  public var fields: [String: Field]
  /// The `print fmt:` line as the kernel wrote it (its `__print_symbolic`
  /// tables name enum values such as drop and reset reasons).
  public var printFormat: String

  public init(name: String, id: UInt64?, fields: [String: Field], printFormat: String = "") {
    self.name = name
    self.id = id
    self.fields = fields
    self.printFormat = printFormat
  }

  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "tracepoint format, line \(line): \(reason)" }
  }

  public static func parse(_ text: String) throws(ParseError) -> TracepointFormat {
    var format = TracepointFormat(name: "", id: nil, fields: [:])
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.drop { $0 == " " || $0 == "\t" }
      if line.hasPrefix("name:") {
        format.name = String(line.dropFirst(5).drop { $0 == " " })
      } else if line.hasPrefix("print fmt:") {
        format.printFormat = String(line.dropFirst(10).drop { $0 == " " })
      } else if line.hasPrefix("ID:") {
        format.id = UInt64(line.dropFirst(3).drop { $0 == " " })
      } else if line.hasPrefix("field:") {
        var name: String?
        var offset: Int?
        var size: Int?
        var signed = false
        for part in line.split(separator: ";") {
          let item = part.drop { $0 == " " || $0 == "\t" }
          if item.hasPrefix("field:") {
            // "field:__u8 saddr[4]": the name is the last word, without the array suffix.
            let declaration = item.dropFirst(6)
            let last = declaration.split(separator: " ").last.map(String.init) ?? ""
            name = String(last.prefix { $0 != "[" })
          } else if item.hasPrefix("offset:") {
            offset = Int(item.dropFirst(7))
          } else if item.hasPrefix("size:") {
            size = Int(item.dropFirst(5))
          } else if item.hasPrefix("signed:") {
            signed = item.dropFirst(7) == "1"
          }
        }
        guard let name, !name.isEmpty, let offset, let size, offset >= 0, size > 0 else {
          throw ParseError(line: index + 1, reason: "cannot read field declaration '\(line)'")
        }
        format.fields[name] = Field(name: name, offset: offset, size: size, signed: signed)
      }
    }
    guard !format.fields.isEmpty else { throw ParseError(line: 0, reason: "no fields") }
    return format
  }
}
