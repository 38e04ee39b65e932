#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Text forms of addresses: RFC 5952 for IPv6 (longest zero run compressed,
/// lower-case hex), dotted quad for IPv4. Written straight into byte buffers
/// because formatting dominates a listing of 100k sockets.
extension IPAddress: CustomStringConvertible {
  public var description: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(40)
    appendText(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  public func appendText(to out: inout [UInt8]) {
    if family == .inet {
      // Dotted quad built on the stack, then one append (twice per socket in a listing).
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { text in
        var length = 0
        for i in 0..<4 {
          if i > 0 {
            text[length] = UInt8(ascii: ".")
            length &+= 1
          }
          let octet = byte(i)
          if octet >= 100 {
            text[length] = UInt8(ascii: "0") &+ octet / 100
            length &+= 1
          }
          if octet >= 10 {
            text[length] = UInt8(ascii: "0") &+ (octet / 10) % 10
            length &+= 1
          }
          text[length] = UInt8(ascii: "0") &+ octet % 10
          length &+= 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<length]))
      }
      return
    }
    // glibc's inet_ntop follows RFC 5952 and prints v4-mapped addresses as ::ffff:a.b.c.d.
    var raw = in6_addr()
    withUnsafeMutableBytes(of: &raw) { for i in 0..<16 { $0[i] = byte(i) } }
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    guard inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil else { return }
    for c in text {
      if c == 0 { break }
      out.append(UInt8(bitPattern: c))
    }
  }

  /// Parses dotted-quad IPv4 or IPv6 text (inet_pton's grammar, so `::`
  /// and an embedded IPv4 tail work). Returns nil for anything else.
  public init?(_ text: some StringProtocol) {
    let string = String(text)
    if string.contains(":") {
      var raw = in6_addr()
      guard inet_pton(AF_INET6, string, &raw) == 1 else { return nil }
      self.init(family: .inet6, bytes: withUnsafeBytes(of: raw) { Array($0) })
    } else {
      var raw = in_addr()
      guard inet_pton(AF_INET, string, &raw) == 1 else { return nil }
      self.init(family: .inet, bytes: withUnsafeBytes(of: raw) { Array($0) })
    }
  }
}

/// Appends the decimal digits of `value` in place (no temporary String).
@inline(__always) public func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
  if value < 10 {
    out.append(UInt8(ascii: "0") &+ UInt8(value))
    return
  }
  // Digits into a stack buffer, last first, then one append: at 100k
  // sockets a table row holds a dozen numbers, an --info line thirty.
  withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
    var index = 20
    var rest = value
    repeat {
      index &-= 1
      digits[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    } while rest > 0
    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index...]))
  }
}
