import TCPStateModel

/// Appends JSON to a byte buffer without building intermediate values, so a
/// listing of 100k sockets streams at the speed of memcpy. Keys are written
/// by the caller in a fixed order, which keeps output stable for diffs.
public struct JSONWriter {
  public var out: [UInt8]
  /// Per open container: whether it already holds an item (so the next needs a comma).
  private var hasItems: [Bool] = []
  /// A key was just written: the next value belongs to it and takes no comma.
  private var afterKey = false

  public init(reservingCapacity capacity: Int = 1024) {
    out = []
    out.reserveCapacity(capacity)
  }

  public mutating func beginObject() {
    separator()
    out.append(UInt8(ascii: "{"))
    hasItems.append(false)
  }

  public mutating func endObject() {
    out.append(UInt8(ascii: "}"))
    hasItems.removeLast()
  }

  public mutating func beginArray() {
    separator()
    out.append(UInt8(ascii: "["))
    hasItems.append(false)
  }

  public mutating func endArray() {
    out.append(UInt8(ascii: "]"))
    hasItems.removeLast()
  }

  /// Writes `"key":`; the value call that follows supplies no comma of its own.
  public mutating func key(_ name: StaticString) {
    separator()
    out.append(UInt8(ascii: "\""))
    out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    afterKey = true
  }

  public mutating func key(_ name: String) {
    separator()
    string(name, asKey: true)
    out.append(UInt8(ascii: ":"))
    afterKey = true
  }

  private mutating func separator() {
    if afterKey {
      afterKey = false
      return
    }
    if let last = hasItems.last {
      if last { out.append(UInt8(ascii: ",")) }
      hasItems[hasItems.count - 1] = true
    }
  }

  /// `"key":value`, the common case of a key followed by a number.
  public mutating func field(_ name: StaticString, _ value: UInt64) {
    key(name)
    number(value)
  }

  public mutating func field(_ name: StaticString, _ value: Int64) {
    key(name)
    number(value)
  }

  public mutating func number(_ value: UInt64) {
    separator()
    appendDecimal(value, to: &out)
  }

  public mutating func number(_ value: Int64) {
    separator()
    if value < 0 { out.append(UInt8(ascii: "-")) }
    appendDecimal(value.magnitude, to: &out)
  }

  /// A number already formatted as JSON (e.g. a decimal fraction).
  public mutating func rawNumber(_ text: String) {
    separator()
    out.append(contentsOf: text.utf8)
  }

  public mutating func bool(_ value: Bool) {
    separator()
    out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
  }

  public mutating func null() {
    separator()
    out.append(contentsOf: Array("null".utf8))
  }

  public mutating func string(_ value: String) { string(value, asKey: false) }

  /// Raw bytes that are already valid JSON string content (no escaping needed).
  public mutating func rawString(_ write: (inout [UInt8]) -> Void) {
    separator()
    out.append(UInt8(ascii: "\""))
    write(&out)
    out.append(UInt8(ascii: "\""))
  }

  private mutating func string(_ value: String, asKey: Bool) {
    if !asKey { separator() }
    out.append(UInt8(ascii: "\""))
    // Most strings (state names, addresses, algorithm names) need no escaping: copy them whole.
    var text = value
    let copied = text.withUTF8 { bytes -> Bool in
      for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        return false
      }
      out.append(contentsOf: bytes)
      return true
    }
    if copied {
      out.append(UInt8(ascii: "\""))
      return
    }
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
      case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
      case 0x0A: out.append(contentsOf: [92, 110])
      case 0x0D: out.append(contentsOf: [92, 114])
      case 0x09: out.append(contentsOf: [92, 116])
      case 0..<0x20:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xf)]])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// Clears the buffer but keeps nesting state (for streaming arrays).
  public mutating func drain() -> [UInt8] {
    defer { out.removeAll(keepingCapacity: true) }
    return out
  }
}
