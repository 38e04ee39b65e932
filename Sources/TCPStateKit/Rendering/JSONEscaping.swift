/// RFC 8259 string escaping for `JSONWriter` (which also writes every
/// `JSONValue` document): one definition of what a JSON string looks like on the wire.
public enum JSONEscaping {
  /// The quoted, escaped form of `utf8`, handed over in chunks: the opening
  /// quote, runs of bytes that need no escaping (most strings are one run),
  /// escape sequences, the closing quote.
  @inline(__always)
  public static func forEachChunk(of utf8: UnsafeBufferPointer<UInt8>, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
    emit(quote)
    var runStart = 0
    for index in 0..<utf8.count {
      let byte = utf8[index]
      guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
      if index > runStart { emit(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
      runStart = index + 1
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { sequence in
        let length = escape(byte, into: sequence)
        emit(UnsafeBufferPointer(rebasing: sequence[..<length]))
      }
    }
    if utf8.count > runStart { emit(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    emit(quote)
  }

  /// Whether any byte needs an escape sequence.
  @inline(__always)
  public static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
    return false
  }

  /// The escape sequence for a quote, backslash or control byte; returns its length.
  static func escape(_ byte: UInt8, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
    out[0] = UInt8(ascii: "\\")
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"):
      out[1] = byte
    case 0x08: out[1] = UInt8(ascii: "b")
    case 0x0C: out[1] = UInt8(ascii: "f")
    case 0x0A: out[1] = UInt8(ascii: "n")
    case 0x0D: out[1] = UInt8(ascii: "r")
    case 0x09: out[1] = UInt8(ascii: "t")
    default:
      let hex: StaticString = "0123456789abcdef"
      out[1] = UInt8(ascii: "u")
      out[2] = UInt8(ascii: "0")
      out[3] = UInt8(ascii: "0")
      out[4] = hex.utf8Start[Int(byte >> 4)]
      out[5] = hex.utf8Start[Int(byte & 0xf)]
      return 6
    }
    return 2
  }

  private static let quoteByte: StaticString = "\""
  static var quote: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: quoteByte.utf8Start, count: 1) }
}
